"""Importing units into a bureau's 名录库 (and the bureaus below it) from .xlsx/.xls/.csv files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from shuangsuiji.core.bulk import (
    CopyPipe,
    SuspendedIndexes,
    adapt_date,
    adapt_datetime,
    analyze,
    copy_frame,
    fast_insert,
    fast_update,
)
from shuangsuiji.core.imports import (
    CHUNK_ROWS,
    PREVIEW_ROWS,
    ChunkOutcome,
    Importer,
    ImportOptions,
    ImportReport,
    run_import,
)
from shuangsuiji.core.jobs import Progress
from shuangsuiji.core.models import ImportBatch
from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.domain.imports.columns import HeaderMap
from shuangsuiji.domain.imports.unit_chunks import STORED, UnitChunk, fingerprints
from shuangsuiji.domain.imports.units import (
    UNIT_COLUMNS,
    UnitRow,
    UnitRowValidator,
    fingerprint,
    header_of,
)
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import known_region_checker, subtree

_STORED = STORED
# A first load of at least this many rows into a table no bigger than the load rebuilds the indexes after it.
BULK_LOAD_MIN_ROWS = 100_000
# Fresh planner statistics after writing at least this many units.
ANALYZE_MIN_ROWS = 10_000
_INSERT_FIELDS = (
    "bureau",
    *_STORED,
    "is_in_directory",
    "entered_on",
    "exited_on",
    "exit_reason",
    "import_batch",
    "row_hash",
    "created_at",
    "updated_at",
)
_UPDATE_FIELDS = ("bureau", *_STORED, "is_in_directory", "exited_on", "exit_reason", "row_hash", "updated_at")
_PREFIX_LENGTH = {
    Bureau.Level.NATIONAL: 0,
    Bureau.Level.PROVINCE: 2,
    Bureau.Level.CITY: 4,
    Bureau.Level.COUNTY: 6,
}


class UnitImporter(Importer):
    """Units go to the bureau whose code matches their 区划代码 (county, else city, else province) inside the
    importing bureau's subtree; a unit is identified by its 统一社会信用代码 within that subtree."""

    kind = "units"
    label = "检查对象"
    columns = UNIT_COLUMNS

    def __init__(self, *, bureau: Bureau, actor: Any) -> None:
        super().__init__(bureau=bureau, actor=actor)
        self.bureau_ids = dict(subtree(bureau).values_list("code", "id"))
        self.prefix = bureau.code[: _PREFIX_LENGTH[Bureau.Level(bureau.level)]]
        self.now = timezone.now()
        self._bureau_by_county: dict[str, int] = {}
        # A first load into an empty subtree has nothing to compare with: skip the per-chunk lookups.
        self.started_empty = not Unit.objects.filter(bureau_id__in=list(self.bureau_ids.values())).exists()
        self.suspended: SuspendedIndexes | None = None
        self._pending: list[UnitRow] = []
        self._valid_rows = 0  # valid rows seen so far (the row-by-row path previews 50 per CHUNK_ROWS)
        self.pipe: CopyPipe | None = None
        self.written = 0
        self.changed = 0

    def start(self, *, expected_rows: int, write: bool) -> None:
        if write and self.started_empty and expected_rows >= BULK_LOAD_MIN_ROWS and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Unit._meta.db_table])
                found = cursor.fetchone()
            if found is None or found[0] <= expected_rows:
                self.suspended = SuspendedIndexes.suspend(Unit)
        if write and self.started_empty and connection.vendor == "postgresql":
            self.pipe = CopyPipe()

    def take_pending(self) -> list[UnitRow]:
        pending, self._pending = self._pending, []
        return pending

    def close(self) -> None:
        if self.pipe is not None:
            pipe, self.pipe = self.pipe, None
            pipe.close()

    def finish(self, *, batch: ImportBatch | None, write: bool) -> None:
        if not write:
            return  # the transaction is rolled back, the indexes with it
        if self.suspended is not None:
            self.suspended.restore()
        if self.written >= ANALYZE_MIN_ROWS:
            analyze(Unit, *([UnitChange] if self.changed >= ANALYZE_MIN_ROWS else []))

    def validator(self, header: HeaderMap) -> UnitRowValidator:
        known = known_region_checker([self.prefix])
        return UnitRowValidator(header, region_known=known, region_allowed=lambda c: c.startswith(self.prefix))

    def bureau_for(self, region_code: str) -> int:
        county = region_code[:6]
        found = self._bureau_by_county.get(county)
        if found is None:
            found = int(self.bureau.pk)
            for code in (county, county[:4] + "00", county[:2] + "0000"):
                if code in self.bureau_ids:
                    found = self.bureau_ids[code]
                    break
            self._bureau_by_county[county] = found
        return found

    def apply(self, rows: UnitChunk | list[UnitRow], *, batch: ImportBatch | None, write: bool) -> ChunkOutcome:
        if isinstance(rows, UnitChunk):
            if self.started_empty:
                return self._apply_new(rows, batch=batch, write=write)
            # compared with what is stored in groups of CHUNK_ROWS valid rows, as row by row (same previews)
            self._pending += rows.rows()
            total = ChunkOutcome()
            while len(self._pending) >= CHUNK_ROWS:
                group, self._pending = self._pending[:CHUNK_ROWS], self._pending[CHUNK_ROWS:]
                part = self.apply(group, batch=batch, write=write)
                total.created += part.created
                total.updated += part.updated
                total.unchanged += part.unchanged
                total.preview += part.preview
            return total
        existing = (
            {}
            if self.started_empty
            else {
                code: (pk, bureau_id, row_hash, in_directory)
                for code, pk, bureau_id, row_hash, in_directory in Unit.objects.filter(
                    bureau_id__in=list(self.bureau_ids.values()), uscc__in=[r.uscc for r in rows]
                ).values_list("uscc", "id", "bureau_id", "row_hash", "is_in_directory")
            }
        )
        outcome = ChunkOutcome()
        new: list[tuple[int, str, UnitRow]] = []
        changed: list[tuple[int, int, str, UnitRow, bool]] = []
        for row in rows:
            bureau_id = self.bureau_for(row.region_code)
            digest = fingerprint(bureau_id, row.values())
            found = existing.get(row.uscc)
            if found is None:
                new.append((bureau_id, digest, row))
            elif found[2] == digest and found[3]:
                outcome.unchanged += 1
            else:
                changed.append((found[0], bureau_id, digest, row, not found[3]))
        outcome.created, outcome.updated = len(new), len(changed)
        outcome.preview = [_preview_new(r) for _, _, r in new[:50]]
        diffs = self._diffs(changed)
        outcome.preview += [_preview_change(row, diffs[pk], reenter) for pk, _, _, row, reenter in changed[:50]]
        if write:
            self._insert(new, batch)
            self._update(changed, diffs, batch)
            self.written += len(new) + len(changed)
            self.changed += len(changed)
        return outcome

    def _apply_new(self, chunk: UnitChunk, *, batch: ImportBatch | None, write: bool) -> ChunkOutcome:
        """Rows into an empty subtree are all new (the validator caught codes repeated in the file): bureau, row
        hash and the insert are computed over the columns, and the rows go to the database as one COPY."""
        frame = chunk.frame
        counties = frame["region_code"].str.slice(0, 6)
        distinct = counties.unique()
        bureau_ids = counties.replace_strict(
            distinct, pl.Series([self.bureau_for(c) for c in distinct.to_list()], dtype=pl.Int64)
        )
        outcome = ChunkOutcome(created=frame.height)
        # the row-by-row path previews the first 50 rows of every CHUNK_ROWS valid rows
        offset = self._valid_rows
        self._valid_rows += frame.height
        picked = [i for i in range(frame.height) if (offset + i) % CHUNK_ROWS < 50][:PREVIEW_ROWS]
        outcome.preview = [
            {"row": row, "action": "新增", "code": code, "name": name, "changes": {}}
            for row, code, name in frame[picked].select("row", "uscc", "name").iter_rows()
        ]
        if not write:
            return outcome
        now, today = adapt_datetime(self.now), adapt_date(timezone.localdate())
        rows = frame.height
        columns = {
            "bureau": bureau_ids,
            **{key: frame[key] for key in _STORED},
            "is_in_directory": pl.repeat(True, rows, eager=True),
            "entered_on": pl.repeat(str(today), rows, eager=True, dtype=pl.String),
            "exited_on": pl.repeat(None, rows, eager=True, dtype=pl.String),
            "exit_reason": pl.repeat("", rows, eager=True, dtype=pl.String),
            "import_batch": pl.repeat(batch.pk if batch else None, rows, eager=True, dtype=pl.Int64),
            "row_hash": fingerprints(bureau_ids, frame),
            "created_at": pl.repeat(str(now), rows, eager=True, dtype=pl.String),
            "updated_at": pl.repeat(str(now), rows, eager=True, dtype=pl.String),
        }
        insert = pl.DataFrame([series.alias(key) for key, series in columns.items()])
        copy_frame(Unit, _INSERT_FIELDS, insert, self.pipe)
        self.written += rows
        return outcome

    def _diffs(self, changed: list[tuple[int, int, str, UnitRow, bool]]) -> dict[int, dict[str, list[Any]]]:
        if not changed:
            return {}
        old = {
            v["id"]: v for v in Unit.objects.filter(pk__in=[c[0] for c in changed]).values("id", "bureau_id", *_STORED)
        }
        diffs = {}
        for pk, bureau_id, _, row, _ in changed:
            before = old[pk]
            diff = {
                key: [_plain(before[key]), _plain(getattr(row, key))]
                for key in _STORED
                if before[key] != getattr(row, key)
            }
            if before["bureau_id"] != bureau_id:
                diff["bureau_id"] = [before["bureau_id"], bureau_id]
            diffs[pk] = diff
        return diffs

    def _insert(self, new: list[tuple[int, str, UnitRow]], batch: ImportBatch | None) -> None:
        if not new:
            return
        now, today = adapt_datetime(self.now), adapt_date(timezone.localdate())
        batch_id = batch.pk if batch else None
        fast_insert(
            Unit,
            _INSERT_FIELDS,
            (
                (
                    bureau_id,
                    *row.values(),
                    row.industry_section,
                    row.industry_division,
                    True,
                    today,
                    None,
                    "",
                    batch_id,
                    digest,
                    now,
                    now,
                )
                for bureau_id, digest, row in new
            ),
        )

    def _update(
        self,
        changed: list[tuple[int, int, str, UnitRow, bool]],
        diffs: dict[int, dict[str, list[Any]]],
        batch: ImportBatch | None,
    ) -> None:
        if not changed:
            return
        now = adapt_datetime(self.now)
        fast_update(
            Unit,
            _UPDATE_FIELDS,
            (
                (
                    bureau_id,
                    *row.values(),
                    row.industry_section,
                    row.industry_division,
                    True,
                    None,
                    "",
                    digest,
                    now,
                    pk,
                )
                for pk, bureau_id, digest, row, _ in changed
            ),
        )
        actor_name = str(getattr(self.actor, "username", "system"))
        UnitChange.objects.bulk_create(
            [
                UnitChange(
                    unit_id=pk,
                    kind=UnitChange.Kind.REENTER if reenter else UnitChange.Kind.CHANGE,
                    actor=self.actor if getattr(self.actor, "pk", None) else None,
                    actor_name=actor_name,
                    reason=f"导入文件 {batch.file_name}" if batch else "导入",
                    changes=diffs[pk],
                    batch=batch,
                )
                for pk, _, _, _, reenter in changed
            ],
            batch_size=2000,
        )


def _plain(value: Any) -> Any:
    return str(value) if value is not None and not isinstance(value, str | int) else value


def _preview_new(row: UnitRow) -> dict[str, Any]:
    return {"row": row.row, "action": "新增", "code": row.uscc, "name": row.name, "changes": {}}


def _preview_change(row: UnitRow, diff: dict[str, list[Any]], reenter: bool) -> dict[str, Any]:
    labelled = {("所属统计局" if k == "bureau_id" else _label(k)): v for k, v in diff.items()}
    return {
        "row": row.row,
        "action": "恢复入库" if reenter else "更新",
        "code": row.uscc,
        "name": row.name,
        "changes": labelled,
    }


def _label(key: str) -> str:
    if key == "industry_section":
        return "门类"
    if key == "industry_division":
        return "大类"
    return header_of(key)


def import_units(
    *, actor: Any, bureau: Bureau, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Import a units file into `bureau` (and the bureaus below it); see core.imports for atomicity."""
    return run_import(UnitImporter(bureau=bureau, actor=actor), path, options, progress)
