"""The fixed CLI interface (`calendar add-workdays`, `calendar is-workday`) and the daily `tick`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail

from shuangsuiji.cli import main
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.deadlines import services
from shuangsuiji.deadlines.models import Deadline
from tests.calendar_data import SCHEDULE_2027

D = dt.date
URL = "https://www.gov.cn/zhengce/content/2027-notice.htm"


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


# --- calendar -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "line"),
    [
        ("2026-09-30", "7", "2026-10-15\n"),
        ("2026-09-25", "20", "2026-10-29\n"),
        ("2026-02-12", "5", "2026-02-26\n"),
        ("2026-10-09", "1", "2026-10-10\n"),
        ("2026-12-28", "7", "2027-01-07 provisional\n"),
        ("2026-10-08", "-1", "2026-09-30\n"),
    ],
)
def test_add_workdays_prints_the_date_and_flags_provisional_answers(capsys: Any, start: str, n: str, line: str) -> None:
    assert run(capsys, "calendar", "add-workdays", start, n) == (0, line, "")


@pytest.mark.django_db
def test_is_workday_prints_yes_or_no(capsys: Any) -> None:
    assert run(capsys, "calendar", "is-workday", "2026-10-10") == (0, "yes\n", "")
    assert run(capsys, "calendar", "is-workday", "2026-10-05") == (0, "no\n", "")
    code, out, err = run(capsys, "calendar", "is-workday", "2027-02-08")
    assert (code, out) == (0, "no\n")
    assert "provisional" in err


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_commands_use_the_schedule_entered_by_the_administrator(capsys: Any, admin: Any) -> None:
    services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)
    assert run(capsys, "calendar", "add-workdays", "2027-02-03", "7") == (0, "2027-02-20\n", "")
    assert run(capsys, "calendar", "is-workday", "2027-01-31") == (0, "yes\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["calendar", "add-workdays", "2026-13-01", "3"], "invalid date '2026-13-01'"),
        (["calendar", "add-workdays", "26-10-01", "3"], "invalid date '26-10-01'"),
        (["calendar", "add-workdays", "2026-10-01", "seven"], "invalid number of working days 'seven'"),
        (["calendar", "is-workday", "tomorrow"], "invalid date 'tomorrow'"),
        (["calendar", "is-workday"], "the following arguments are required: DATE"),
    ],
)
def test_bad_arguments_exit_2_with_a_plain_message(capsys: Any, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err


@pytest.mark.django_db
def test_a_year_without_data_is_a_usage_error(capsys: Any) -> None:
    code, out, err = run(capsys, "calendar", "is-workday", "2003-05-01")
    assert (code, out) == (2, "")
    assert "no calendar data for 2003" in err


def test_the_installed_command_answers_on_its_own(tmp_path: Path) -> None:
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    command = [str(Path(sys.executable).with_name("shuangsuiji")), "calendar", "add-workdays", "2026-09-30", "7"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, "2026-10-15\n")
    assert "holiday table is not available" in done.stderr
    bad = subprocess.run(
        [*command[:3], "2026-02-30", "7"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert bad.returncode == 2 and "invalid date '2026-02-30'" in bad.stderr


# --- tick -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def mail_on(settings: Any) -> None:
    settings.EMAIL_HOST = "smtp.example.org"


def open_one(bureau: Any, subject_id: str, start_on: dt.date) -> Deadline:
    return services.open_deadline(
        actor=None,
        bureau=bureau,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id=subject_id,
        label=f"决定{subject_id}",
        start_on=start_on,
    )


@pytest.mark.django_db
def test_tick_records_overdue_and_reminds_the_coordinators_once_a_day(
    capsys: Any, mail_on: None, coordinator: Any, leader: Any, world: Any
) -> None:
    coordinator.email = "fazhi@yangcheng.example"
    coordinator.save()
    overdue = open_one(world.county, "1", D(2026, 9, 22))  # due 2026-10-09
    soon = open_one(world.county, "2", D(2026, 10, 9))  # due 2026-10-19
    later = open_one(world.county, "3", D(2026, 10, 12))  # due 2026-10-21
    code, out, _ = run(capsys, "tick", "--today", "2026-10-12", "--within", "5")
    assert code == 0
    assert "marked 1 deadlines overdue" in out
    assert "reminders: 1 e-mails covering 2 deadlines" in out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fazhi@yangcheng.example"]
    assert message.subject == "【期限提醒】阳城县统计局：1 项即将到期，1 项已逾期"
    assert "2026-10-09 行政处罚决定公示：决定1" in message.body and "决定3" not in message.body
    for deadline in (overdue, soon, later):
        deadline.refresh_from_db()
    assert (overdue.status, overdue.last_reminded_on, overdue.reminder_count) == ("overdue", D(2026, 10, 12), 1)
    assert later.last_reminded_on is None

    code, out, _ = run(capsys, "tick", "--today", "2026-10-12")
    assert "reminders: 0 e-mails covering 0 deadlines" in out and "marked 0 deadlines overdue" in out
    assert len(mail.outbox) == 1
    run(capsys, "tick", "--today", "2026-10-13")
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="deadlines.reminders_sent").count() == 2


@pytest.mark.django_db
def test_tick_without_mail_configured_reminds_no_one_and_says_so(capsys: Any, coordinator: Any, world: Any) -> None:
    coordinator.email = "fazhi@yangcheng.example"
    coordinator.save()
    deadline = open_one(world.county, "1", D(2026, 9, 22))
    code, out, _ = run(capsys, "tick", "--today", "2026-10-12")
    assert code == 0
    assert "mail is not configured" in out and "1 deadlines due or overdue were not reminded" in out
    assert mail.outbox == []
    deadline.refresh_from_db()
    assert (deadline.status, deadline.last_reminded_on) == ("overdue", None)


@pytest.mark.django_db
def test_tick_names_bureaus_whose_coordinators_have_no_address(
    capsys: Any, mail_on: None, coordinator: Any, world: Any
) -> None:
    open_one(world.county, "1", D(2026, 9, 22))
    _, out, _ = run(capsys, "tick", "--today", "2026-10-12")
    assert "warning: 阳城县统计局 has no coordinator with an e-mail address" in out
    assert mail.outbox == []


@pytest.mark.django_db
def test_tick_opens_the_yearly_deadlines_and_warns_about_an_unannounced_year(capsys: Any, world: Any) -> None:
    code, out, _ = run(capsys, "tick", "--today", "2027-01-04")
    assert code == 0
    assert "opened 8 yearly deadlines" in out
    assert "warning: no holiday schedule entered for 2027" in out
    assert Deadline.objects.filter(kind="annual_report", due_on=D(2027, 1, 31)).count() == 4
    _, out, _ = run(capsys, "tick", "--today", "2027-01-04")
    assert "opened 0 yearly deadlines" in out


def test_tick_rejects_an_unreasonable_window(capsys: Any) -> None:
    code, _, err = run(capsys, "tick", "--within", "-1")
    assert code == 2 and "--within" in err
