"""calendar add-workdays and calendar is-workday: the working-day calendar from the command line.

Both read the holiday schedules an administrator entered (so they set Django up), then chinesecalendar, then the
statutory rule for a year neither covers — whose answers are provisional.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from shuangsuiji.cli.base import setup_django, usage_error

MAX_WORKDAYS = 10_000


def register(subparsers: Any) -> None:
    calendar = subparsers.add_parser("calendar", help="the working-day calendar (statutory holidays and 调休)")
    commands = calendar.add_subparsers(dest="calendar_command", metavar="COMMAND")
    commands.required = True

    add = commands.add_parser(
        "add-workdays",
        help="print the N-th working day after DATE (DATE itself not counted, 行政处罚法 Art. 85)",
        description="Print the N-th working day after DATE as YYYY-MM-DD, followed by ' provisional' when a day "
        "counted lies in a year whose holiday schedule has not been announced. DATE is not counted. "
        "A negative N counts back; 0 gives DATE if it is a working day, else the next one.",
    )
    add.add_argument("date", type=parse_date, metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("n", type=parse_count, metavar="N", help="number of working days")
    add.set_defaults(func=cmd_add_workdays)

    check = commands.add_parser(
        "is-workday",
        help="print yes or no",
        description="Print yes if DATE is a working day, no otherwise (a note goes to stderr when provisional).",
    )
    check.add_argument("date", type=parse_date, metavar="DATE", help="YYYY-MM-DD")
    check.set_defaults(func=cmd_is_workday)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> dt.date:
    raise argparse.ArgumentTypeError(f"invalid date {text!r}: expected a real date written YYYY-MM-DD")


def parse_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of working days {text!r}: expected a whole number") from None
    if abs(value) > MAX_WORKDAYS:
        raise argparse.ArgumentTypeError(f"N must be between -{MAX_WORKDAYS} and {MAX_WORKDAYS}")
    return value


def load_calendar() -> Any:
    """The calendar with the entered schedules; without them (database not migrated) a note on stderr."""
    setup_django()
    from django.db import DatabaseError

    from shuangsuiji.deadlines.selectors import current_calendar
    from shuangsuiji.domain.workdays import WorkdayCalendar

    try:
        return current_calendar()
    except DatabaseError:
        print(
            "note: the holiday table is not available (run `shuangsuiji migrate`); "
            "using chinesecalendar and the statutory rule only",
            file=sys.stderr,
        )
        return WorkdayCalendar()


def cmd_add_workdays(args: argparse.Namespace) -> int:
    from shuangsuiji.domain.workdays import CalendarRangeError

    calendar = load_calendar()
    try:
        due = calendar.add_workdays(args.date, args.n)
    except CalendarRangeError as exc:
        raise usage_error(str(exc)) from None
    print(due.on.isoformat() + (" provisional" if due.is_provisional else ""))
    return 0


def cmd_is_workday(args: argparse.Namespace) -> int:
    from shuangsuiji.domain.workdays import CalendarRangeError

    calendar = load_calendar()
    try:
        answer = calendar.is_workday(args.date)
    except CalendarRangeError as exc:
        raise usage_error(str(exc)) from None
    print("yes" if answer.is_workday else "no")
    if answer.is_provisional:
        print(
            f"note: provisional — the {args.date.year} holiday schedule has not been announced; "
            "the answer follows weekends and the statutory holidays only",
            file=sys.stderr,
        )
    return 0
