"""The 随机抽查事项清单 over REST: the same scope (own + inherited published items) and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from shuangsuiji.catalog import selectors, services
from shuangsuiji.catalog.filters import ItemFilter
from shuangsuiji.catalog.models import InspectionItem, ItemVersion
from shuangsuiji.catalog.schemas import (
    CheckPointIO,
    ErrorOut,
    ItemDetailOut,
    ItemIn,
    ItemOut,
    ReasonIn,
    ReviseIn,
    VersionOut,
)
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.domain.checklists import CheckPointSpec
from shuangsuiji.organisations.selectors import can_write_bureau

router = Router(tags=["随机抽查事项清单"])


class ItemQuery(Schema):
    bureau: str = ""
    q: str = ""
    status: str = ""
    category: str = ""
    owner: str = ""


def _version_out(version: ItemVersion) -> VersionOut:
    points = [
        CheckPointIO(
            text=s.text,
            answer_type=s.answer_type,
            choices=list(s.choices),
            problem_when_no=s.problem_when_no,
            is_required=s.is_required,
            guidance=s.guidance,
        )
        for s in services.specs_of(version)
    ]
    fields = {key: getattr(version, key) for key in VersionOut.model_fields if hasattr(version, key)}
    fields |= {"ratio": version.ratio_display, "frequency": version.frequency_display, "checkpoints": points}
    return VersionOut(**fields)


def _item_out(item: InspectionItem) -> dict[str, Any]:
    latest = item.latest_version
    draft = item.draft_version
    return {
        "id": item.pk,
        "code": item.code,
        "bureau_code": item.bureau.code,
        "bureau_name": item.bureau.name,
        "status": item.status,
        "name": (item.current_version or latest).name if latest else "",
        "current_version": item.current_version.number if item.current_version else None,
        "draft_version": draft.number if draft else None,
    }


def _detail_out(request: HttpRequest, pk: int) -> ItemDetailOut:
    item = selectors.item_detail(request.user, pk)
    versions = selectors.item_versions(item)
    current = next((v for v in versions if v.pk == item.current_version_id), None)
    draft = next((v for v in versions if not v.is_published), None)
    if item.bureau_id not in selectors.draft_readable_bureau_ids(request.user):
        draft = None  # an inherited item shows only what was published
    return ItemDetailOut(
        **_item_out(item),
        current=_version_out(current) if current else None,
        draft=_version_out(draft) if draft else None,
    )


def _errors(exc: services.ItemInputError) -> dict[str, Any]:
    return {"detail": [{"field": k, "message": m} for k, m in exc.errors]}


def _writable(request: HttpRequest, pk: int) -> InspectionItem:
    item = selectors.item_detail(request.user, pk)
    if not has_perm(request.user, Perm.CATALOG_EDIT):
        raise PermissionDenied("需要抽查事项清单编辑权限")
    if not can_write_bureau(request.user, item.bureau_id):
        raise PermissionDenied("只能修改本局的事项")
    return item


def _input(payload: ItemIn) -> tuple[dict[str, str], list[CheckPointSpec] | None]:
    values = payload.dict(exclude={"checkpoints", "checkpoints_text"})
    values["checkpoints"] = payload.checkpoints_text
    points = None
    if payload.checkpoints is not None:
        points = [CheckPointSpec(**{**p.dict(), "choices": tuple(p.choices)}) for p in payload.checkpoints]
    return values, points


@router.get("/", response=list[ItemOut], summary="本局清单：本局事项及上级已发布事项（?bureau= 查看下级局）")
def list_items(request: HttpRequest, query: Query[ItemQuery]) -> list[dict[str, Any]]:
    _, items = selectors.item_list(request.user, ItemFilter.from_params(query.dict()))
    return [_item_out(i) for i in items]


@router.get("/{int:pk}", response=ItemDetailOut)
def get_item(request: HttpRequest, pk: int) -> ItemDetailOut:
    return _detail_out(request, pk)


@router.get("/{int:pk}/versions", response=list[VersionOut], summary="全部版本（新版本在前），含检查表式")
def item_versions(request: HttpRequest, pk: int) -> list[VersionOut]:
    item = selectors.item_detail(request.user, pk)
    own = item.bureau_id in selectors.draft_readable_bureau_ids(request.user)
    return [_version_out(v) for v in selectors.item_versions(item) if own or v.is_published]


@router.post("/", response={201: ItemDetailOut, 422: ErrorOut}, summary="新增事项（草稿，第1版）")
def create_item(request: HttpRequest, payload: ItemIn) -> Any:
    bureau = getattr(request.user, "bureau", None)
    if not has_perm(request.user, Perm.CATALOG_EDIT) or bureau is None:
        raise PermissionDenied("需要抽查事项清单编辑权限")
    values, points = _input(payload)
    try:
        item = services.create_item(actor=request.user, bureau=bureau, values=values, checkpoints=points)
    except services.ItemInputError as exc:
        return Status(422, _errors(exc))
    return Status(201, _detail_out(request, item.pk))


@router.put("/{int:pk}/draft", response={200: ItemDetailOut, 422: ErrorOut}, summary="修改草稿版本")
def edit_draft(request: HttpRequest, pk: int, payload: ItemIn) -> Any:
    item = _writable(request, pk)
    values, points = _input(payload)
    try:
        services.edit_draft(actor=request.user, item=item, values=values, checkpoints=points)
    except services.ItemInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _detail_out(request, pk))


@router.post("/{int:pk}/publish", response={200: ItemDetailOut, 422: ErrorOut}, summary="发布草稿版本")
def publish_item(request: HttpRequest, pk: int) -> Any:
    item = _writable(request, pk)
    try:
        services.publish_item(actor=request.user, item=item)
    except services.ItemInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _detail_out(request, pk))


@router.post("/{int:pk}/revise", response={201: VersionOut, 422: ErrorOut}, summary="修订：生成新的草稿版本")
def revise_item(request: HttpRequest, pk: int, payload: ReviseIn) -> Any:
    item = _writable(request, pk)
    try:
        draft = services.revise_item(actor=request.user, item=item, change_reason=payload.change_reason)
    except services.ItemInputError as exc:
        return Status(422, _errors(exc))
    return Status(201, _version_out(draft))


@router.post("/{int:pk}/retire", response={200: ItemDetailOut, 422: ErrorOut}, summary="停用")
def retire_item(request: HttpRequest, pk: int, payload: ReasonIn) -> Any:
    item = _writable(request, pk)
    try:
        services.retire_item(actor=request.user, item=item, reason=payload.reason)
    except services.ItemInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _detail_out(request, pk))
