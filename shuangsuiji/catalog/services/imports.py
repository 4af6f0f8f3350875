"""Importing a bureau's own 抽查事项清单 from .xlsx/.xls/.csv. Rows are matched by 事项编码 (by name when the code is
blank). A new item is created as a draft; a changed draft is updated; a changed published item gets a new draft
version (never an in-place edit). Every change is an audit event; see core.imports for atomicity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shuangsuiji.catalog.models import InspectionItem, ItemVersion
from shuangsuiji.catalog.services.items import (
    new_item,
    next_code,
    replace_checkpoints,
    specs_of,
    update_draft,
    version_diff,
    write_version_values,
)
from shuangsuiji.core.audit import record_event
from shuangsuiji.core.imports import ChunkOutcome, Importer, ImportOptions, ImportReport, run_import
from shuangsuiji.core.jobs import Progress
from shuangsuiji.core.models import ImportBatch
from shuangsuiji.domain.imports.columns import HeaderMap
from shuangsuiji.domain.imports.items import ITEM_COLUMNS, ItemRow, ItemRowValidator, header_of
from shuangsuiji.organisations.models import Bureau

_LABELS = {"ratio_min_percent": "抽查比例下限", "ratio_max_percent": "抽查比例上限", "frequency_min": "频次下限"}
_LABELS |= {"frequency_max": "频次上限"}


class ItemImporter(Importer):
    """Items belong to the importing bureau; the bureaus above keep their own lists."""

    kind = "items"
    label = "抽查事项"
    columns = ITEM_COLUMNS

    def __init__(self, *, bureau: Bureau, actor: Any) -> None:
        super().__init__(bureau=bureau, actor=actor)
        items = list(InspectionItem.objects.filter(bureau=bureau).prefetch_related("versions__checkpoints"))
        self.by_code = {i.code: i for i in items}
        self.by_name: dict[str, list[InspectionItem]] = {}
        for item in items:
            latest = item.latest_version
            if latest is not None and item.status != InspectionItem.Status.RETIRED:
                self.by_name.setdefault(latest.name, []).append(item)
        self.assigned: set[str] = set()

    def validator(self, header: HeaderMap) -> ItemRowValidator:
        return ItemRowValidator(header, self.problem)

    def problem(self, code: str, name: str) -> str | None:
        """Why the row cannot be applied to this bureau's list, or None."""
        holders = self.by_name.get(name, [])
        if not code and len(holders) > 1:
            return f"本局有多个名为“{name}”的事项，请填写事项编码"
        item = self.by_code.get(code) if code else (holders[0] if holders else None)
        if item is not None and item.status == InspectionItem.Status.RETIRED:
            return f"事项 {item.code} 已停用，不能通过导入修改"
        other = next((h for h in holders if h is not item), None)
        if code and other is not None:
            return f"事项名称“{name}”已用于编码为 {other.code} 的事项"
        return None

    def match(self, row: ItemRow) -> InspectionItem | None:
        if row.code:
            return self.by_code.get(row.code)
        holders = self.by_name.get(row.name, [])
        return holders[0] if holders else None

    def apply(self, rows: list[ItemRow], *, batch: ImportBatch | None, write: bool) -> ChunkOutcome:
        outcome = ChunkOutcome()
        for row in rows:
            item = self.match(row)
            if item is None:
                outcome.created += 1
                self._create(row, outcome, batch, write)
                continue
            versions = list(item.versions.all())
            draft = next((v for v in versions if v.published_at is None), None)
            base = draft or item.current_version
            assert base is not None
            diff = version_diff(base, row)
            if not diff:
                outcome.unchanged += 1
                continue
            outcome.updated += 1
            number = draft.number if draft else max(v.number for v in versions) + 1
            action = f"更新第{number}版草稿" if draft else f"新建第{number}版草稿"
            outcome.preview.append(_preview(row, item.code, action, diff))
            if write:
                self._change(item, draft, row, number, diff, batch)
        return outcome

    def _create(self, row: ItemRow, outcome: ChunkOutcome, batch: ImportBatch | None, write: bool) -> None:
        code = row.code or next_code(self.bureau, self.assigned)
        self.assigned.add(code)
        outcome.preview.append(_preview(row, code, "新增（草稿）", {}))
        if not write:
            return
        item = new_item(actor=self.actor, bureau=self.bureau, row=row, code=code)
        record_event(
            actor=self.actor,
            bureau_id=self.bureau.pk,
            action="catalog.item_created",
            obj=item,
            summary=f"导入新增抽查事项（草稿）：{code} {row.name}",
            data={"code": code, "file": batch.file_name if batch else "", "row": row.row},
        )

    def _change(
        self,
        item: InspectionItem,
        draft: ItemVersion | None,
        row: ItemRow,
        number: int,
        diff: dict[str, list[Any]],
        batch: ImportBatch | None,
    ) -> None:
        source = f"导入文件 {batch.file_name}" if batch else "导入"
        if draft is not None:
            update_draft(draft, row)
        else:
            current = item.current_version
            assert current is not None
            reason = f"{source}：变更" + "、".join(_label(k) for k in diff)
            version = ItemVersion(item=item, number=number, change_reason=reason[:300], created_by=_actor(self.actor))
            write_version_values(version, row)
            version.full_clean(exclude=["item"], validate_unique=False)
            version.save()
            replace_checkpoints(version, row.checkpoints if row.checkpoints is not None else specs_of(current))
        record_event(
            actor=self.actor,
            bureau_id=self.bureau.pk,
            action="catalog.item_imported",
            obj=item,
            summary=f"导入修改抽查事项：{item.code} 第{number}版草稿",
            data={"version": number, "file": batch.file_name if batch else "", "changes": diff},
        )


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _label(key: str) -> str:
    return _LABELS.get(key) or header_of(key)


def _preview(row: ItemRow, code: str, action: str, diff: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "row": row.row,
        "action": action,
        "code": code,
        "name": row.name,
        "changes": {_label(k): v for k, v in diff.items()},
    }


def import_items(
    *, actor: Any, bureau: Bureau, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Import an items file into `bureau`'s own list; nothing is written when any row is bad unless skip_invalid."""
    return run_import(ItemImporter(bureau=bureau, actor=actor), path, options, progress)
