"""Creating and changing tasks, and their directed (定向) targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.scope import ScopeError, normalize_components, normalize_scope
from shuangsuiji.tasks.models import DirectedTarget, Draw, Target, Task

EDITABLE = (
    "name",
    "period_start",
    "period_end",
    "scope",
    "exclude_inspected_days",
    "yearly_cap",
    "exclude_open_tasks",
    "strata_components",
    "allocation",
    "risk_ratios",
    "total_n",
    "minimum_per_stratum",
    "reserve_per_stratum",
    "group_size",
    "inspector_expertise",
    "avoid_last_inspector",
    "avoid_same_township",
)


class TaskError(Exception):
    """A task action that is not allowed now, or bad settings; the message is for the user."""


def _event(actor: Any, task: Task, action: str, summary: str, data: dict[str, Any] | None = None) -> None:
    record_event(
        actor=actor, bureau_id=task.bureau_id, action=f"tasks.{action}", obj=task, summary=summary, data=data or {}
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def create_task(
    *,
    actor: Any,
    bureau: Any,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    items: list[Any],
    plan_line: Any = None,
    adhoc_reason: str = "",
    kind: str = Task.Kind.OWN,
    parent: Task | None = None,
    **settings: Any,
) -> Task:
    """A task from a plan line (its scope, item and the plan's ratios by default) or ad hoc with a reason."""
    if plan_line is None and not adhoc_reason.strip() and kind != Task.Kind.SHARE:
        raise TaskError("计划外任务须说明原因")
    if not items:
        raise TaskError("请至少选择一个抽查事项")
    if plan_line is not None and plan_line.version.status not in ("published", "superseded"):
        raise TaskError("只能从已发布的年度计划事项建立任务")
    defaults = _defaults_from_plan(plan_line)
    defaults.update(settings)
    with transaction.atomic():
        year = period_start.year
        number = (Task.objects.filter(bureau=bureau, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
        task = Task(
            bureau=bureau,
            year=year,
            number=number,
            name=name,
            kind=kind,
            plan_line=plan_line,
            adhoc_reason=adhoc_reason,
            parent=parent,
            period_start=period_start,
            period_end=period_end,
            created_by=_user(actor),
        )
        _apply(task, defaults)
        task.full_clean()
        task.save()
        task.items.set(items)
        _event(
            actor,
            task,
            "task_created",
            f"新建抽查任务：{name}",
            {"plan_line": getattr(plan_line, "pk", None), "adhoc_reason": adhoc_reason, "kind": kind},
        )
    return task


def _defaults_from_plan(plan_line: Any) -> dict[str, Any]:
    if plan_line is None:
        return {"risk_ratios": {"A": [1, 100], "B": [3, 100], "C": [5, 100], "D": [20, 100]}}
    version = plan_line.version
    return {"scope": dict(plan_line.scope), "risk_ratios": dict(version.risk_ratios), "yearly_cap": version.yearly_cap}


def _apply(task: Task, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key not in EDITABLE:
            raise TaskError(f"不能设置字段 {key}")
        setattr(task, key, value)
    try:
        task.scope = normalize_scope(task.scope or {})
        task.strata_components = normalize_components(
            task.strata_components or [], by_risk_ratios=task.allocation == Task.Allocation.RATIOS
        )
    except ScopeError as exc:
        raise TaskError(str(exc)) from None
    if task.allocation == Task.Allocation.TOTAL and not task.total_n:
        raise TaskError("按总数分配时请填写抽取总数")
    if task.allocation == Task.Allocation.RATIOS:
        from shuangsuiji.planning.services import PlanError, validate_risk_ratios

        try:
            validate_risk_ratios(task.risk_ratios)
        except PlanError as exc:
            raise TaskError(str(exc)) from None
    if task.group_size < 2:
        raise TaskError("每组检查人员不得少于2人")


def update_task(*, actor: Any, task: Task, **values: Any) -> Task:
    """Change a task's settings while no draw has been committed (the frame is not frozen yet)."""
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        _require_editable(task)
        _apply(task, values)
        task.full_clean()
        task.save()
        _event(actor, task, "task_updated", "修改抽查任务设置", {"changed": sorted(values)})
    return task


def _require_editable(task: Task) -> None:
    if task.status != Task.Status.DRAFT:
        raise TaskError(f"任务已{task.get_status_display()}，不能再修改设置")
    if task.draws.filter(status__in=[Draw.Status.COMMITTED, Draw.Status.REVEALED, Draw.Status.CONFIRMED]).exists():
        raise TaskError("摇号已公告承诺，抽样框和参数不能再修改；如需更正请作废本次摇号")


def set_items(*, actor: Any, task: Task, items: list[Any]) -> None:
    with transaction.atomic():
        _require_editable(task)
        if not items:
            raise TaskError("请至少选择一个抽查事项")
        task.items.set(items)
        _event(actor, task, "task_items_changed", "修改抽查事项", {"items": [i.pk for i in items]})


def add_directed_target(
    *, actor: Any, task: Task, unit: Any, reason_kind: str, reason: str, source_ref: str = ""
) -> DirectedTarget:
    """定向: a unit checked for a stated reason (anomaly, complaint, superior's assignment), never in the random draw."""
    if not reason.strip():
        raise TaskError("定向检查须说明原因")
    if reason_kind not in DirectedTarget.Reason.values:
        raise TaskError("请选择定向原因类别")
    if task.status in (Task.Status.COMPLETED, Task.Status.CANCELLED):
        raise TaskError("任务已结束，不能再添加定向检查对象")
    try:
        with transaction.atomic():
            directed = DirectedTarget.objects.create(
                task=task,
                unit=unit,
                reason_kind=reason_kind,
                reason=reason,
                source_ref=source_ref,
                added_by=_user(actor),
            )
            Target.objects.create(
                task=task,
                unit=unit,
                bureau_id=unit.bureau_id,
                frame_id=unit.uscc,
                kind=Target.Kind.DIRECTED,
                directed=directed,
            )
            _event(
                actor,
                task,
                "directed_target_added",
                f"定向检查对象：{unit.name}",
                {"unit": unit.pk, "reason_kind": reason_kind, "reason": reason, "source": source_ref},
            )
    except IntegrityError:
        raise TaskError(f"{unit.name} 已是本任务的定向检查对象") from None
    return directed


def remove_directed_target(*, actor: Any, directed: DirectedTarget, reason: str) -> None:
    task = directed.task
    with transaction.atomic():
        target = getattr(directed, "target", None)
        if target is not None and hasattr(target, "inspections") and target.inspections.exists():
            raise TaskError("该对象已有检查记录，不能移除")
        name = directed.unit.name
        directed.delete()
        _event(actor, task, "directed_target_removed", f"移除定向检查对象：{name}", {"reason": reason})


def cancel_task(*, actor: Any, task: Task, reason: str) -> Task:
    if not reason.strip():
        raise TaskError("请填写取消原因")
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status in (Task.Status.COMPLETED, Task.Status.CANCELLED):
            raise TaskError(f"任务已{task.get_status_display()}")
        task.status, task.cancelled_reason = Task.Status.CANCELLED, reason
        task.save(update_fields=["status", "cancelled_reason"])
        _event(actor, task, "task_cancelled", "取消抽查任务", {"reason": reason})
    return task
