"""Importing a bureau's 执法检查人员名录库 from .xlsx/.xls/.csv: new 执法证号 are added, known ones updated (each change
kept in the inspector's history), unchanged ones counted; see core.imports for atomicity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone

from shuangsuiji.core.imports import ChunkOutcome, Importer, ImportOptions, ImportReport, run_import
from shuangsuiji.core.jobs import Progress
from shuangsuiji.core.models import ImportBatch
from shuangsuiji.domain.imports.columns import HeaderMap
from shuangsuiji.domain.imports.inspectors import INSPECTOR_COLUMNS, InspectorRow, InspectorRowValidator, header_of
from shuangsuiji.inspectors.models import Inspector, InspectorChange
from shuangsuiji.inspectors.services.inspectors import apply_row, department_ids, write_history
from shuangsuiji.organisations.models import Bureau


class InspectorImporter(Importer):
    """Inspectors belong to the importing bureau; an inspector is identified by the 执法证号."""

    kind = "inspectors"
    label = "执法检查人员"
    columns = INSPECTOR_COLUMNS

    def __init__(self, *, bureau: Bureau, actor: Any) -> None:
        super().__init__(bureau=bureau, actor=actor)
        self.departments = department_ids(bureau.pk)

    def validator(self, header: HeaderMap) -> InspectorRowValidator:
        elsewhere = dict(
            Inspector.objects.exclude(bureau=self.bureau).values_list("certificate_no", "bureau__name").iterator()
        )
        return InspectorRowValidator(header, self.departments, elsewhere.get)

    def apply(self, rows: list[InspectorRow], *, batch: ImportBatch | None, write: bool) -> ChunkOutcome:
        existing = {
            i.certificate_no: i
            for i in Inspector.objects.filter(bureau=self.bureau, certificate_no__in=[r.certificate_no for r in rows])
        }
        outcome = ChunkOutcome()
        reason = f"导入文件 {batch.file_name}" if batch else "导入"
        for row in rows:
            inspector = existing.get(row.certificate_no)
            if inspector is None:
                inspector = Inspector(bureau=self.bureau)
                changes = apply_row(inspector, row, self.departments)
                outcome.created += 1
                outcome.preview.append(_preview(row, "新增", {}))
                if write:
                    self._save(inspector, InspectorChange.Kind.ADD, reason, changes, batch)
                continue
            changes = apply_row(inspector, row, self.departments)
            if not changes:
                outcome.unchanged += 1
                continue
            outcome.updated += 1
            outcome.preview.append(_preview(row, "更新", changes))
            if write:
                self._save(inspector, InspectorChange.Kind.CHANGE, reason, changes, batch)
        return outcome

    def _save(
        self, inspector: Inspector, kind: str, reason: str, changes: dict[str, Any], batch: ImportBatch | None
    ) -> None:
        inspector.updated_at = timezone.now()
        inspector.full_clean(validate_unique=False)
        inspector.save()
        write_history(inspector, kind, self.actor, reason, changes, batch)


def _preview(row: InspectorRow, action: str, changes: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "row": row.row,
        "action": action,
        "code": row.certificate_no,
        "name": row.name,
        "changes": {header_of(k): v for k, v in changes.items()},
    }


def import_inspectors(
    *, actor: Any, bureau: Bureau, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Import an inspectors file into `bureau`; nothing is written when any row is bad unless skip_invalid."""
    return run_import(InspectorImporter(bureau=bureau, actor=actor), path, options, progress)
