"""Tasks and the draw ceremony over REST: the same services and scope as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from shuangsuiji.catalog.selectors import published_versions_for_bureau
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.core.roles import Role
from shuangsuiji.directory.selectors import unit_by_code
from shuangsuiji.organisations.selectors import can_write_bureau
from shuangsuiji.planning.selectors import published_lines
from shuangsuiji.tasks import selectors
from shuangsuiji.tasks.models import Draw, Task
from shuangsuiji.tasks.schemas import (
    DirectedIn,
    DrawOut,
    ErrorOut,
    PrepareIn,
    ReasonIn,
    RevealIn,
    TargetOut,
    TaskIn,
    TaskOut,
)
from shuangsuiji.tasks.services import ceremony, tasks

router = Router(tags=["抽查任务与摇号"])


def _task_out(task: Task, draw: Draw | None) -> TaskOut:
    return TaskOut(
        id=task.pk,
        code=task.code,
        name=task.name,
        bureau=task.bureau.code,
        kind=task.kind,
        status=task.status,
        period_start=task.period_start,
        period_end=task.period_end,
        draw_status=draw.status if draw else None,
        draw_id=draw.draw_id if draw else None,
    )


def _draw_out(draw: Draw) -> DrawOut:
    return DrawOut(
        id=draw.pk,
        draw_id=draw.draw_id,
        status=draw.status,
        frame_count=draw.frame_count,
        frame_sha256=draw.frame_sha256,
        params=draw.params,
        params_sha256=draw.params_sha256,
        strata_counts=draw.strata_counts,
        inspector_pool_sha256=draw.inspector_pool_sha256,
        conflicts_sha256=draw.conflicts_sha256,
        seed_string=draw.seed_string,
        seed_sha256=draw.seed_sha256,
        result_sha256=draw.result_sha256,
    )


def _require(request: HttpRequest, perm: Perm, bureau_id: int) -> None:
    if not has_perm(request.user, perm) or not can_write_bureau(request.user, bureau_id):
        raise PermissionDenied("无权进行此操作")


@router.get("/", response=list[TaskOut])
def list_tasks(request: HttpRequest) -> list[TaskOut]:
    rows = list(selectors.tasks_in_scope(request.user)[:500])
    draws = selectors.draws_for_tasks([t.pk for t in rows])
    return [_task_out(t, draws.get(t.pk)) for t in rows]


@router.get("/{int:pk}", response=TaskOut)
def get_task(request: HttpRequest, pk: int) -> TaskOut:
    task = selectors.task_detail(request.user, pk)
    return _task_out(task, selectors.live_draw(task))


@router.post("/", response={201: TaskOut, 422: ErrorOut})
def create_task(request: HttpRequest, payload: TaskIn) -> Any:
    user: Any = request.user
    _require(request, Perm.TASK_EDIT, user.bureau_id)
    data = payload.dict()
    items = {v.pk: v for v in published_versions_for_bureau(user.bureau)}
    chosen = [items[i] for i in data.pop("item_version_ids") if i in items]
    line_id = data.pop("plan_line_id")
    line = published_lines(user.bureau_id, payload.period_start.year).filter(pk=line_id).first() if line_id else None
    try:
        task = tasks.create_task(actor=user, bureau=user.bureau, items=chosen, plan_line=line, **data)
    except tasks.TaskError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, _task_out(task, None))


@router.get("/{int:pk}/targets", response=list[TargetOut])
def task_targets(request: HttpRequest, pk: int) -> list[TargetOut]:
    task = selectors.task_detail(request.user, pk)
    return [
        TargetOut(
            id=t.pk,
            kind=t.kind,
            state=t.state,
            frame_id=t.frame_id,
            unit_name=t.unit.name,
            stratum=t.stratum,
            ticket=t.ticket,
            ticket_order=t.ticket_order,
            groups=[a.group.index for a in t.assignments.all()],
        )
        for t in selectors.task_targets(task)
    ]


@router.post("/{int:pk}/directed", response={201: dict, 422: ErrorOut})
def add_directed(request: HttpRequest, pk: int, payload: DirectedIn) -> Any:
    task = selectors.task_detail(request.user, pk)
    _require(request, Perm.DIRECTED_PROPOSE, task.bureau_id)
    unit = unit_by_code(request.user, payload.uscc)
    try:
        directed = tasks.add_directed_target(
            actor=request.user,
            task=task,
            unit=unit,
            reason_kind=payload.reason_kind,
            reason=payload.reason,
            source_ref=payload.source_ref,
        )
    except tasks.TaskError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, {"id": directed.pk})


@router.post("/{int:pk}/draw", response={201: DrawOut, 422: ErrorOut}, summary="准备摇号")
def prepare(request: HttpRequest, pk: int, payload: PrepareIn) -> Any:
    task = selectors.task_detail(request.user, pk)
    _require(request, Perm.DRAW_RUN, task.bureau_id)
    try:
        draw = ceremony.prepare_draw(actor=request.user, task=task, **payload.dict())
    except ceremony.DrawError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, _draw_out(draw))


@router.get("/draws/{int:pk}", response=DrawOut)
def get_draw(request: HttpRequest, pk: int) -> DrawOut:
    return _draw_out(selectors.draw_in_scope(request.user, pk))


def _step(request: HttpRequest, pk: int, perm: Perm, run: Any) -> Any:
    draw = selectors.draw_in_scope(request.user, pk)
    _require(request, perm, draw.task.bureau_id)
    try:
        draw = run(draw)
    except ceremony.DrawError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, _draw_out(draw))


@router.post("/draws/{int:pk}/commit", response={200: DrawOut, 409: ErrorOut}, summary="公告承诺")
def commit(request: HttpRequest, pk: int) -> Any:
    return _step(request, pk, Perm.DRAW_RUN, lambda d: ceremony.commit_draw(actor=request.user, draw=d))


@router.post("/draws/{int:pk}/reveal", response={200: DrawOut, 409: ErrorOut}, summary="揭晓")
def reveal(request: HttpRequest, pk: int, payload: RevealIn) -> Any:
    people = [w.dict() for w in payload.witnesses]
    return _step(
        request,
        pk,
        Perm.DRAW_RUN,
        lambda d: ceremony.reveal_draw(
            actor=request.user, draw=d, seed_inputs={"dice": payload.dice}, witnesses=people
        ),
    )


@router.post("/draws/{int:pk}/confirm", response={200: DrawOut, 409: ErrorOut}, summary="确认（法制室或局领导）")
def confirm(request: HttpRequest, pk: int, role: str) -> Any:
    user: Any = request.user
    if role not in ("coordinator", "leader") or (not user.is_superuser and Role(role) not in user.role_set):
        raise PermissionDenied("确认身份与您的角色不符")
    return _step(request, pk, Perm.DRAW_CONFIRM, lambda d: ceremony.confirm_draw(actor=user, draw=d, as_role=role))


@router.post("/draws/{int:pk}/cancel", response={200: DrawOut, 409: ErrorOut}, summary="作废")
def cancel(request: HttpRequest, pk: int, payload: ReasonIn) -> Any:
    return _step(
        request, pk, Perm.DRAW_RUN, lambda d: ceremony.cancel_draw(actor=request.user, draw=d, reason=payload.reason)
    )


@router.get("/draws/{int:pk}/result", summary="RESULT.json")
def result(request: HttpRequest, pk: int) -> Any:
    from shuangsuiji.tasks.engine import current_result

    draw = selectors.draw_in_scope(request.user, pk)
    if not draw.result_file:
        return Status(404, {"detail": "尚未揭晓"})
    return current_result(draw)
