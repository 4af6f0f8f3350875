"""Working days on the Chinese calendar, and the legal rules for counting periods over them.

Which days are working days comes, for each year, from the first of these that has the year:

1. an officially announced schedule supplied by the caller (the State Council's yearly 放假安排 notice, entered by an
   administrator) — it takes precedence over everything else;
2. the `chinesecalendar` package (import name `chinese_calendar`), which covers 2004–2026 in version 1.11.0;
3. the law alone (国务院令第795号, see `holidays.statutory_holidays`): weekends plus the 13 statutory days, without
   any 调休. Such a year is **provisional**: every answer that depends on one of its days says so, and the
   platform recomputes it once the year's notice is entered.

Counting rules (domain-rules §5.1):

- 行政处罚法 Art 85: the "二日、三日、五日、七日" of that law are working days → `add_workdays`.
- 民法典 Art 201: the day the period starts is not counted; counting begins the next day.
- 民法典 Art 202: a period in months ends on the corresponding day of the last month, or on that month's last day
  when it has no such day → `add_months`.
- 民法典 Art 203: when the last day of a period is a 法定休假日, the period ends on the day after the holiday ends.
  Read, as courts do (民通意见 198: "星期日或者其他法定休假日 … 有变通的，以实际休假日的次日"), as: the period ends
  on the next working day of the actual calendar, 调休 included → `add_calendar_days`, `add_months`.

Make-up working days (调休上班日, a Saturday or Sunday declared a working day) count as working days unless the
calendar is built with `count_makeup_workdays=False`; Art 85's text does not settle it, practice counts them.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

import chinese_calendar

from shuangsuiji.domain import holidays as statutory

LIBRARY_VERSION = f"chinesecalendar-{chinese_calendar.__version__}"


def _library_name(english: str) -> str:
    """The Chinese name of one of chinesecalendar's holidays ("Spring Festival" → 春节)."""
    try:
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english


_LIBRARY_DAYS_OFF: dict[dt.date, str] = {d: _library_name(n) for d, n in chinese_calendar.holidays.items()}
_LIBRARY_MAKEUP: dict[dt.date, str] = {d: _library_name(n) for d, n in chinese_calendar.workdays.items()}
LIBRARY_YEARS = range(min(_LIBRARY_DAYS_OFF).year, max(_LIBRARY_DAYS_OFF).year + 1)


class DaySource(StrEnum):
    """Where a year's working days come from."""

    ANNOUNCED = "announced"
    LIBRARY = "chinesecalendar"
    PROVISIONAL = "provisional"


class CalendarRangeError(ValueError):
    """A day in a year for which the calendar has no data and cannot compute one."""


class Workday(NamedTuple):
    """Whether a day is a working day, and whether that answer is provisional (the year is not announced)."""

    is_workday: bool
    is_provisional: bool


