"""The life of an inspection item: created as a draft (第1版), edited while a draft, published, revised into a new
draft version copied from the published one, retired. A published version never changes again, so an inspection
keeps exactly the content and checklist it used. Each action: one transaction, an audit event."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuangsuiji.catalog.models import CheckPoint, InspectionItem, ItemVersion
from shuangsuiji.core.audit import record_event
from shuangsuiji.domain import catalog, checklists
from shuangsuiji.domain.checklists import CheckPointSpec
from shuangsuiji.domain.imports.items import VERSION_FIELDS, ItemRow, parse_item
from shuangsuiji.organisations.models import Bureau

_TEXT_FIELDS = (
    "name",
    "legal_basis",
    "inspecting_bodies",
    "object_type",
    "method",
    "content",
    "inspector_requirements",
    "note",
)


class ItemInputError(Exception):
    """Invalid input or a refused action: a list of (field key, Chinese message); the key is '' for the item."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("；".join(m for _, m in errors))
        self.errors = errors


def _refuse(message: str, key: str = "") -> ItemInputError:
    return ItemInputError([(key, message)])


def validate_values(values: Mapping[str, str], checkpoints: Sequence[CheckPointSpec] | None = None) -> ItemRow:
    """Parse an item's text values (抽查比例 “3%-5%”, 抽查频次 “每年1-2次” …) and its checklist. Without an explicit
    checklist the 检查要点 text, else the numbered points of 抽查内容及要求, are used."""
    row = parse_item(0, values)
    if isinstance(row, list):
        raise ItemInputError(row)
    if checkpoints is not None:
        specs = [c.normalized() for c in checkpoints]
        problems = checklists.checkpoint_problems(specs)
        if problems:
            raise ItemInputError([("checkpoints", p) for p in problems])
        row.checkpoints = tuple(specs) or None
    return row


def specs_of(version: ItemVersion) -> list[CheckPointSpec]:
    """A version's checklist as domain values (uses prefetched checkpoints when present)."""
    return [
        CheckPointSpec(
            text=c.text,
            answer_type=c.answer_type,
            choices=tuple(c.choices),
            problem_when_no=c.problem_when_no,
            is_required=c.is_required,
            guidance=c.guidance,
        )
        for c in sorted(version.checkpoints.all(), key=lambda c: c.order)
    ]


def text_values(version: ItemVersion) -> dict[str, str]:
    """A version's values as the form, the API and the export write them (the inverse of validate_values)."""
    values = {key: str(getattr(version, key)) for key in _TEXT_FIELDS}
    values |= {
        "code": version.item.code,
        "category": catalog.CATEGORIES[version.category],
        "ratio": version.ratio_display,
        "frequency": version.frequency_display,
        "checkpoints": checklists.format_checkpoints(specs_of(version)),
    }
    return values


def version_diff(version: ItemVersion, row: ItemRow) -> dict[str, list[Any]]:
    """{field: [old, new]} between a stored version and a row; the checklist compares only when the row has one."""
    diff: dict[str, list[Any]] = {}
    for key in VERSION_FIELDS:
        old, new = getattr(version, key), getattr(row, key)
        if (Decimal(old) != Decimal(new)) if isinstance(new, Decimal) else old != new:
            diff[key] = [_plain(old), _plain(new)]
    if row.checkpoints is not None:
        old_points, new_points = specs_of(version), list(row.checkpoints)
        if old_points != new_points:
            diff["checkpoints"] = [checklists.format_checkpoints(old_points), checklists.format_checkpoints(new_points)]
    return diff


def _plain(value: Any) -> Any:
    return catalog.format_percent(value) if isinstance(value, Decimal) else value


def write_version_values(version: ItemVersion, row: ItemRow) -> None:
    for key in VERSION_FIELDS:
        setattr(version, key, getattr(row, key))


def replace_checkpoints(version: ItemVersion, specs: Iterable[CheckPointSpec]) -> None:
    """The checklist of a draft version, in order (never called on a published version)."""
    CheckPoint.objects.filter(version=version).delete()
    points = []
    for order, spec in enumerate(specs, start=1):
        point = CheckPoint(
            version=version,
            order=order,
            text=spec.text,
            answer_type=spec.answer_type,
            choices=list(spec.choices),
            problem_when_no=spec.problem_when_no,
            is_required=spec.is_required,
            guidance=spec.guidance,
        )
        point.full_clean(exclude=["version"], validate_unique=False)
        points.append(point)
    CheckPoint.objects.bulk_create(points)


