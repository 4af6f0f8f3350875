"""Reads: the working-day calendar as the database holds it, the bureaus' rules, deadlines and the board.

Pages and the API read deadlines only through the scoped selectors (`deadlines_in_scope`, `deadline_detail`,
`due_board`): a user sees their own bureau and the bureaus below it; anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.core.home import Panel
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.deadlines.models import Deadline, DeadlineNote, DeadlineQuerySet, DeadlineRule, HolidaySchedule
from shuangsuiji.domain.deadline_rules import DEFAULT_RULES, Rule
from shuangsuiji.domain.holidays import LAST_YEAR
from shuangsuiji.domain.workdays import LIBRARY_YEARS, DaySource, WorkdayCalendar
from shuangsuiji.organisations.selectors import visible_bureau_ids

BOARD_HORIZON_WORKDAYS = 5


# --- the calendar ---------------------------------------------------------------------------------------------------


def current_calendar() -> WorkdayCalendar:
    """The calendar every deadline is computed on: entered years first, then chinesecalendar, then the law."""
    return HolidaySchedule.objects.calendar()


@dataclass(frozen=True)
class CalendarYear:
    year: int
    source: DaySource
    schedule: HolidaySchedule | None

    @property
    def source_label(self) -> str:
        return {
            DaySource.ANNOUNCED: "已录入国务院通知",
            DaySource.LIBRARY: "chinesecalendar 已收录",
            DaySource.PROVISIONAL: "暂定（仅按法定节假日推算）",
        }[self.source]


def calendar_years(today: dt.date) -> list[CalendarYear]:
    """Last year to two years ahead, plus every year with an entered schedule, with where their days come from."""
    schedules = {s.year: s for s in HolidaySchedule.objects.select_related("entered_by")}
    calendar = current_calendar()
    years = sorted({*range(today.year - 1, min(today.year + 2, LAST_YEAR) + 1), *schedules})
    return [CalendarYear(y, calendar.source(y), schedules.get(y)) for y in years]


def holiday_schedule(year: int) -> HolidaySchedule | None:
    return HolidaySchedule.objects.filter(year=year).select_related("entered_by").first()


def unannounced_years(today: dt.date) -> list[int]:
    """This year, and from November next year, when neither chinesecalendar nor an entered notice covers them."""
    wanted = [today.year, today.year + 1] if today.month >= 11 else [today.year]
    entered = set(HolidaySchedule.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in entered and y not in LIBRARY_YEARS]


# --- rules ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BureauRule:
    rule: Rule
    is_default: bool
    override: DeadlineRule | None


def rule_for(bureau_id: int, code: str) -> Rule:
    """The rule a new deadline of `code` is opened with in the bureau: its own setting, else the default."""
    return DeadlineRule.objects.rule_for(bureau_id, code)


def rules_for(bureau_id: int) -> list[BureauRule]:
    overrides = {r.code: r for r in DeadlineRule.objects.filter(bureau_id=bureau_id).select_related("updated_by")}
    rows = []
    for default in DEFAULT_RULES:
        override = overrides.get(default.code)
        rows.append(BureauRule(override.as_rule() if override else default, override is None, override))
    return rows


# --- deadlines ------------------------------------------------------------------------------------------------------


def deadlines_for(subject_type: str, subject_id: str) -> list[Deadline]:
    """Every deadline of one subject, for the app that owns the subject (which has already checked access)."""
    return list(
        Deadline.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
        .select_related("bureau")
        .order_by("due_on", "id")
    )


def deadlines_in_scope(user: Any) -> DeadlineQuerySet:
    return Deadline.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related("bureau")


def deadline_detail(user: Any, pk: int) -> Deadline:
    return get_object_or_404(deadlines_in_scope(user), pk=pk)


def deadline_notes(deadline: Deadline) -> list[DeadlineNote]:
    return list(deadline.notes.order_by("at", "id"))


@dataclass(frozen=True)
class DueBoard:
    """The coordinator's board: what falls due within the horizon, what is overdue, what was done late."""

    today: dt.date
    horizon: dt.date
    due_soon: list[Deadline]
    overdue: list[Deadline]
    done_late: list[Deadline]

    @property
    def has_provisional(self) -> bool:
        return any(d.is_provisional for d in (*self.due_soon, *self.overdue))


def due_board(user: Any, today: dt.date, bureau_id: int | None = None, limit: int = 200) -> DueBoard:
    """Deadlines due from today to the 5th working day after it, overdue ones, and those done late this past year."""
    horizon = current_calendar().add_workdays(today, BOARD_HORIZON_WORKDAYS).on
    scope = deadlines_in_scope(user)
    if bureau_id is not None:
        scope = scope.filter(bureau_id=bureau_id)
    active = scope.active()
    return DueBoard(
        today=today,
        horizon=horizon,
        due_soon=list(active.filter(due_on__gte=today, due_on__lte=horizon).order_by("due_on", "id")[:limit]),
        overdue=list(active.filter(due_on__lt=today).order_by("due_on", "id")[:limit]),
        done_late=list(
            scope.filter(status=Deadline.Status.DONE_LATE, done_on__gte=today - dt.timedelta(days=365)).order_by(
                "-done_on", "-id"
            )[:limit]
        ),
    )


def board_counts(user: Any, today: dt.date) -> dict[str, int]:
    horizon = current_calendar().add_workdays(today, BOARD_HORIZON_WORKDAYS).on
    scope = deadlines_in_scope(user)
    active = scope.active()
    return {
        "due_soon": active.filter(due_on__gte=today, due_on__lte=horizon).count(),
        "overdue": active.filter(due_on__lt=today).count(),
        "done_late": scope.filter(
            status=Deadline.Status.DONE_LATE, done_on__gte=today - dt.timedelta(days=365)
        ).count(),
        "provisional": active.filter(is_provisional=True).count(),
    }


def home_panel(user: Any) -> Panel | None:
    """Counts of the board for coordinators and leaders; a warning for administrators when a year is unannounced."""
    if user.bureau_id is None:
        return None
    today = timezone.localdate()
    counts = board_counts(user, today)
    panel = Panel(title="法定期限", order=20)
    panel.stats = [
        ("5个工作日内到期", counts["due_soon"]),
        ("已逾期", counts["overdue"]),
        ("近一年逾期完成", counts["done_late"]),
    ]
    if counts["provisional"]:
        panel.warnings.append(f"有 {counts['provisional']} 项期限的到期日为暂定：所跨年份的放假安排尚未公布。")
    if has_perm(user, Perm.CALENDAR_EDIT):
        panel.warnings += [
            f"尚未录入{y}年国务院放假安排，跨入该年的期限按法定节假日暂定计算。" for y in unannounced_years(today)
        ]
    panel.links = [("期限看板", reverse("deadlines:board"))]
    return panel
