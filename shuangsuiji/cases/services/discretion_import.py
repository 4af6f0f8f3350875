"""Importing a 裁量基准 table (a province's benchmark, typed into a spreadsheet) into a bureau: the whole table or
nothing. Each row is checked (domain/imports/discretion.py: the values, the legal range, the boundary flags,
duplicates); when every row is good the bureau's table is replaced by the file's, in one transaction with one
audit event. Cases already investigated keep the band they copied."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import DiscretionBand
from shuangsuiji.cases.services.discretion import _audit, _require_configure
from shuangsuiji.domain.imports.columns import RowError, all_headers
from shuangsuiji.domain.imports.discretion import DISCRETION_COLUMNS, read_band_table
from shuangsuiji.domain.tabular import TableError, open_table


@dataclass
class DiscretionImport:
    """What an import found and did: the rows read, the bands it holds, the rows rejected, whether it was stored."""

    file_name: str
    rows_total: int = 0
    band_count: int = 0
    replaced: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def error_texts(self) -> list[str]:
        return [e.as_text() for e in self.errors]


def import_discretion_bands(
    *, actor: Any, bureau: Any, path: Path, dry_run: bool = False, name: str = ""
) -> DiscretionImport:
    """Replace the bureau's 裁量基准 by the file's bands, or store nothing and say why, row by row. A platform user
    must be the bureau's 法制室 or administrator; the command line acts as the machine's operator."""
    if getattr(actor, "pk", None) is not None:
        _require_configure(actor, bureau)
    report = DiscretionImport(file_name=name or path.name, dry_run=dry_run)
    try:
        table = read_band_table(open_table(path, all_headers(DISCRETION_COLUMNS)))
    except TableError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    report.rows_total, report.band_count = table.rows_total, len(table.bands)
    report.errors, report.notes = table.errors, table.notes
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        rows = DiscretionBand.objects.select_for_update().filter(bureau=bureau)
        report.replaced = len(list(rows))
        rows.delete()
        user = actor if getattr(actor, "pk", None) is not None else None
        DiscretionBand.objects.bulk_create(
            DiscretionBand(
                bureau=bureau,
                violation=b.violation,
                party_type=b.party,
                law=b.law,
                is_severe=b.severe,
                label=b.label,
                circumstances=b.circumstances,
                minimum=b.minimum,
                maximum=b.maximum,
                includes_minimum=b.includes_minimum,
                includes_maximum=b.includes_maximum,
                updated_by=user,
            )
            for b in table.bands
        )
        summary = f"从“{report.file_name}”导入 {report.band_count} 个档次，替换原有 {report.replaced} 个"
        _audit(actor, bureau, "imported", summary, data={"file": report.file_name, "bands": report.band_count})
        report.written = True
    return report
