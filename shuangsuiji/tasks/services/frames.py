"""Building a task's frame (抽样框) from the 名录库: scope, then the exclusions applied before the frame freezes —
not 在营, inspected within the window, the yearly cap across all tasks and departments reached, already in another
open task — each excluded unit with its reason (draw-spec §1)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from shuangsuiji.directory.models import Unit
from shuangsuiji.directory.selectors import units_matching_scope
from shuangsuiji.domain import units as vocab
from shuangsuiji.domain.scope import stratum_function
from shuangsuiji.organisations.selectors import bureau_by_id, subtree
from shuangsuiji.tasks.models import Draw, Target, Task

FRAME_FIELDS = (
    "id",
    "uscc",
    "bureau_id",
    "risk_class",
    "scale_category",
    "industry_section",
    "industry_division",
    "size_class",
    "growth_band",
    "region_code",
    "status",
)
REASONS = {
    "status": "经营状态不在营",
    "recent": "检查周期内已被抽查",
    "cap": "本年度检查次数已达上限",
    "open_task": "已在其他未完成的抽查任务中",
    "duplicate": "统一社会信用代码在抽样框中重复",
}


@dataclass
class FrameRow:
    unit_id: int
    frame_id: str
    stratum: str
    bureau_id: int
    region_code: str


@dataclass
class Excluded:
    unit_id: int
    frame_id: str
    reason: str
    detail: str


@dataclass
class FrameSummary:
    in_scope: int = 0
    frame_count: int = 0
    strata: Counter[str] = field(default_factory=Counter)
    excluded: Counter[str] = field(default_factory=Counter)
    excluded_sample: list[Excluded] = field(default_factory=list)


def scope_queryset(task: Task) -> QuerySet[Unit]:
    """Units of the 名录库 inside the task's scope (before exclusions)."""
    bureau = bureau_by_id(task.bureau_id)
    codes = (task.scope or {}).get("bureaus") or []
    bureau_ids = [b.pk for b in subtree(bureau) if not codes or b.code in codes]
    return units_matching_scope(bureau_ids, task.scope or {})


def _counted_targets(task: Task) -> QuerySet[Target]:
    """Targets that count as inspections: active random or directed targets of confirmed draws (or directed)."""
    return (
        Target.objects.filter(state=Target.State.ACTIVE, kind__in=[Target.Kind.RANDOM, Target.Kind.DIRECTED])
        .filter(Q(draw__status=Draw.Status.CONFIRMED) | Q(draw__isnull=True))
        .exclude(task=task)
    )


def _history(task: Task) -> tuple[dict[int, int], dict[int, dt.datetime], dict[int, str]]:
    counted = _counted_targets(task)
    year_counts = dict(
        counted.filter(task__year=task.year).values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n")
    )
    since = task.period_start - dt.timedelta(days=task.exclude_inspected_days)
    recent = dict(
        counted.filter(created_at__date__gte=since)
        .values("unit_id")
        .annotate(last=Max("created_at"))
        .values_list("unit_id", "last")
    )
    open_tasks: dict[int, str] = {}
    if task.exclude_open_tasks:
        rows = counted.filter(task__status__in=[Task.Status.DRAWN, Task.Status.IN_PROGRESS]).values_list(
            "unit_id", "task__name"
        )
        open_tasks = dict(rows)
    return year_counts, recent, open_tasks


def build_frame(task: Task) -> Iterator[FrameRow | Excluded]:
    """Stream the frame: FrameRow for each unit drawn from, Excluded (with reason) for each unit left out."""
    code_of = stratum_function(task.strata_components or ["scale"], FRAME_FIELDS)
    year_counts, recent, open_tasks = _history(task)
    seen: set[str] = set()
    # Ordered by id, so that of two units with the same code the older one is the one in the frame.
    rows = scope_queryset(task).order_by("id").values_list(*FRAME_FIELDS)
    for values in rows.iterator(chunk_size=20_000):
        unit_id, code = values[0], values[1]
        if (
            values[10] != "OPERATING"
            or unit_id in year_counts
            or unit_id in recent
            or unit_id in open_tasks
            or code in seen
        ):
            reason = _exclusion(
                task, dict(zip(FRAME_FIELDS, values, strict=True)), year_counts, recent, open_tasks, seen
            )
            if reason is not None:
                yield Excluded(unit_id, code, reason[0], reason[1])
                continue
        seen.add(code)
        yield FrameRow(unit_id, code, code_of(values), values[2], values[9])


def collect_frame(task: Task) -> tuple[list[tuple[str, str]], list[Excluded], dict[str, str]]:
    """The frame rows (id, stratum), the excluded units and each frame unit's region — in one tight pass for the
    commitment of a big frame (same rules as build_frame)."""
    code_of = stratum_function(task.strata_components or ["scale"], FRAME_FIELDS)
    year_counts, recent, open_tasks = _history(task)
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    regions: dict[str, str] = {}
    excluded: list[Excluded] = []
    suspicious = set(year_counts) | set(recent) | set(open_tasks)
    for values in scope_queryset(task).order_by("id").values_list(*FRAME_FIELDS).iterator(chunk_size=50_000):
        code = values[1]
        if values[10] != "OPERATING" or values[0] in suspicious or code in seen:
            reason = _exclusion(
                task, dict(zip(FRAME_FIELDS, values, strict=True)), year_counts, recent, open_tasks, seen
            )
            if reason is not None:
                excluded.append(Excluded(values[0], code, reason[0], reason[1]))
                continue
        seen.add(code)
        rows.append((code, code_of(values)))
        regions[code] = values[9]
    return rows, excluded, regions


def _exclusion(
    task: Task,
    record: dict[str, Any],
    year_counts: dict[int, int],
    recent: dict[int, dt.datetime],
    open_tasks: dict[int, str],
    seen: set[str],
) -> tuple[str, str] | None:
    unit_id = record["id"]
    if record["status"] != "OPERATING":
        return "status", f"状态：{vocab.STATUSES.get(record['status'], record['status'])}"
    if year_counts.get(unit_id, 0) >= task.yearly_cap:
        return "cap", f"{task.year}年已被检查 {year_counts[unit_id]} 次（上限 {task.yearly_cap} 次）"
    if unit_id in open_tasks:
        return "open_task", f"已在任务“{open_tasks[unit_id]}”中"
    if unit_id in recent:
        return "recent", f"{recent[unit_id]:%Y-%m-%d} 被抽查（{task.exclude_inspected_days} 天内）"
    if record["uscc"] in seen:
        return "duplicate", "同一统一社会信用代码已在抽样框中"
    return None


def summarize(task: Task, sample: int = 200) -> FrameSummary:
    """What the frame would be if frozen now: counts per stratum and the excluded units with reasons."""
    summary = FrameSummary()
    for entry in build_frame(task):
        summary.in_scope += 1
        if isinstance(entry, FrameRow):
            summary.frame_count += 1
            summary.strata[entry.stratum] += 1
        else:
            summary.excluded[entry.reason] += 1
            if len(summary.excluded_sample) < sample:
                summary.excluded_sample.append(entry)
    return summary
