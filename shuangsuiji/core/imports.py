"""The import engine shared by the 名录库 imports: read, validate every row, write atomically.

By default a file with any bad row writes nothing; with `skip_invalid` the good rows are written and the bad
ones go to a rejected-rows file (the original columns plus 错误原因). Writing happens inside one transaction,
chunk by chunk, so a million rows never sit in memory; when a bad row appears the transaction is rolled back at
the end and validation goes on, so every error is reported.
"""

from __future__ import annotations

import csv
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.core.jobs import Progress
from shuangsuiji.core.models import ImportBatch
from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError, all_headers, map_headers
from shuangsuiji.domain.tabular import Table, TableError, iter_chunks, open_table

CHUNK_ROWS = 5_000
# Validators with `validate_chunk` get this many rows at a time, as columns (domain.tabular.iter_chunks).
COLUMN_CHUNK_ROWS = 50_000
REPORT_ERRORS = 1_000
PREVIEW_ROWS = 200


class RowValidator(Protocol):
    def validate(self, number: int, cells: list[str]) -> Any: ...


@dataclass
class ChunkOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportOptions:
    dry_run: bool = False
    skip_invalid: bool = False
    rejected_path: Path | None = None


@dataclass
class ImportReport:
    """What an import did or would do; `written` says whether anything reached the database."""

    kind: str
    file_name: str
    dry_run: bool
    rows_total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False
    rejected_file: str = ""
    batch_id: int | None = None
    fatal: str = ""

    @property
    def rejected(self) -> bool:
        """Input was rejected: nothing could be written because of bad rows or an unreadable file."""
        return bool(self.fatal) or (self.error_count > 0 and not self.written and not self.dry_run)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "rows_total": self.rows_total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "unknown_columns": self.unknown_columns,
            "notes": self.notes,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "preview": self.preview,
            "written": self.written,
            "rejected_file": self.rejected_file,
            "batch_id": self.batch_id,
            "fatal": self.fatal,
        }


class Importer(ABC):
    """One kind of import: its columns, how to validate a row, and how to classify and write a chunk."""

    kind: str
    label: str
    columns: Sequence[Column]

    def __init__(self, *, bureau: Any, actor: Any) -> None:
        self.bureau = bureau
        self.actor = actor

    @abstractmethod
    def validator(self, header: HeaderMap) -> RowValidator: ...

    @abstractmethod
    def apply(self, rows: Any, *, batch: ImportBatch | None, write: bool) -> ChunkOutcome:
        """Classify the rows (new / changed / unchanged) and, when `write`, store them. `rows` is a list of the
        validator's rows, or what its `validate_chunk` calls valid."""

    def start(self, *, expected_rows: int, write: bool) -> None:  # noqa: B027 - optional hook
        """Called once before the first chunk, with the table's estimated number of data rows."""

    def take_pending(self) -> Any:
        """Valid rows `apply` kept back for a later call (chunked validators); applied after the last chunk."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Called once at the end inside the transaction, whatever happened (e.g. to wait for background writes)."""

    def finish(self, *, batch: ImportBatch | None, write: bool) -> None:  # noqa: B027 - optional hook
        """Called once after the last chunk (e.g. to refresh derived data)."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def run_import(
    importer: Importer, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Import one file; see the module docstring for the atomicity rules."""
    report = ImportReport(kind=importer.kind, file_name=path.name, dry_run=options.dry_run)
    try:
        table = open_table(path, all_headers(importer.columns))
    except TableError as exc:
        report.fatal = str(exc)
        return report
    header = map_headers(table.headers, importer.columns)
    report.unknown_columns = header.unknown
    report.notes = list(table.notes)
    if header.unknown:
        report.notes.append("以下列未识别，已忽略：" + "、".join(header.unknown))
    header_errors = header.errors()
    if header_errors:
        report.errors, report.error_count = header_errors, len(header_errors)
        report.fatal = "；".join(e.message for e in header_errors)
        return report
    validator = importer.validator(header)
    rejected = _RejectedWriter(options.rejected_path, table.headers) if options.rejected_path else None
    try:
        _run_rows(importer, path, table, validator, options, report, rejected, progress)
    except TableError as exc:
        report.fatal, report.written = str(exc), False
    finally:
        if rejected is not None:
            report.rejected_file = rejected.close(report.error_count)
    return report


