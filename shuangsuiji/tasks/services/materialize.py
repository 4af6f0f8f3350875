"""Turning a draw result (RESULT.json) into rows the platform works with: targets with their tickets, reserves in
order, groups with their members, and the assignment of groups to targets (including directed targets)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shuangsuiji.core.bulk import adapt_datetime, fast_insert, reserve_ids
from shuangsuiji.directory.selectors import unit_rows_by_code
from shuangsuiji.inspectors.models import Inspector
from shuangsuiji.tasks.models import Assignment, Draw, Group, GroupMember, Target

_TARGET_FIELDS = (
    "task",
    "draw",
    "unit",
    "bureau",
    "frame_id",
    "kind",
    "state",
    "stratum",
    "ticket",
    "rank",
    "ticket_order",
    "needs_manual_group",
    "substitution_reason",
    "out_of_scope_reason",
    "created_at",
)


def targets_and_groups(draw: Draw, result: dict[str, Any]) -> None:
    """Create the Target rows (selected and reserves), the groups and the assignment of a revealed draw."""
    order = {frame_id: index for index, frame_id in enumerate(result["targets"])}
    entries = [
        (code, kind, rank, entry)
        for code, stratum in result["strata"].items()
        for kind, key in ((Target.Kind.RANDOM, "selected"), (Target.Kind.RESERVE, "reserve"))
        for rank, entry in enumerate(stratum[key], start=1)
    ]
    units = unit_rows_by_code(draw.task.bureau_id, [entry["id"] for _, _, _, entry in entries])
    ids = reserve_ids(Target, len(entries))
    now = adapt_datetime(timezone.now())
    rows = []
    for code, kind, rank, entry in entries:
        unit_id, bureau_id = units[entry["id"]]
        state = Target.State.ACTIVE if kind == Target.Kind.RANDOM else Target.State.STANDBY
        target = (draw.task_id, draw.pk, unit_id, bureau_id, entry["id"], kind, state, code, entry["ticket"], rank)
        rows.append((*target, order.get(entry["id"]), False, "", "", now))
    if ids is None:
        fast_insert(Target, _TARGET_FIELDS, rows)
        targets = dict(draw.targets.filter(kind=Target.Kind.RANDOM).values_list("frame_id", "id"))
    else:
        fast_insert(Target, ("id", *_TARGET_FIELDS), ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
        targets = {e["id"]: pk for pk, (_, kind, _, e) in zip(ids, entries, strict=True) if kind == Target.Kind.RANDOM}
    _groups(draw, "", result, targets)
    for code, part in (result.get("departments") or {}).items():
        _groups(draw, code, part, targets)


def _groups(draw: Draw, department: str, part: dict[str, Any], targets: dict[str, int]) -> None:
    """The groups of one pool (the lead's, or a partner department's) and their assigned targets."""
    order, groups = part.get("inspector_order", []), part.get("groups", [])
    assignment: list[dict[str, Any]] = part.get("assignment", [])
    position = {inspector_id: index for index, inspector_id in enumerate(order)}
    inspectors = {i.certificate_no: i for i in Inspector.objects.filter(certificate_no__in=order)}
    created = []
    for index, members in enumerate(groups):
        group = Group.objects.create(
            draw=draw, index=index, department_code=department, department_label=_label(draw, department)
        )
        GroupMember.objects.bulk_create(
            GroupMember(
                group=group,
                inspector=inspectors.get(code),
                inspector_code=code,
                inspector_name=getattr(inspectors.get(code), "name", ""),
                position=position.get(code, 0),
            )
            for code in members
        )
        created.append(group)
    links, manual = [], []
    for row in assignment:
        if row.get("group") is None:
            manual.append(targets[row["target"]])
        else:
            links.append((targets[row["target"]], created[row["group"]].pk, False))
    fast_insert(Assignment, ("target", "group", "is_manual"), links)
    if manual:
        Target.objects.filter(pk__in=manual).update(needs_manual_group=True)


def _label(draw: Draw, department: str) -> str:
    if not department:
        return draw.task.bureau.name
    partner = draw.task.partners.filter(code=department).first()
    return partner.label if partner else department


def assign_directed(draw: Draw) -> None:
    """Directed targets are not drawn; after confirmation they join the lead's groups in turn, skipping a group
    with a 回避 conflict (recorded as a non-random, documented assignment)."""
    groups = list(draw.groups.filter(department_code="").order_by("index").prefetch_related("members"))
    if not groups:
        return
    from shuangsuiji.tasks.storage import read_conflicts

    conflicts = read_conflicts(draw)
    directed = draw.task.targets.filter(kind=Target.Kind.DIRECTED, assignments__isnull=True).order_by("id")
    for index, target in enumerate(directed):
        chosen = None
        for step in range(len(groups)):
            group = groups[(index + step) % len(groups)]
            codes = {m.inspector_code for m in group.members.all() if m.is_active}
            if not any((code, target.frame_id) in conflicts for code in codes):
                chosen = group
                break
        if chosen is None:
            Target.objects.filter(pk=target.pk).update(needs_manual_group=True)
        else:
            Assignment.objects.create(target=target, group=chosen)


def clear(draw: Draw) -> None:
    """Remove the working rows of a cancelled draw (its files and record stay)."""
    Assignment.objects.filter(group__draw=draw).delete()
    GroupMember.objects.filter(group__draw=draw).delete()
    draw.groups.all().delete()
    draw.targets.all().delete()
