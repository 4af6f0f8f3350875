"""Importing reported figures (联网直报 exports) in long or wide form through the platform's import engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone

from shuangsuiji.core.imports import ChunkOutcome, Importer, ImportOptions, ImportReport, run_import
from shuangsuiji.core.jobs import Progress
from shuangsuiji.core.models import ImportBatch
from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.imports.columns import HeaderMap
from shuangsuiji.domain.quality.rows import ReportedRow, ReportedRowValidator, all_columns
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import subtree
from shuangsuiji.quality.models import Indicator, ReportedValue
from shuangsuiji.quality.services.config import indicator_specs

_UPDATED = ("current_value", "cumulative_value", "reported_at", "batch", "period_kind", "period_index")


class ReportedValueImporter(Importer):
    """Rows name a unit of the bureau's 名录库 (or a bureau below it) by 统一社会信用代码; a value already stored
    for the same unit, indicator and period is replaced."""

    kind = "reported_values"
    label = "报送数据"

    def __init__(self, *, bureau: Bureau, actor: Any) -> None:
        super().__init__(bureau=bureau, actor=actor)
        self.specs = indicator_specs()
        self.columns = all_columns(self.specs)
        self.indicator_ids = dict(Indicator.objects.values_list("code", "id"))
        self.units = dict(
            Unit.objects.filter(bureau__in=subtree(bureau)).order_by("is_in_directory").values_list("uscc", "id")
        )

    def validator(self, header: HeaderMap) -> ReportedRowValidator:
        return ReportedRowValidator(header, self.specs, self.units.get)

    def apply(self, rows: list[ReportedRow], *, batch: ImportBatch | None, write: bool) -> ChunkOutcome:
        keys = {(r.unit_id, self.indicator_ids[code], r.period.code) for r in rows for code, _, _ in r.values}
        existing = set(
            ReportedValue.objects.filter(unit_id__in={k[0] for k in keys}, period__in={k[2] for k in keys}).values_list(
                "unit_id", "indicator_id", "period"
            )
        )
        outcome = ChunkOutcome()
        objects = []
        for row in rows:
            reported_at = timezone.make_aware(row.reported_at) if row.reported_at else None
            for code, current, cumulative in row.values:
                key = (row.unit_id, self.indicator_ids[code], row.period.code)
                if key in existing:
                    outcome.updated += 1
                else:
                    outcome.created += 1
                objects.append(
                    ReportedValue(
                        unit_id=row.unit_id,
                        indicator_id=key[1],
                        period=row.period.code,
                        period_kind=row.period.kind,
                        period_index=row.period.index,
                        current_value=current,
                        cumulative_value=cumulative,
                        reported_at=reported_at,
                        batch=batch,
                    )
                )
        outcome.preview = [
            {"row": r.row, "action": "数据", "code": r.uscc, "name": r.period.label, "changes": {}} for r in rows[:50]
        ]
        if write and objects:
            ReportedValue.objects.bulk_create(
                objects,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["unit", "indicator", "period"],
                update_fields=list(_UPDATED),
            )
        return outcome


def import_reported_values(
    *, actor: Any, bureau: Bureau, path: Path, options: ImportOptions | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import a file of reported figures; any bad row rejects the whole file unless `skip_invalid` (atomic)."""
    return run_import(ReportedValueImporter(bureau=bureau, actor=actor), path, options or ImportOptions(), progress)
