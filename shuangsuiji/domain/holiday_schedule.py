"""Reading a year's holiday schedule as an administrator types it from the State Council's notice.

One line per day or range of days: the date (or `first~last`), the holiday's name, and 休 (day off) or 班 (make-up
working day), separated by spaces, tabs or commas — so a CSV with the columns 日期,名称,类型 (or 开始日期,结束日期,
名称,类型) reads the same way::

    2027-01-01 元旦 休
    2027-02-06~2027-02-13 春节 休
    2027-02-14 春节 班

Dates may also be written 2027/2/6, 2027年2月6日, or without the year (2月6日, 02-06). Blank lines and lines
starting with # are ignored, and so is a first line of column headings. Every problem is reported with its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from shuangsuiji.domain import holidays as statutory
from shuangsuiji.domain.workdays import YearSchedule

WEEKDAYS = "一二三四五六日"
_OFF = {"休", "休息", "放假", "假", "off"}
_WORK = {"班", "上班", "补班", "调休上班", "work"}
_RANGE = re.compile(r"\s*(?:~|～|至|——|—|--)\s*")
_SPLIT = re.compile(r"[\s,，;；、]+")
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SHORT_DATE = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
MAX_RANGE_DAYS = 31
MAX_NAME_LENGTH = 20


@dataclass(frozen=True)
class LineError:
    """One problem in the text, with its line number (0 for a problem of the whole schedule)."""

    line_no: int
    text: str
    message: str

    def __str__(self) -> str:
        return f"第{self.line_no}行“{self.text}”：{self.message}" if self.line_no else self.message


class ScheduleError(ValueError):
    """The schedule text has problems; `errors` names each one with its line."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("；".join(map(str, errors)))
        self.errors = errors


@dataclass(frozen=True)
class _Entry:
    line_no: int
    text: str
    days: list[dt.date]
    name: str
    is_workday: bool


def weekday_name(day: dt.date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


def parse_schedule(text: str, *, year: int, revision: str = "") -> YearSchedule:
    """The schedule of `year` from the administrator's lines; ScheduleError naming every bad line."""
    errors: list[LineError] = []
    entries: list[_Entry] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#") or (not entries and not errors and "日期" in line):
            continue
        try:
            entries.append(_parse_line(line_no, line, year))
        except _LineProblem as problem:
            errors.append(LineError(line_no, line, str(problem)))
    days_off, makeup = _collect(entries, errors)
    if not entries and not errors:
        errors.append(LineError(0, "", f"没有填写 {year} 年的放假安排"))
    if not errors:
        errors += _missing_statutory_days(year, days_off)
    if errors:
        raise ScheduleError(errors)
    return YearSchedule(year, days_off, makeup, revision)


class _LineProblem(Exception):
    pass


def _parse_line(line_no: int, line: str, year: int) -> _Entry:
    tokens = [t for t in _SPLIT.split(_RANGE.sub("~", line)) if t]
    if len(tokens) == 4 and _looks_like_date(tokens[1]):
        tokens = [f"{tokens[0]}~{tokens[1]}", tokens[2], tokens[3]]
    if len(tokens) != 3:
        raise _LineProblem("格式应为“日期或日期范围 名称 休/班”，例如“2027-02-06~2027-02-13 春节 休”")
    dates, name, kind = tokens
    if kind not in _OFF | _WORK:
        raise _LineProblem(f"类型“{kind}”无法识别，应为“休”（放假）或“班”（调休上班）")
    if len(name) > MAX_NAME_LENGTH:
        raise _LineProblem(f"名称过长（最多 {MAX_NAME_LENGTH} 个字）")
    days = _days(dates, year)
    is_workday = kind in _WORK
    if is_workday:
        weekdays = [d for d in days if d.weekday() < 5]
        if weekdays:
            day = weekdays[0]
            raise _LineProblem(f"{day.isoformat()} 是{weekday_name(day)}，本来就是工作日，不能列为调休上班日（班）")
    return _Entry(line_no, line, days, name, is_workday)


def _days(dates: str, year: int) -> list[dt.date]:
    first_text, _, last_text = dates.partition("~")
    first = _date(first_text, year)
    last = _date(last_text, year) if last_text else first
    if last < first:
        raise _LineProblem(f"结束日期 {last.isoformat()} 早于开始日期 {first.isoformat()}")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise _LineProblem(f"日期范围超过 {MAX_RANGE_DAYS} 天，请检查")
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _looks_like_date(token: str) -> bool:
    return bool(_FULL_DATE.match(token) or _SHORT_DATE.match(token))


def _date(token: str, year: int) -> dt.date:
    full, short = _FULL_DATE.match(token), _SHORT_DATE.match(token)
    if full:
        parts = (int(full[1]), int(full[2]), int(full[3]))
    elif short:
        parts = (year, int(short[1]), int(short[2]))
    else:
        raise _LineProblem(f"“{token}”不是日期，应写作 {year}-01-01 或 {year}年1月1日")
    try:
        day = dt.date(*parts)
    except ValueError:
        raise _LineProblem(f"日期“{token}”不存在") from None
    if day.year != year:
        raise _LineProblem(f"日期 {day.isoformat()} 不在 {year} 年内")
    return day


def _collect(entries: list[_Entry], errors: list[LineError]) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """The days off and make-up days; a date listed twice is an error on the second line."""
    days_off: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    seen: dict[dt.date, int] = {}
    for entry in entries:
        for day in entry.days:
            if day in seen:
                message = f"{day.isoformat()} 已在第{seen[day]}行列出"
                errors.append(LineError(entry.line_no, entry.text, message))
                break
            seen[day] = entry.line_no
            (makeup if entry.is_workday else days_off)[day] = entry.name
    return days_off, makeup


def _missing_statutory_days(year: int, days_off: dict[dt.date, str]) -> list[LineError]:
    """Every day fixed by law (国务院令第795号) must be a day off in the notice; a missing one is a typo."""
    if not statutory.FIRST_YEAR <= year <= statutory.LAST_YEAR:
        return []
    missing: dict[str, list[str]] = {}
    for day, name in sorted(statutory.statutory_holidays(year).items()):
        if day not in days_off:
            missing.setdefault(name, []).append(day.isoformat())
    return [
        LineError(0, "", f"缺少法定节假日{name}（{'、'.join(days)}）：国务院令第795号规定全体公民放假，请对照通知补全")
        for name, days in missing.items()
    ]


def format_schedule(schedule: YearSchedule) -> str:
    """The schedule as lines `parse_schedule` reads back, consecutive days of one holiday joined into a range."""
    rows = sorted(
        [(d, n, "休") for d, n in schedule.days_off.items()]
        + [(d, n, "班") for d, n in schedule.makeup_workdays.items()]
    )
    lines: list[str] = []
    start = 0
    for i, (day, name, kind) in enumerate(rows):
        following = rows[i + 1] if i + 1 < len(rows) else None
        if following and following[0] - day == dt.timedelta(days=1) and following[1:] == (name, kind):
            continue
        first = rows[start][0]
        dates = first.isoformat() if first == day else f"{first.isoformat()}~{day.isoformat()}"
        lines.append(f"{dates} {name} {kind}")
        start = i + 1
    return "\n".join(lines)