def next_code(bureau: Bureau, taken: Iterable[str] = ()) -> str:
    """The next free automatic code of the bureau: 140522-01, 140522-02 …"""
    pattern = re.compile(rf"^{bureau.code}-(\d+)$")
    codes = set(InspectionItem.objects.filter(bureau=bureau).values_list("code", flat=True)) | set(taken)
    numbers = [int(m.group(1)) for m in map(pattern.match, codes) if m]
    return f"{bureau.code}-{max(numbers, default=0) + 1:02d}"


def name_holder(bureau_id: int, name: str, exclude_item: int | None = None) -> str | None:
    """The code of another active item of the bureau whose latest version has this name (names identify items in
    imports without a code, so they stay unique inside a bureau)."""
    versions = ItemVersion.objects.filter(item__bureau_id=bureau_id, name=name).exclude(
        item__status=InspectionItem.Status.RETIRED
    )
    if exclude_item is not None:
        versions = versions.exclude(item_id=exclude_item)
    for version in versions.select_related("item"):
        latest = version.item.versions.order_by("-number").values_list("name", flat=True).first()
        if latest == name:
            return version.item.code
    return None


def new_item(*, actor: Any, bureau: Bureau, row: ItemRow, code: str) -> InspectionItem:
    """Store a new draft item (第1版) from a valid row; the caller holds the transaction."""
    item = InspectionItem(bureau=bureau, code=code, status=InspectionItem.Status.DRAFT)
    item.full_clean(validate_unique=False)
    item.save()
    version = ItemVersion(item=item, number=1, created_by=_user(actor))
    write_version_values(version, row)
    version.full_clean(exclude=["item"], validate_unique=False)
    version.save()
    replace_checkpoints(version, row.checkpoints or ())
    return item


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def create_item(
    *, actor: Any, bureau: Bureau, values: Mapping[str, str], checkpoints: Sequence[CheckPointSpec] | None = None
) -> InspectionItem:
    """新增事项: a draft (第1版) in the bureau's own list; its code is unique in the bureau (automatic when blank)."""
    row = validate_values(values, checkpoints)
    code = row.code or next_code(bureau)
    if InspectionItem.objects.filter(bureau=bureau, code=code).exists():
        raise _refuse(f"本局已有编码为 {code} 的事项", "code")
    holder = name_holder(bureau.pk, row.name)
    if holder:
        raise _refuse(f"本局已有名为“{row.name}”的事项（编码 {holder}）", "name")
    try:
        with transaction.atomic():
            item = new_item(actor=actor, bureau=bureau, row=row, code=code)
            record_event(
                actor=actor,
                bureau_id=bureau.pk,
                action="catalog.item_created",
                obj=item,
                summary=f"新增抽查事项（草稿）：{code} {row.name}",
                data={"code": code, "name": row.name, "checkpoints": len(row.checkpoints or ())},
            )
    except IntegrityError:
        raise _refuse(f"本局已有编码为 {code} 的事项", "code") from None
    return item


def _locked(item: InspectionItem) -> InspectionItem:
    return InspectionItem.objects.select_for_update().get(pk=item.pk)


def draft_of(item: InspectionItem) -> ItemVersion | None:
    return item.versions.filter(published_at__isnull=True).first()


def edit_draft(
    *,
    actor: Any,
    item: InspectionItem,
    values: Mapping[str, str],
    checkpoints: Sequence[CheckPointSpec] | None = None,
) -> ItemVersion:
    """修改草稿: only a draft version can change; a published version is refused (revise it instead)."""
    row = validate_values({**values, "code": ""}, checkpoints)
    with transaction.atomic():
        locked = _locked(item)
        draft = _editable_draft(locked)
        holder = name_holder(locked.bureau_id, row.name, exclude_item=locked.pk)
        if holder:
            raise _refuse(f"本局已有名为“{row.name}”的事项（编码 {holder}）", "name")
        diff = update_draft(draft, row)
        if diff:
            record_event(
                actor=actor,
                bureau_id=locked.bureau_id,
                action="catalog.draft_edited",
                obj=locked,
                summary=f"修改草稿：{locked.code} 第{draft.number}版",
                data={"version": draft.number, "changes": diff},
            )
    return draft


def _editable_draft(item: InspectionItem) -> ItemVersion:
    if item.status == InspectionItem.Status.RETIRED:
        raise _refuse("该事项已停用，不能修改")
    draft = draft_of(item)
    if draft is None:
        raise _refuse("已发布的版本不可修改：请先“修订”生成新的草稿版本")
    return draft


