"""The inspector pool and the 回避 (conflict) list a draw commits to, before any random input exists (spec §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from shuangsuiji.inspectors.models import Inspector, InspectorConflict
from shuangsuiji.tasks.models import Assignment, Draw, Task


def eligible_pool(task: Task, on: dt.date) -> list[Inspector]:
    """在岗 inspectors of the task's bureau with a certificate valid on the ceremony day, matching the task's
    expertise and department requirements."""
    inspectors = Inspector.objects.filter(
        bureau_id=task.bureau_id, status=Inspector.Status.ON_DUTY, certificate_valid_until__gte=on
    ).select_related("department")
    departments = list(task.inspector_departments.values_list("id", flat=True))
    if departments:
        inspectors = inspectors.filter(department_id__in=departments)
    for tag in task.inspector_expertise or []:
        inspectors = inspectors.filter(expertise__contains=f"|{tag}|")
    return sorted(inspectors, key=lambda i: i.certificate_no)


def ineligible_inspectors(task: Task, on: dt.date) -> list[tuple[Inspector, str]]:
    """The bureau's inspectors left out of the pool, with the reason (shown before the commitment)."""
    pool = {i.pk for i in eligible_pool(task, on)}
    left_out = []
    for inspector in Inspector.objects.filter(bureau_id=task.bureau_id).order_by("name"):
        if inspector.pk in pool:
            continue
        reason = inspector.ineligibility_reason(on) or "不符合本任务的专长或科室要求"
        left_out.append((inspector, reason))
    return left_out


def conflicts_for(task: Task, pool: list[Inspector], frame_units: Mapping[str, str]) -> set[tuple[str, str]]:
    """(inspector id, unit id) pairs that must not meet: declared relations, optionally the inspector who
    inspected the unit last time and inspectors living in the unit's township. `frame_units` maps frame id →
    12-digit region code."""
    by_pk = {i.pk: i.certificate_no for i in pool}
    pairs: set[tuple[str, str]] = set()
    declared = InspectorConflict.objects.filter(inspector_id__in=list(by_pk), is_active=True).values_list(
        "inspector_id", "unit_uscc"
    )
    pairs.update((by_pk[i], code) for i, code in declared if code in frame_units)
    if task.avoid_last_inspector:
        pairs.update(_last_inspectors(by_pk, frame_units))
    if task.avoid_same_township:
        pairs.update(_same_township(pool, frame_units))
    return pairs


def _last_inspectors(by_pk: dict[int, str], frame_units: Mapping[str, str]) -> Iterable[tuple[str, str]]:
    """The inspectors of each frame unit's most recent confirmed draw assignment (read by inspector, not by unit:
    the pool is small, the frame may hold a million units)."""
    rows = (
        Assignment.objects.filter(
            target__draw__status=Draw.Status.CONFIRMED,
            target__state="active",
            group__members__inspector_id__in=list(by_pk),
            group__members__is_active=True,
        )
        .values_list("target__frame_id", "target__created_at", "group__members__inspector_id")
        .order_by("target__frame_id", "-target__created_at")
    )
    latest: dict[str, Any] = {}
    for frame_id, created_at, inspector_id in rows.iterator(chunk_size=10_000):
        if frame_id not in frame_units:
            continue
        when = latest.setdefault(frame_id, created_at)
        if created_at == when:
            yield by_pk[inspector_id], frame_id


def _same_township(pool: list[Inspector], frame_units: Mapping[str, str]) -> Iterable[tuple[str, str]]:
    homes: dict[str, list[str]] = {}
    for inspector in pool:
        if len(inspector.home_region) == 12:
            homes.setdefault(inspector.home_region[:9], []).append(inspector.certificate_no)
    for frame_id, region in frame_units.items():
        for certificate in homes.get(region[:9], []) if len(region) == 12 else []:
            yield certificate, frame_id
