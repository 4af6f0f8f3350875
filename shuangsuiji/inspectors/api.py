"""The 执法检查人员名录库 over REST: the same filters, scope and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.inspectors import selectors, services
from shuangsuiji.inspectors.filters import InspectorFilter
from shuangsuiji.inspectors.models import Inspector, InspectorConflict
from shuangsuiji.inspectors.schemas import (
    ConflictIn,
    ConflictOut,
    ErrorOut,
    HistoryOut,
    InspectorIn,
    InspectorOut,
    InspectorPage,
    InspectorUpdateIn,
    ReasonIn,
    RenewIn,
    StatusIn,
)
from shuangsuiji.organisations.selectors import can_write_bureau

router = Router(tags=["执法检查人员名录库"])


class InspectorQuery(Schema):
    q: str = ""
    bureau: str = ""
    status: str = ""
    department: str = ""
    eligibility: str = ""
    expertise: str = ""
    after: int | None = None
    limit: int = 50


def _out(inspector: Inspector, on: dt.date | None = None) -> InspectorOut:
    on = on or timezone.localdate()
    reason = inspector.ineligibility_reason(on)
    return InspectorOut(
        id=inspector.pk,
        bureau_code=inspector.bureau.code,
        name=inspector.name,
        sex=inspector.get_sex_display(),
        certificate_no=inspector.certificate_no,
        certificate_valid_until=inspector.certificate_valid_until,
        department=inspector.department.name if inspector.department_id else "",  # type: ignore[union-attr]
        post=inspector.post,
        area=inspector.area,
        expertise=inspector.expertise_list,
        status=inspector.get_status_display(),
        home_region=inspector.home_region,
        staff_no=inspector.staff_no,
        phone=inspector.phone,
        user=inspector.user.username if inspector.user_id else None,  # type: ignore[union-attr]
        is_eligible=not reason,
        ineligibility_reason=reason,
    )


def _conflict_out(conflict: InspectorConflict) -> ConflictOut:
    return ConflictOut(
        id=conflict.pk,
        unit_uscc=conflict.unit_uscc,
        unit_name=conflict.unit_name,
        reason=conflict.reason,
        declared_on=conflict.declared_on,
        is_active=conflict.is_active,
        withdrawn_on=conflict.withdrawn_on,
        withdraw_reason=conflict.withdraw_reason,
    )


def _errors(exc: services.InspectorInputError) -> dict[str, Any]:
    return {"detail": [{"field": k, "message": m} for k, m in exc.errors]}


def _writable(request: HttpRequest, pk: int) -> Inspector:
    inspector = selectors.inspector_detail(request.user, pk)
    if not has_perm(request.user, Perm.INSPECTORS_EDIT):
        raise PermissionDenied("需要执法人员名录编辑权限")
    if not can_write_bureau(request.user, inspector.bureau_id):
        raise PermissionDenied("只能修改本局的执法人员")
    return inspector


@router.get("/", response=InspectorPage, summary="执法检查人员列表（按 id 倒序，用 after 翻页）")
def list_inspectors(request: HttpRequest, query: Query[InspectorQuery]) -> InspectorPage:
    inspector_filter = InspectorFilter.from_params(query.dict(exclude={"after", "limit"}))
    qs = selectors.filtered_inspectors(request.user, inspector_filter)
    qs = qs.select_related("bureau", "department", "user").order_by("-pk")
    if query.after:
        qs = qs.filter(pk__lt=query.after)
    limit = max(1, min(query.limit, 500))
    rows = list(qs[: limit + 1])
    items = rows[:limit]
    return InspectorPage(items=[_out(i) for i in items], next_after=items[-1].pk if len(rows) > limit else None)


@router.get("/{int:pk}", response=InspectorOut)
def get_inspector(request: HttpRequest, pk: int) -> InspectorOut:
    return _out(selectors.inspector_detail(request.user, pk))


@router.get("/{int:pk}/history", response=list[HistoryOut])
def inspector_history(request: HttpRequest, pk: int) -> list[HistoryOut]:
    inspector = selectors.inspector_detail(request.user, pk)
    return [
        HistoryOut(kind=h.kind, at=h.at, actor=h.actor_name, reason=h.reason, changes=h.changes)
        for h in selectors.inspector_history(inspector)
    ]


@router.post("/", response={201: InspectorOut, 422: ErrorOut}, summary="新增执法检查人员")
def create_inspector(request: HttpRequest, payload: InspectorIn) -> Any:
    bureau = getattr(request.user, "bureau", None)
    if not has_perm(request.user, Perm.INSPECTORS_EDIT) or bureau is None:
        raise PermissionDenied("需要执法人员名录编辑权限")
    values = payload.dict()
    reason = values.pop("reason")
    try:
        inspector = services.add_inspector(actor=request.user, bureau=bureau, values=values, reason=reason)
    except services.InspectorInputError as exc:
        return Status(422, _errors(exc))
    return Status(201, _out(selectors.inspector_detail(request.user, inspector.pk)))


@router.put("/{int:pk}", response={200: InspectorOut, 422: ErrorOut}, summary="变更（只改给出的字段）")
def update_inspector(request: HttpRequest, pk: int, payload: InspectorUpdateIn) -> Any:
    inspector = _writable(request, pk)
    values = {k: v for k, v in payload.dict().items() if v is not None and k != "reason"}
    try:
        services.change_inspector(actor=request.user, inspector=inspector, values=values, reason=payload.reason)
    except services.InspectorInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _out(selectors.inspector_detail(request.user, pk)))


@router.post("/{int:pk}/status", response={200: InspectorOut, 422: ErrorOut}, summary="状态变更")
def change_status(request: HttpRequest, pk: int, payload: StatusIn) -> Any:
    inspector = _writable(request, pk)
    try:
        services.change_status(actor=request.user, inspector=inspector, status=payload.status, reason=payload.reason)
    except services.InspectorInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _out(selectors.inspector_detail(request.user, pk)))


@router.post("/{int:pk}/certificate", response={200: InspectorOut, 422: ErrorOut}, summary="执法证换发")
def renew_certificate(request: HttpRequest, pk: int, payload: RenewIn) -> Any:
    inspector = _writable(request, pk)
    try:
        services.renew_certificate(
            actor=request.user,
            inspector=inspector,
            valid_until=payload.valid_until,
            certificate_no=payload.certificate_no,
            reason=payload.reason,
        )
    except services.InspectorInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _out(selectors.inspector_detail(request.user, pk)))


@router.get("/{int:pk}/conflicts", response=list[ConflictOut], summary="回避申报")
def list_conflicts(request: HttpRequest, pk: int) -> list[ConflictOut]:
    inspector = selectors.inspector_detail(request.user, pk)
    return [_conflict_out(c) for c in selectors.inspector_conflicts(inspector)]


@router.post("/{int:pk}/conflicts", response={201: ConflictOut, 422: ErrorOut}, summary="申报回避")
def declare_conflict(request: HttpRequest, pk: int, payload: ConflictIn) -> Any:
    inspector = _writable(request, pk)
    try:
        conflict = services.declare_conflict(
            actor=request.user,
            inspector=inspector,
            unit_uscc=payload.unit_uscc,
            unit_name=payload.unit_name,
            reason=payload.reason,
        )
    except services.InspectorInputError as exc:
        return Status(422, _errors(exc))
    return Status(201, _conflict_out(conflict))


@router.post(
    "/{int:pk}/conflicts/{int:conflict_pk}/withdraw", response={200: ConflictOut, 422: ErrorOut}, summary="撤回回避"
)
def withdraw_conflict(request: HttpRequest, pk: int, conflict_pk: int, payload: ReasonIn) -> Any:
    inspector = _writable(request, pk)
    conflict = selectors.conflict_of(inspector, conflict_pk)
    try:
        conflict = services.withdraw_conflict(actor=request.user, conflict=conflict, reason=payload.reason)
    except services.InspectorInputError as exc:
        return Status(422, _errors(exc))
    return Status(200, _conflict_out(conflict))
