"""tick: the daily run (cron) that keeps the statutory deadlines up to date.

It opens the year's fixed-date deadlines (annual plan, annual report) of every bureau when missing and not yet
past (a first run late in the year does not raise alarms about what was done before the platform), records
overdue deadlines, and e-mails each bureau's coordinators about deadlines due within N working days or overdue
(once a day per deadline) when mail is configured. Running it twice a day does no harm.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from shuangsuiji.cli.base import resolve_actor, setup_django, usage_error
from shuangsuiji.cli.calendar import parse_date

if TYPE_CHECKING:
    from shuangsuiji.deadlines.services import ReminderReport


def register(subparsers: Any) -> None:
    tick = subparsers.add_parser(
        "tick",
        help="daily deadline run: open yearly deadlines, record overdue ones, e-mail reminders (run from cron)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tick.add_argument("--today", type=parse_date, metavar="DATE", help="run as of DATE (default: today)")
    tick.add_argument(
        "--within", type=int, default=5, metavar="N", help="remind about deadlines due within N working days (5)"
    )
    tick.add_argument("--user", help="platform user recorded as the actor (default: cli:<login>)")
    tick.set_defaults(func=cmd_tick)


def cmd_tick(args: argparse.Namespace) -> int:
    if not 0 <= args.within <= 60:
        raise usage_error("--within must be between 0 and 60 working days")
    setup_django()
    from django.utils import timezone

    from shuangsuiji.deadlines import selectors, services

    today = args.today or timezone.localdate()
    actor = resolve_actor(args.user)
    opened = services.open_yearly_deadlines(actor=actor, year=today.year, today=today)
    overdue = services.mark_overdue(actor=actor, today=today)
    report = services.send_reminders(actor=actor, today=today, within_workdays=args.within)
    from shuangsuiji.cases.credit import expire_listings

    expired = expire_listings(actor=actor, today=today)
    print(f"tick {today.isoformat()}")
    print(f"opened {len(opened)} yearly deadlines")
    print(f"marked {len(overdue)} deadlines overdue")
    print(f"ended {expired} credit listings whose publicity term is over")
    _print_reminders(report)
    for year in selectors.unannounced_years(today):
        print(f"warning: no holiday schedule entered for {year}; deadlines reaching into it are provisional")
    return 1 if report.failures else 0


def _print_reminders(report: ReminderReport) -> None:
    if not report.is_mail_configured:
        print(
            f"reminders: mail is not configured (SHUANGSUIJI_EMAIL_HOST is unset); "
            f"{report.deadlines_due} deadlines due or overdue were not reminded"
        )
        return
    print(f"reminders: {report.emails_sent} e-mails covering {report.deadlines_reminded} deadlines")
    for name in report.bureaus_without_recipients:
        print(f"warning: {name} has no coordinator with an e-mail address; no reminder sent")
    for failure in report.failures:
        print(f"error: reminder mail failed for {failure}", file=sys.stderr)
