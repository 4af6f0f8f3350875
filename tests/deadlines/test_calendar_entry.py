"""Entering a year's holiday schedule recomputes every open deadline that reaches into the year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.deadlines import selectors, services
from shuangsuiji.deadlines.models import AnnouncedHoliday, Deadline, HolidaySchedule
from shuangsuiji.domain.workdays import DaySource
from tests.calendar_data import SCHEDULE_2027

D = dt.date
URL = "https://www.gov.cn/zhengce/content/2027-notice.htm"
pytestmark = pytest.mark.django_db


def open_deadline(actor: Any, bureau: Any, start_on: dt.date, subject_id: str) -> Deadline:
    return services.open_deadline(
        actor=actor,
        bureau=bureau,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id=subject_id,
        label=f"决定{subject_id}",
        start_on=start_on,
    )


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_entering_the_2027_schedule_recomputes_the_provisional_deadlines(admin: Any, world: Any) -> None:
    through_spring_festival = open_deadline(admin, world.county, D(2027, 2, 3), "1")
    into_new_year = open_deadline(admin, world.other_county, D(2026, 12, 28), "2")
    inside_2026 = open_deadline(admin, world.county, D(2026, 12, 1), "3")
    assert (through_spring_festival.due_on, through_spring_festival.is_provisional) == (D(2027, 2, 16), True)

    result = services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)

    for deadline in (through_spring_festival, into_new_year, inside_2026):
        deadline.refresh_from_db()
    assert (through_spring_festival.due_on, through_spring_festival.is_provisional) == (D(2027, 2, 20), False)
    assert (into_new_year.due_on, into_new_year.is_provisional) == (D(2027, 1, 7), False)
    assert "announced:2027@2026-11-20#" in through_spring_festival.calendar_version
    assert sorted(d.pk for d in result.changed) == sorted([through_spring_festival.pk, into_new_year.pk])
    assert selectors.deadline_notes(through_spring_festival)[-1].text == (
        "按2027年放假安排重新计算：到期日由 2027-02-16 改为 2027-02-20，不再为暂定"
    )
    assert (
        selectors.deadline_notes(into_new_year)[-1].text
        == "按2027年放假安排重新计算：到期日 2027-01-07 不变，不再为暂定"
    )
    assert inside_2026.calendar_version.endswith("1.11.0")


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_entering_a_schedule_writes_the_audit_trail_of_each_bureau(admin: Any, world: Any) -> None:
    county_deadline = open_deadline(admin, world.county, D(2027, 2, 3), "1")
    other_deadline = open_deadline(admin, world.other_county, D(2027, 2, 3), "2")
    services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)
    entered = AuditEvent.objects.get(action="deadlines.holiday_schedule_entered")
    assert (entered.bureau_id, entered.data["days_off"], entered.data["makeup_workdays"]) == (world.county.pk, 28, 6)
    recomputed = AuditEvent.objects.filter(action="deadlines.deadline_recomputed").order_by("bureau_id")
    assert {(e.bureau_id, e.object_id) for e in recomputed} == {
        (world.county.pk, str(county_deadline.pk)),
        (world.other_county.pk, str(other_deadline.pk)),
    }
    assert recomputed[0].data["due_on"] == ["2027-02-16", "2027-02-20"]


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_entered_schedule_becomes_the_calendar(admin: Any, world: Any) -> None:
    services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)
    schedule = HolidaySchedule.objects.get(year=2027)
    assert (schedule.source_url, schedule.entered_by, schedule.entered_by_name) == (URL, admin, "admin")
    assert AnnouncedHoliday.objects.filter(schedule=schedule, is_workday=True).count() == 6
    calendar = selectors.current_calendar()
    assert calendar.source(2027) is DaySource.ANNOUNCED
    assert calendar.is_workday(D(2027, 2, 20)) == (True, False)


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_corrected_schedule_replaces_the_first_and_recomputes_again(admin: Any, world: Any) -> None:
    deadline = open_deadline(admin, world.county, D(2027, 2, 3), "1")
    services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)
    corrected = SCHEDULE_2027.replace("2027-02-20 春节 班\n", "")
    result = services.enter_holiday_schedule(actor=admin, year=2027, text=corrected, source_url=URL)
    deadline.refresh_from_db()
    assert [d.pk for d in result.changed] == [deadline.pk]
    assert deadline.due_on == D(2027, 2, 22)
    assert AnnouncedHoliday.objects.filter(is_workday=True).count() == 5
    entries = AuditEvent.objects.filter(action="deadlines.holiday_schedule_entered").order_by("seq")
    assert [e.summary for e in entries] == ["录入2027年放假安排", "更正2027年放假安排"]


@time_machine.travel(dt.datetime(2027, 2, 18, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_recomputed_deadline_takes_the_status_of_its_new_due_date(admin: Any, world: Any) -> None:
    deadline = open_deadline(admin, world.county, D(2027, 2, 3), "1")
    services.mark_overdue(actor=None, today=D(2027, 2, 18))
    deadline.refresh_from_db()
    assert deadline.status == "overdue"
    services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.due_on) == ("open", D(2027, 2, 20))


def test_closed_and_fixed_date_deadlines_are_left_alone(admin: Any, world: Any) -> None:
    services.open_yearly_deadline(actor=None, bureau=world.county, kind="annual_plan", year=2027)
    open_deadline(admin, world.county, D(2027, 2, 3), "1")
    services.cancel_deadline(
        actor=admin, kind="penalty_publication", subject_type="cases.decision", subject_id="1", reason="撤销"
    )
    result = services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url=URL)
    assert result.changed == []
    assert Deadline.objects.get(kind="penalty_publication").due_on == D(2027, 2, 16)


def test_a_bad_schedule_changes_nothing_and_names_the_lines(admin: Any, world: Any) -> None:
    open_deadline(admin, world.county, D(2027, 2, 3), "1")
    with pytest.raises(services.ScheduleError) as caught:
        services.enter_holiday_schedule(
            actor=admin, year=2027, text="2027-01-01 元旦 休\n2027-02-15 春节 班", source_url=URL
        )
    assert str(caught.value.errors[0]).startswith("第2行“2027-02-15 春节 班”：2027-02-15 是星期一")
    assert not HolidaySchedule.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="deadlines.holiday").exists()
    assert Deadline.objects.get().is_provisional


def test_the_notice_url_and_the_year_are_checked(admin: Any, world: Any) -> None:
    with pytest.raises(services.ScheduleError, match="通知的网址"):
        services.enter_holiday_schedule(actor=admin, year=2027, text=SCHEDULE_2027, source_url="gov.cn")
    with pytest.raises(services.ScheduleError, match="年份须在 2004 到 2099 之间"):
        services.enter_holiday_schedule(actor=admin, year=2100, text=SCHEDULE_2027, source_url=URL)
