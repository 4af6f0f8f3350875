"""Reads of tasks, draws and targets, always inside the viewer's region scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from shuangsuiji.organisations.selectors import visible_bureau_ids
from shuangsuiji.tasks.models import Assignment, DirectedTarget, Draw, Group, GroupMember, JointPartner, Target, Task


def tasks_in_scope(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related("bureau", "plan_line")


def task_detail(user: Any, pk: int) -> Task:
    partners = JointPartner.objects.select_related("department__bureau", "agency")
    queryset = tasks_in_scope(user).prefetch_related("items", Prefetch("partners", queryset=partners))
    return get_object_or_404(queryset, pk=pk)


def live_draw(task: Task) -> Draw | None:
    return task.draws.exclude(status=Draw.Status.CANCELLED).first()


def draw_in_scope(user: Any, pk: int) -> Draw:
    queryset = Draw.objects.filter(task__bureau_id__in=visible_bureau_ids(user)).select_related("task__bureau")
    return get_object_or_404(queryset, pk=pk)


def draw_by_public_id(draw_id: str) -> Draw | None:
    return Draw.objects.filter(draw_id=draw_id).select_related("task__bureau").first()


def draw_groups(draw: Draw) -> list[Group]:
    members = GroupMember.objects.select_related("inspector").order_by("position")
    return list(
        draw.groups.prefetch_related(Prefetch("members", queryset=members)).order_by("department_code", "index")
    )


def task_targets(task: Task, *, kinds: tuple[str, ...] = ("random", "directed")) -> QuerySet[Target]:
    assignments = Assignment.objects.select_related("group")
    return (
        task.targets.filter(kind__in=kinds)
        .select_related("unit", "bureau", "replaces")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("kind", "ticket_order", "stratum", "rank", "id")
    )


def reserves(draw: Draw) -> QuerySet[Target]:
    return draw.targets.filter(kind=Target.Kind.RESERVE).select_related("unit").order_by("stratum", "rank")


def directed_of(task: Task) -> QuerySet[DirectedTarget]:
    return task.directed_targets.select_related("unit", "added_by").order_by("id")


def targets_of_unit(unit_id: int) -> QuerySet[Target]:
    return Target.objects.filter(unit_id=unit_id).select_related("task__bureau", "draw").order_by("-created_at")


def draws_for_tasks(task_ids: list[int]) -> dict[int, Draw]:
    draws = Draw.objects.filter(task_id__in=task_ids).exclude(status=Draw.Status.CANCELLED)
    return {d.task_id: d for d in draws}


def partner_invitations(user: Any) -> QuerySet[JointPartner]:
    """Joint-task invitations addressed to the user's bureau departments."""
    return JointPartner.objects.filter(department__bureau_id=user.bureau_id).select_related(
        "task__bureau", "department"
    )


def workload(bureau_ids: list[int], year: int) -> list[dict[str, Any]]:
    """Targets per inspector across the year's tasks (active assignments of confirmed draws)."""
    rows = (
        GroupMember.objects.filter(
            is_active=True,
            group__draw__status=Draw.Status.CONFIRMED,
            group__draw__task__year=year,
            group__draw__task__bureau_id__in=bureau_ids,
            inspector__isnull=False,
        )
        .values("inspector_id", "inspector_name", "inspector_code")
        .annotate(
            targets=Count("group__assignments", filter=Q(group__assignments__target__state="active")),
            tasks=Count("group__draw__task", distinct=True),
        )
        .order_by("-targets", "inspector_name")
    )
    return list(rows)