def update_draft(draft: ItemVersion, row: ItemRow) -> dict[str, list[Any]]:
    """Copy a row onto a draft version; returns what changed. Refuses a published version."""
    if draft.published_at is not None:
        raise _refuse(f"第{draft.number}版已发布，不可修改")
    diff = version_diff(draft, row)
    if not diff:
        return diff
    write_version_values(draft, row)
    draft.full_clean(exclude=["item"], validate_unique=False)
    draft.save()
    if "checkpoints" in diff:
        replace_checkpoints(draft, row.checkpoints or ())
    return diff


def publish_item(*, actor: Any, item: InspectionItem) -> InspectionItem:
    """发布: the draft version becomes the current one and is frozen; the previous version stays as it was."""
    with transaction.atomic():
        locked = _locked(item)
        draft = _editable_draft(locked)
        if not draft.checkpoints.exists():
            raise _refuse("检查表式至少需要一个检查要点，才能发布", "checkpoints")
        previous = locked.current_version.number if locked.current_version_id else None  # type: ignore[union-attr]
        draft.published_at = timezone.now()
        draft.save(update_fields=["published_at"])
        locked.current_version, locked.status = draft, InspectionItem.Status.PUBLISHED
        locked.full_clean(validate_unique=False)
        locked.save(update_fields=["current_version", "status"])
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="catalog.item_published",
            obj=locked,
            summary=f"发布抽查事项：{locked.code} {draft.name}（第{draft.number}版）",
            data={"version": draft.number, "previous_version": previous, "change_reason": draft.change_reason},
        )
    return locked


def new_revision(*, actor: Any, item: InspectionItem, change_reason: str) -> ItemVersion:
    """A draft version copied from the current one (values and checklist); the caller holds the transaction."""
    current = item.current_version
    assert current is not None
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = ItemVersion(item=item, number=number, change_reason=change_reason[:300], created_by=_user(actor))
    for key in VERSION_FIELDS:
        setattr(draft, key, getattr(current, key))
    draft.full_clean(exclude=["item"], validate_unique=False)
    draft.save()
    replace_checkpoints(draft, specs_of(current))
    return draft


def revise_item(*, actor: Any, item: InspectionItem, change_reason: str) -> ItemVersion:
    """修订: a new draft version of a published item, with the reason for the change; publish it when ready."""
    if not change_reason.strip():
        raise _refuse("请填写修订原因", "change_reason")
    with transaction.atomic():
        locked = _locked(item)
        if locked.status != InspectionItem.Status.PUBLISHED:
            raise _refuse("只有已发布的事项可以修订" + ("（该事项已停用）" if locked.status == "retired" else ""))
        pending = draft_of(locked)
        if pending is not None:
            raise _refuse(f"已有未发布的修订草稿（第{pending.number}版），请先发布或放弃")
        draft = new_revision(actor=actor, item=locked, change_reason=change_reason.strip())
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="catalog.item_revised",
            obj=locked,
            summary=f"修订抽查事项：{locked.code} 新建第{draft.number}版草稿",
            data={"version": draft.number, "change_reason": draft.change_reason},
        )
    return draft


def discard_draft(*, actor: Any, item: InspectionItem) -> None:
    """放弃修订: delete an unpublished revision; the published version stays current."""
    with transaction.atomic():
        locked = _locked(item)
        draft = draft_of(locked)
        if draft is None or locked.current_version_id is None:
            raise _refuse("没有可放弃的修订草稿（从未发布的事项请使用“停用”）")
        number = draft.number
        draft.delete()
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="catalog.draft_discarded",
            obj=locked,
            summary=f"放弃修订草稿：{locked.code} 第{number}版",
            data={"version": number},
        )


def retire_item(*, actor: Any, item: InspectionItem, reason: str) -> InspectionItem:
    """停用: the item leaves the list used for new plans; its versions stay for the inspections that used them."""
    if not reason.strip():
        raise _refuse("请填写停用原因", "reason")
    with transaction.atomic():
        locked = _locked(item)
        if locked.status == InspectionItem.Status.RETIRED:
            raise _refuse("该事项已停用")
        locked.status, locked.retired_at, locked.retire_reason = (
            InspectionItem.Status.RETIRED,
            timezone.now(),
            reason.strip()[:300],
        )
        locked.full_clean(validate_unique=False)
        locked.save(update_fields=["status", "retired_at", "retire_reason"])
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="catalog.item_retired",
            obj=locked,
            summary=f"停用抽查事项：{locked}",
            data={"reason": locked.retire_reason},
        )
    return locked
