"""Entering a year's official holiday schedule, and recomputing every open deadline that reaches into that year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.deadlines.models import AnnouncedHoliday, Deadline, HolidaySchedule
from shuangsuiji.deadlines.services.common import (
    actor_name,
    add_note,
    apply_computed,
    audit_bureau_id,
)
from shuangsuiji.domain.deadline_rules import compute_due
from shuangsuiji.domain.holiday_schedule import LineError, ScheduleError, parse_schedule
from shuangsuiji.domain.workdays import WorkdayCalendar

FIRST_YEAR, LAST_YEAR = 2004, 2099


@dataclass(frozen=True)
class ScheduleEntered:
    """The stored schedule and the deadlines whose due date, provisional flag or calendar version changed."""

    schedule: HolidaySchedule
    changed: list[Deadline]


def _check_source(year: int, source_url: str) -> None:
    problems = []
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(LineError(0, "", f"年份须在 {FIRST_YEAR} 到 {LAST_YEAR} 之间"))
    try:
        URLValidator(schemes=["http", "https"])(source_url)
    except ValidationError:
        problems.append(LineError(0, "", "请填写国务院办公厅放假安排通知的网址（http:// 或 https:// 开头）"))
    if problems:
        raise ScheduleError(problems)


def enter_holiday_schedule(*, actor: Any, year: int, text: str, source_url: str) -> ScheduleEntered:
    """Store `year`'s schedule from the State Council notice (replacing any earlier entry of that year) and, in the
    same transaction, recompute every open deadline that reaches into the year; ScheduleError names bad lines."""
    _check_source(year, source_url.strip())
    parsed = parse_schedule(text, year=year)
    with transaction.atomic():
        schedule = HolidaySchedule.objects.select_for_update().filter(year=year).first()
        is_new = schedule is None
        schedule = schedule or HolidaySchedule(year=year)
        schedule.source_url, schedule.text = source_url.strip(), text.strip()
        schedule.entered_by = actor if getattr(actor, "pk", None) else None
        schedule.entered_by_name, schedule.entered_at = actor_name(actor), timezone.now()
        schedule.full_clean(validate_constraints=False, validate_unique=False)
        schedule.save()
        schedule.days.all().delete()
        rows = [AnnouncedHoliday(schedule=schedule, on=d, is_workday=False, name=n) for d, n in parsed.days_off.items()]
        rows += [
            AnnouncedHoliday(schedule=schedule, on=d, is_workday=True, name=n)
            for d, n in parsed.makeup_workdays.items()
        ]
        AnnouncedHoliday.objects.bulk_create(rows)
        calendar = HolidaySchedule.objects.calendar()
        record_event(
            actor=actor,
            bureau_id=audit_bureau_id(actor),
            action="deadlines.holiday_schedule_entered",
            obj=schedule,
            summary=f"{'录入' if is_new else '更正'}{year}年放假安排",
            data={
                "year": year,
                "source_url": schedule.source_url,
                "days_off": len(parsed.days_off),
                "makeup_workdays": len(parsed.makeup_workdays),
                "calendar_version": calendar.version_between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            },
        )
        changed = recompute_deadlines(actor=actor, year=year, calendar=calendar)
    return ScheduleEntered(schedule, changed)


def recompute_deadlines(*, actor: Any, year: int, calendar: WorkdayCalendar | None = None) -> list[Deadline]:
    """Recount every open deadline reaching into `year` on the current calendar; each one that changes gets a note
    and an audit event, and its status follows its new due date. Runs inside the caller's transaction."""
    calendar = calendar or HolidaySchedule.objects.calendar()
    today = timezone.localdate()
    changed = []
    with transaction.atomic():
        touching = Deadline.objects.active().touching_year(year).select_related("bureau").order_by("id")
        for deadline in touching.select_for_update(of=("self",)):
            before = (deadline.due_on, deadline.is_provisional, deadline.calendar_version)
            apply_computed(deadline, compute_due(calendar, deadline.as_rule(), deadline.start_on))
            if (deadline.due_on, deadline.is_provisional, deadline.calendar_version) == before:
                continue
            deadline.status = Deadline.Status.OVERDUE if deadline.due_on < today else Deadline.Status.OPEN
            deadline.save(update_fields=["due_on", "is_provisional", "calendar_version", "status", "updated_at"])
            _record_recompute(deadline, actor, year, before)
            changed.append(deadline)
    return changed


def _record_recompute(deadline: Deadline, actor: Any, year: int, before: tuple[dt.date, bool, str]) -> None:
    old_due, was_provisional, old_version = before
    if old_due != deadline.due_on:
        what = f"到期日由 {old_due.isoformat()} 改为 {deadline.due_on.isoformat()}"
    else:
        what = f"到期日 {deadline.due_on.isoformat()} 不变"
    if was_provisional and not deadline.is_provisional:
        what += "，不再为暂定"
    elif deadline.is_provisional:
        what += "，仍为暂定"
    add_note(deadline, actor, f"按{year}年放假安排重新计算：{what}")
    record_event(
        actor=actor,
        bureau_id=deadline.bureau_id,
        action="deadlines.deadline_recomputed",
        obj=deadline,
        summary=f"按{year}年放假安排重新计算：{deadline}",
        data={
            "year": year,
            "due_on": [old_due.isoformat(), deadline.due_on.isoformat()],
            "is_provisional": [was_provisional, deadline.is_provisional],
            "calendar_version": [old_version, deadline.calendar_version],
        },
    )
