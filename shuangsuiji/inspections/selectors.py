"""Reads of inspection records: an inspector sees the targets of the groups he belongs to; bureau staff see
their bureau and those below it; everything else is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.core.home import Panel
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.core.roles import Role
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.inspections.vocabulary import checkpoints_for as checkpoints_for  # re-exported for readers
from shuangsuiji.inspections.vocabulary import outcome_categories as outcome_categories
from shuangsuiji.organisations.selectors import visible_bureau_ids
from shuangsuiji.tasks.models import Draw, GroupMember, Target


@dataclass
class MyTarget:
    target: Target
    inspection: Inspection | None
    members: list[str]

    @property
    def state_label(self) -> str:
        return self.inspection.get_state_display() if self.inspection else "待检查"


def my_targets(user: Any, *, open_only: bool = False) -> list[MyTarget]:
    """The inspector's assigned targets (groups he is an active member of), with their records."""
    inspector = getattr(user, "inspector", None)
    if inspector is None:
        return []
    group_ids = list(GroupMember.objects.filter(inspector=inspector, is_active=True).values_list("group_id", flat=True))
    targets = (
        Target.objects.filter(
            groups__in=group_ids,
            state=Target.State.ACTIVE,
            kind__in=[Target.Kind.RANDOM, Target.Kind.DIRECTED],
        )
        .filter(Q(draw__isnull=True) | Q(draw__status=Draw.Status.CONFIRMED))
        .select_related("unit", "task", "task__bureau")
        .distinct()
        .order_by("task__period_end", "task_id", "ticket_order", "id")
    )
    records = {i.target_id: i for i in Inspection.objects.filter(target__in=targets, recheck_of__isnull=True)}
    members: dict[int, list[str]] = {}
    for gm in GroupMember.objects.filter(group_id__in=group_ids, is_active=True).order_by("position"):
        members.setdefault(gm.group_id, []).append(gm.inspector_name)
    out = []
    for target in targets:
        group_id = next((a.group_id for a in target.assignments.all()), None)
        record = records.get(target.pk)
        if open_only and record and record.state not in (Inspection.State.PENDING, Inspection.State.IN_PROGRESS):
            continue
        out.append(MyTarget(target, record, members.get(group_id or 0, [])))
    return out


def visible_inspections(user: Any) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("unit", "task", "task__bureau", "bureau", "target")
    if has_perm(user, Perm.INSPECTION_VIEW) and not user.role_set <= {Role.INSPECTOR}:
        return qs.filter(bureau_id__in=visible_bureau_ids(user))
    inspector = getattr(user, "inspector", None)
    if inspector is None:
        return qs.none()
    groups = GroupMember.objects.filter(inspector=inspector).values("group_id")
    return qs.filter(group_id__in=groups)


def inspection_for(user: Any, pk: int) -> Inspection:
    try:
        return visible_inspections(user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("没有这条检查记录") from None


def target_for_inspector(user: Any, pk: int) -> Target:
    """A target the user may open: in one of his groups, or in his bureau when he reviews."""
    qs = Target.objects.select_related("unit", "task", "draw")
    target = qs.filter(pk=pk).first()
    if target is None:
        raise Http404("没有这个检查对象")
    if has_perm(user, Perm.INSPECTION_REVIEW) and target.bureau_id in visible_bureau_ids(user):
        return target
    inspector = getattr(user, "inspector", None)
    if (
        inspector
        and GroupMember.objects.filter(inspector=inspector, is_active=True, group__assignments__target=target).exists()
    ):
        return target
    raise Http404("没有这个检查对象")


def review_queue(user: Any) -> QuerySet[Inspection]:
    return Inspection.objects.filter(bureau_id=user.bureau_id, state=Inspection.State.SUBMITTED).select_related(
        "unit", "task"
    )


def publication_queue(user: Any) -> QuerySet[Inspection]:
    return Inspection.objects.filter(
        bureau_id=user.bureau_id, state__in=[Inspection.State.ACCEPTED, Inspection.State.FOR_PUBLICATION]
    ).select_related("unit", "task")


def results_between(bureau_ids: list[int], start: Any, end: Any) -> QuerySet[Inspection]:
    """Accepted (or later) records whose result date falls in [start, end] — what reports count."""
    return Inspection.objects.filter(
        bureau_id__in=bureau_ids,
        state__in=[Inspection.State.ACCEPTED, Inspection.State.FOR_PUBLICATION, Inspection.State.PUBLISHED],
        result_date__gte=start,
        result_date__lte=end,
    )


def inspector_panel(user: Any) -> Panel | None:
    if getattr(user, "inspector", None) is None:
        return None
    mine = my_targets(user, open_only=True)
    panel = Panel(title="我的检查任务", order=5)
    panel.stats = [("待完成的检查对象", len(mine))]
    overdue = [m for m in mine if m.target.task.period_end < timezone.localdate()]
    if overdue:
        panel.warnings.append(f"{len(overdue)} 个检查对象已超过任务检查期限")
    panel.links = [("打开我的任务", reverse("inspections:mine"))]
    return panel


def review_panel(user: Any) -> Panel | None:
    if user.bureau_id is None or not has_perm(user, Perm.INSPECTION_REVIEW):
        return None
    panel = Panel(title="检查记录审核与公示", order=15)
    panel.stats = [
        ("待审核", review_queue(user).count()),
        ("待公示", publication_queue(user).count()),
    ]
    panel.links = [("审核检查记录", reverse("inspections:review_list"))]
    return panel
