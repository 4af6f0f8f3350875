"""Importing a 裁量基准 table (a province's benchmark, typed into a spreadsheet) into a bureau: the whole table or
nothing. Each row is checked (domain/imports/discretion.py: the values, the legal range, the boundary flags,
duplicates); when every row is good the bureau's table is replaced by the file's (or, merging, only the groups
the file holds: one violation × party type × law × 情节严重 each), in one transaction with one audit event. Cases
already investigated keep the band they copied. The export writes the table the bureau's cases use in the same
columns, so that it can be edited in a spreadsheet and imported back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import DiscretionBand
from shuangsuiji.cases.services.discretion import _audit, _require_configure, bands_for
from shuangsuiji.domain.imports.columns import RowError, all_headers
from shuangsuiji.domain.imports.discretion import DISCRETION_COLUMNS, band_export_rows, read_band_table
from shuangsuiji.domain.imports.writer import write_table
from shuangsuiji.domain.penalties import Band
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
    merge: bool = False
    kept: int = 0
    written: bool = False

    @property
    def error_texts(self) -> list[str]:
        return [e.as_text() for e in self.errors]


def _group(band: Band) -> tuple[str, str, str, bool]:
    return (band.violation, band.party, band.law, band.severe)


def import_discretion_bands(
    *, actor: Any, bureau: Any, path: Path, dry_run: bool = False, name: str = "", merge: bool = False
) -> DiscretionImport:
    """Replace the bureau's 裁量基准 by the file's bands, or store nothing and say why, row by row. Merging, the
    file's bands replace only the groups (violation × party type × law × 情节严重) it holds, and the bureau's other
    bands — or the platform's defaults while it has no table of its own — stay. A platform user must be the
    bureau's 法制室 or administrator; the command line acts as the machine's operator."""
    if getattr(actor, "pk", None) is not None:
        _require_configure(actor, bureau)
    report = DiscretionImport(file_name=name or path.name, dry_run=dry_run, merge=merge)
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
        rows = list(DiscretionBand.objects.select_for_update().filter(bureau=bureau))
        groups = {_group(b) for b in table.bands}
        kept = [b for b in bands_for(bureau) if _group(b) not in groups] if merge else []
        report.replaced = len(rows)
        report.kept = len(kept)
        DiscretionBand.objects.filter(pk__in=[r.pk for r in rows]).delete()
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
            for b in [*kept, *table.bands]
        )
        if merge:
            summary = (
                f"从“{report.file_name}”合并导入 {report.band_count} 个档次（{len(groups)} 组），"
                f"保留其他 {report.kept} 个档次"
            )
        else:
            summary = f"从“{report.file_name}”导入 {report.band_count} 个档次，替换原有 {report.replaced} 个"
        data = {"file": report.file_name, "bands": report.band_count, "merge": merge, "kept": report.kept}
        _audit(actor, bureau, "imported", summary, data=data)
        report.written = True
    return report


def export_discretion_bands(*, bureau: Any, path: Path) -> int:
    """The bands the bureau's cases use (its own table, or the defaults) to .xlsx or .csv by the extension, in the
    import's columns; returns the number of bands written."""
    headers = [c.header for c in DISCRETION_COLUMNS]
    return write_table(path, "裁量基准", headers, band_export_rows(bands_for(bureau)))
