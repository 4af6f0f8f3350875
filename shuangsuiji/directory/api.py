"""The 名录库 over REST: the same filters, scope and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.directory import selectors, services
from shuangsuiji.directory.filters import UnitFilter
from shuangsuiji.directory.models import Unit
from shuangsuiji.directory.schemas import ErrorOut, HistoryOut, ReasonIn, UnitIn, UnitOut, UnitPage
from shuangsuiji.domain import units as vocab
from shuangsuiji.organisations.selectors import can_write_bureau

router = Router(tags=["检查对象名录库"])


class UnitQuery(Schema):
    q: str = ""
    bureau: str = ""
    scale_category: str = ""
    risk_class: str = ""
    size_class: str = ""
    status: str = ""
    section: str = ""
    region: str = ""
    tag: str = ""
    growth_band: str = ""
    in_directory: str = "1"
    after: int | None = None
    limit: int = 50


def _out(unit: Unit) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        bureau_code=unit.bureau.code,
        uscc=unit.uscc,
        name=unit.name,
        region_code=unit.region_code,
        industry_code=unit.industry_code,
        industry_section=unit.industry_section,
        size_class=unit.size_class,
        scale_category=unit.scale_category,
        registration_type=unit.registration_type,
        legal_representative=unit.legal_representative,
        contact_person=unit.contact_person,
        phone=unit.phone,
        address=unit.address,
        revenue=unit.revenue,
        employees=unit.employees,
        indicator_period=unit.indicator_period,
        risk_class=unit.risk_class,
        growth_band=unit.growth_band,
        tags=vocab.field_to_tags(unit.tags),
        status=unit.status,
        is_in_directory=unit.is_in_directory,
        entered_on=unit.entered_on,
        exited_on=unit.exited_on,
    )


@router.get("/", response=UnitPage, summary="检查对象列表（按 id 倒序，用 after 翻页）")
def list_units(request: HttpRequest, query: Query[UnitQuery]) -> UnitPage:
    params = query.dict()
    unit_filter = UnitFilter.from_params(
        {k: v for k, v in params.items() if v not in (None, "")} | {"in_directory": query.in_directory}
    )
    qs = selectors.filtered_units(request.user, unit_filter).select_related("bureau").order_by("-pk")
    if query.after:
        qs = qs.filter(pk__lt=query.after)
    limit = max(1, min(query.limit, 500))
    rows = list(qs[: limit + 1])
    items = rows[:limit]
    return UnitPage(items=[_out(u) for u in items], next_after=items[-1].pk if len(rows) > limit else None)


@router.get("/{int:pk}", response=UnitOut)
def get_unit(request: HttpRequest, pk: int) -> UnitOut:
    return _out(selectors.unit_detail(request.user, pk))


@router.get("/{int:pk}/history", response=list[HistoryOut])
def unit_history(request: HttpRequest, pk: int) -> list[HistoryOut]:
    unit = selectors.unit_detail(request.user, pk)
    return [
        HistoryOut(kind=h.kind, at=h.at, actor=h.actor_name, reason=h.reason, changes=h.changes)
        for h in selectors.unit_history(unit)
    ]


def _require_edit(request: HttpRequest, bureau_id: int | None = None) -> None:
    if not has_perm(request.user, Perm.DIRECTORY_EDIT):
        raise PermissionDenied("需要名录库编辑权限")
    if bureau_id is not None and not can_write_bureau(request.user, bureau_id):
        raise PermissionDenied("只能修改本局的名录")


def _errors(exc: services.UnitInputError) -> dict[str, Any]:
    return {"detail": [{"field": k, "message": m} for k, m in exc.errors]}


@router.post("/", response={201: UnitOut, 422: ErrorOut}, summary="入库")
def create_unit(request: HttpRequest, payload: UnitIn) -> Any:
    _require_edit(request)
    values = payload.dict()
    reason = values.pop("reason")
    try:
        unit = services.enter_unit(actor=request.user, bureau=request.user.bureau, values=values, reason=reason)  # type: ignore[union-attr,arg-type]
    except services.UnitInputError as exc:
        return Status(422, _errors(exc))
    return Status(201, _out(unit))


@router.put("/{int:pk}", response={200: UnitOut, 422: ErrorOut}, summary="变更")
def update_unit(request: HttpRequest, pk: int, payload: UnitIn) -> Any:
    unit = selectors.unit_detail(request.user, pk)
    _require_edit(request, unit.bureau_id)
    values = payload.dict()
    reason = values.pop("reason")
    try:
        unit = services.change_unit(actor=request.user, unit=unit, values=values, reason=reason)
    except services.UnitInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _out(selectors.unit_detail(request.user, pk)))


@router.post("/{int:pk}/exit", response={200: UnitOut, 422: ErrorOut}, summary="退库")
def exit_unit(request: HttpRequest, pk: int, payload: ReasonIn) -> Any:
    unit = selectors.unit_detail(request.user, pk)
    _require_edit(request, unit.bureau_id)
    try:
        services.exit_unit(actor=request.user, unit=unit, reason=payload.reason)
    except services.UnitInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _out(selectors.unit_detail(request.user, pk)))
