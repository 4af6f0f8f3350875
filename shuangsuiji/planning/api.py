"""Annual plans over REST: read every version; submit, approve, return, publish and adjust through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.organisations.selectors import can_write_bureau
from shuangsuiji.planning import selectors, services
from shuangsuiji.planning.models import AnnualPlan, PlanVersion

router = Router(tags=["年度抽查计划"])


class LineOut(Schema):
    order: int
    item: str
    item_version_id: int
    scope: dict[str, list[str]]
    ratio_percent: Decimal
    frequency: int
    schedule: list[str]


class VersionOut(Schema):
    id: int
    number: int
    status: str
    title: str
    adjustment_reason: str
    coverage_target_percent: Decimal
    category_targets: dict[str, str]
    township_target_percent: Decimal | None
    risk_ratios: dict[str, list[int]]
    yearly_cap: int
    published_at: dt.datetime | None
    lines: list[LineOut]


class PlanOut(Schema):
    id: int
    bureau: str
    year: int
    current_version: int | None
    versions: list[VersionOut]


class ActionIn(Schema):
    reason: str = ""


class ErrorOut(Schema):
    detail: str


def _version(v: PlanVersion) -> VersionOut:
    lines = [
        LineOut(
            order=line.order,
            item=line.item_version.name,
            item_version_id=line.item_version_id,
            scope=line.scope,
            ratio_percent=line.ratio_percent,
            frequency=line.frequency,
            schedule=line.schedule,
        )
        for line in v.lines.all()
    ]
    return VersionOut(
        id=v.pk,
        number=v.number,
        status=v.status,
        title=v.title,
        adjustment_reason=v.adjustment_reason,
        coverage_target_percent=v.coverage_target_percent,
        category_targets=v.category_targets,
        township_target_percent=v.township_target_percent,
        risk_ratios=v.risk_ratios,
        yearly_cap=v.yearly_cap,
        published_at=v.published_at,
        lines=lines,
    )


def _plan(plan: AnnualPlan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        bureau=plan.bureau.code,
        year=plan.year,
        current_version=plan.current_version.number if plan.current_version else None,
        versions=[_version(v) for v in plan.versions.all()],
    )


@router.get("/", response=list[PlanOut])
def list_plans(request: HttpRequest) -> list[PlanOut]:
    return [_plan(selectors.plan_detail(request.user, p.pk)) for p in selectors.plans_in_scope(request.user)[:50]]


@router.get("/{int:pk}", response=PlanOut)
def get_plan(request: HttpRequest, pk: int) -> PlanOut:
    return _plan(selectors.plan_detail(request.user, pk))


ACTIONS: dict[str, tuple[Perm, Callable[[Any, PlanVersion, str], Any]]] = {
    "submit": (Perm.PLAN_EDIT, lambda u, v, r: services.submit(actor=u, version=v)),
    "approve": (Perm.PLAN_APPROVE, lambda u, v, r: services.approve(actor=u, version=v, note=r)),
    "return": (Perm.PLAN_APPROVE, lambda u, v, r: services.return_for_changes(actor=u, version=v, reason=r)),
    "publish": (Perm.PLAN_EDIT, lambda u, v, r: services.publish(actor=u, version=v)),
}


@router.post("/versions/{int:pk}/{action}", response={200: VersionOut, 409: ErrorOut})
def version_action(request: HttpRequest, pk: int, action: str, payload: ActionIn) -> Any:
    version = selectors.version_in_scope(request.user, pk)
    if action not in ACTIONS:
        return Status(409, {"detail": f"未知操作 {action}"})
    perm, run = ACTIONS[action]
    if not has_perm(request.user, perm) or not can_write_bureau(request.user, version.plan.bureau_id):
        raise PermissionDenied("无权进行此操作")
    try:
        run(request.user, version, payload.reason)
    except services.PlanError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, _version(selectors.version_in_scope(request.user, pk)))