class Due(NamedTuple):
    """The last day of a period, and whether any day it depends on lies in a year not yet announced."""

    on: dt.date
    is_provisional: bool


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: its days off (holidays and their 调休 rest days) and make-up working days."""

    year: int
    days_off: Mapping[dt.date, str]
    makeup_workdays: Mapping[dt.date, str] = field(default_factory=dict)
    revision: str = ""

    def __post_init__(self) -> None:
        strays = [d for d in (*self.days_off, *self.makeup_workdays) if d.year != self.year]
        if strays:
            raise ValueError(f"dates outside {self.year}: {', '.join(map(str, sorted(strays)))}")
        both = sorted(set(self.days_off) & set(self.makeup_workdays))
        if both:
            raise ValueError(f"both a day off and a make-up working day: {', '.join(map(str, both))}")
        weekdays = sorted(d for d in self.makeup_workdays if d.weekday() < 5)
        if weekdays:
            raise ValueError(f"make-up working days must be Saturdays or Sundays: {', '.join(map(str, weekdays))}")

    @property
    def digest(self) -> str:
        """Six hex digits identifying the dates (not the names), so a corrected schedule gets a new version."""
        lines = [f"{d.isoformat()} off" for d in sorted(self.days_off)]
        lines += [f"{d.isoformat()} work" for d in sorted(self.makeup_workdays)]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:6]

    @property
    def version_part(self) -> str:
        revision = f"@{self.revision}" if self.revision else ""
        return f"announced:{self.year}{revision}#{self.digest}"


@dataclass(frozen=True)
class _Year:
    source: DaySource
    days_off: Mapping[dt.date, str]
    makeup: Mapping[dt.date, str]
    version_part: str


class WorkdayCalendar:
    """The working-day calendar over announced schedules, chinesecalendar and the law, with the counting rules."""

    def __init__(self, announced: Iterable[YearSchedule] = (), *, count_makeup_workdays: bool = True) -> None:
        self._announced = {schedule.year: schedule for schedule in announced}
        self.count_makeup_workdays = count_makeup_workdays
        self._years: dict[int, _Year] = {}

    # --- which data ---------------------------------------------------------------------------------------------

    def source(self, year: int) -> DaySource:
        """Where `year`'s working days come from; CalendarRangeError when nowhere."""
        return self._year(year).source

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._load(year)
        return found

    def _load(self, year: int) -> _Year:
        schedule = self._announced.get(year)
        if schedule is not None:
            return _Year(DaySource.ANNOUNCED, schedule.days_off, schedule.makeup_workdays, schedule.version_part)
        if year in LIBRARY_YEARS:
            off = {d: n for d, n in _LIBRARY_DAYS_OFF.items() if d.year == year}
            makeup = {d: n for d, n in _LIBRARY_MAKEUP.items() if d.year == year}
            return _Year(DaySource.LIBRARY, off, makeup, "")
        if statutory.FIRST_YEAR <= year <= statutory.LAST_YEAR:
            return _Year(DaySource.PROVISIONAL, statutory.statutory_holidays(year), {}, f"provisional:{year}")
        raise CalendarRangeError(
            f"no calendar data for {year}: chinesecalendar covers {LIBRARY_YEARS.start}–{LIBRARY_YEARS.stop - 1}, "
            f"the statutory rule {statutory.FIRST_YEAR}–{statutory.LAST_YEAR}, and no schedule was announced"
        )

    def version_between(self, first: dt.date, last: dt.date) -> str:
        """The data behind every day from `first` to `last`, e.g. chinesecalendar-1.11.0+provisional:2027."""
        low, high = sorted((first.year, last.year))
        parts = [LIBRARY_VERSION]
        parts += [y.version_part for y in map(self._year, range(low, high + 1)) if y.version_part]
        if not self.count_makeup_workdays:
            parts.append("makeup-as-rest")
        return "+".join(parts)

    @property
    def version(self) -> str:
        """The data of the whole calendar: the library and every announced year."""
        parts = [LIBRARY_VERSION, *(self._announced[y].version_part for y in sorted(self._announced))]
        if not self.count_makeup_workdays:
            parts.append("makeup-as-rest")
        return "+".join(parts)

    # --- single days --------------------------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> Workday:
        """Whether `day` is a working day (weekday not off, or a counted make-up day), and if that is provisional."""
        year = self._year(day.year)
        provisional = year.source is DaySource.PROVISIONAL
        if day in year.makeup:
            return Workday(self.count_makeup_workdays, provisional)
        return Workday(day.weekday() < 5 and day not in year.days_off, provisional)

    def day_name(self, day: dt.date) -> str | None:
        """The holiday a day belongs to (a day off or a make-up working day), or None for an ordinary day."""
        year = self._year(day.year)
        return year.days_off.get(day) or year.makeup.get(day)

    def special_days(self, year: int) -> list[tuple[dt.date, bool, str]]:
        """The year's days off and make-up working days as (date, is_makeup_workday, holiday name), in date order."""
        data = self._year(year)
        rows = [(d, False, n) for d, n in data.days_off.items()] + [(d, True, n) for d, n in data.makeup.items()]
        return sorted(rows)

    # --- periods ------------------------------------------------------------------------------------------------

    def add_workdays(self, start: dt.date, n: int) -> Due:
        """The n-th working day after `start`, which is not counted (行政处罚法 Art 85, 民法典 Art 201).

        A negative n counts back: the n-th working day before `start`. n = 0 gives `start` when it is a working
        day and the next working day otherwise, as chinesecalendar's find_workday(0, start) does. Unlike
        find_workday, a start on a day off is still not counted: 1 working day after a Saturday is the Monday.
        """
        if n == 0:
            return self._next_workday(start)
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining, day, provisional = abs(n), start, False
        while remaining:
            day += step
            answer = self.is_workday(day)
            provisional = provisional or answer.is_provisional
            if answer.is_workday:
                remaining -= 1
        return Due(day, provisional)

    def add_calendar_days(self, start: dt.date, n: int) -> Due:
        """The last day of a period of n calendar days from `start` (not counted), moved past a day off (Art 203)."""
        if n < 1:
            raise ValueError(f"a period of calendar days needs at least 1 day, not {n}")
        return self._next_workday(start + dt.timedelta(days=n))

    def add_months(self, start: dt.date, n: int) -> Due:
        """The last day of a period of n months: the corresponding day (Art 202), moved past a day off (Art 203)."""
        if n < 1:
            raise ValueError(f"a period of months needs at least 1 month, not {n}")
        return self._next_workday(same_day_months_later(start, n))

    def _next_workday(self, day: dt.date) -> Due:
        """`day` if it is a working day, otherwise the first working day after it (民法典 Art 203)."""
        provisional = False
        while True:
            answer = self.is_workday(day)
            provisional = provisional or answer.is_provisional
            if answer.is_workday:
                return Due(day, provisional)
            day += dt.timedelta(days=1)


def same_day_months_later(start: dt.date, n: int) -> dt.date:
    """The corresponding day n months later, or that month's last day when it has none (民法典 Art 202)."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, _gregorian.monthrange(year, month)[1]))