def _run_rows(
    importer: Importer,
    path: Path,
    table: Any,
    validator: RowValidator,
    options: ImportOptions,
    report: ImportReport,
    rejected: _RejectedWriter | None,
    progress: Progress | None,
) -> None:
    total = table.estimated_rows
    with transaction.atomic():
        batch = None
        if not options.dry_run:
            batch = ImportBatch.objects.create(
                kind=importer.kind,
                bureau=importer.bureau,
                actor=_actor(importer.actor),
                file_name=report.file_name[:255],
                file_sha256=file_sha256(path),
            )
        importer.start(expected_rows=total, write=not options.dry_run)
        try:
            if hasattr(validator, "validate_chunk"):
                _run_chunks(importer, table, validator, batch, options, report, rejected, progress)
            else:
                _run_row_by_row(importer, table, validator, batch, options, report, rejected, progress)
        finally:
            importer.close()
        may_write = not options.dry_run and (report.error_count == 0 or options.skip_invalid)
        importer.finish(batch=batch, write=may_write)
        if not may_write:
            transaction.set_rollback(True)
            return
        assert batch is not None
        _close_batch(importer, batch, report)
    if progress:
        progress(report.rows_total, report.rows_total, "完成", force=True)


def _run_chunks(
    importer: Importer,
    table: Table,
    validator: Any,
    batch: ImportBatch | None,
    options: ImportOptions,
    report: ImportReport,
    rejected: _RejectedWriter | None,
    progress: Progress | None,
) -> None:
    for chunk in iter_chunks(table, COLUMN_CHUNK_ROWS):
        report.rows_total += len(chunk)
        checked = validator.validate_chunk(chunk)
        for _, cells, errors in checked.errors:
            _record_errors(report, errors, rejected, cells)
        _flush(importer, checked.valid, batch, options, report)
        if progress:
            progress(report.rows_total, table.estimated_rows, f"已处理 {report.rows_total} 行")
    leftover = importer.take_pending()
    if leftover:
        _flush(importer, leftover, batch, options, report)


def _run_row_by_row(
    importer: Importer,
    table: Table,
    validator: RowValidator,
    batch: ImportBatch | None,
    options: ImportOptions,
    report: ImportReport,
    rejected: _RejectedWriter | None,
    progress: Progress | None,
) -> None:
    total = table.estimated_rows
    chunk: list[Any] = []
    for number, cells in table.rows:
        if not any(cells):
            continue
        report.rows_total += 1
        outcome = validator.validate(number, cells)
        if isinstance(outcome, list):
            _record_errors(report, outcome, rejected, cells)
        else:
            chunk.append(outcome)
        if len(chunk) >= CHUNK_ROWS:
            _flush(importer, chunk, batch, options, report)
            chunk = []
            if progress:
                progress(report.rows_total, total, f"已处理 {report.rows_total} 行")
    _flush(importer, chunk, batch, options, report)


def _record_errors(
    report: ImportReport, errors: list[RowError], rejected: _RejectedWriter | None, cells: list[str]
) -> None:
    report.error_count += 1
    if len(report.errors) < REPORT_ERRORS:
        report.errors.extend(errors)
    if rejected is not None:
        rejected.write(cells, errors)


def _flush(
    importer: Importer, chunk: Any, batch: ImportBatch | None, options: ImportOptions, report: ImportReport
) -> None:
    if not chunk:
        return
    write = not options.dry_run and (report.error_count == 0 or options.skip_invalid)
    outcome = importer.apply(chunk, batch=batch, write=write)
    report.created += outcome.created
    report.updated += outcome.updated
    report.unchanged += outcome.unchanged
    room = PREVIEW_ROWS - len(report.preview)
    if room > 0:
        report.preview.extend(outcome.preview[:room])


def _close_batch(importer: Importer, batch: ImportBatch, report: ImportReport) -> None:
    batch.rows_total, batch.created_count, batch.updated_count = (
        report.rows_total,
        report.created,
        report.updated,
    )
    batch.unchanged_count, batch.rejected_count = report.unchanged, report.error_count
    batch.save()
    report.written, report.batch_id = True, batch.pk
    record_event(
        actor=importer.actor,
        bureau_id=importer.bureau.pk,
        action=f"{importer.kind}.imported",
        obj=batch,
        summary=f"导入{importer.label}：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}，"
        f"拒绝 {report.error_count}",
        data={
            "file": report.file_name,
            "sha256": batch.file_sha256,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.error_count,
        },
    )


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


class _RejectedWriter:
    """The rejected-rows file: the file's own columns plus 错误原因, UTF-8 with BOM so Excel opens it."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow([*headers, "错误原因"])

    def write(self, cells: list[str], errors: list[RowError]) -> None:
        self.writer.writerow([*cells, "；".join(f"第{e.row}行「{e.column}」{e.message}" for e in errors)])

    def close(self, error_count: int) -> str:
        self.handle.close()
        if error_count == 0:
            self.path.unlink(missing_ok=True)
            return ""
        return str(self.path)
