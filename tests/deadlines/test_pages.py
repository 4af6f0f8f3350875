"""The deadline board, the rules page, the calendar editor and the API: wiring, buckets, permissions and scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuangsuiji.deadlines import services
from shuangsuiji.deadlines.models import Deadline, DeadlineRule, HolidaySchedule
from tests.calendar_data import SCHEDULE_2027
from tests.conftest import client_for

D = dt.date
URL = "https://www.gov.cn/zhengce/content/2027-notice.htm"
pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)  # a Monday


def open_one(bureau: Any, subject_id: str, start_on: dt.date, kind: str = "penalty_publication") -> Deadline:
    return services.open_deadline(
        actor=None,
        bureau=bureau,
        kind=kind,
        subject_type="cases.decision",
        subject_id=subject_id,
        label=f"决定{subject_id}",
        start_on=start_on,
    )


@pytest.fixture
def board_data(world: Any) -> dict[str, Deadline]:
    """Deadlines around Monday 2026-10-12: its 5th working day after is Monday 2026-10-19."""
    with time_machine.travel(TODAY, tick=False):
        data = {
            "overdue": open_one(world.county, "1", D(2026, 9, 22)),  # due 2026-10-09
            "due_today": open_one(world.county, "2", D(2026, 9, 27)),  # due 2026-10-12
            "due_at_horizon": open_one(world.county, "3", D(2026, 10, 9)),  # due 2026-10-19
            "later": open_one(world.county, "4", D(2026, 10, 12)),  # due 2026-10-21
            "other_county": open_one(world.other_county, "5", D(2026, 9, 29)),
            "provisional": open_one(world.county, "6", D(2026, 12, 28)),
        }
        done_late = open_one(world.county, "7", D(2026, 9, 1))
        services.complete_deadline(
            actor=None,
            kind="penalty_publication",
            subject_type="cases.decision",
            subject_id="7",
            done_on=D(2026, 10, 9),
        )
        data["done_late"] = done_late
    return data


def pks(deadlines: list[Deadline]) -> list[int]:
    return [d.pk for d in deadlines]


@time_machine.travel(TODAY, tick=False)
def test_the_board_sorts_deadlines_into_overdue_due_soon_and_done_late(
    coordinator: Any, board_data: dict[str, Deadline]
) -> None:
    response = client_for(coordinator).get("/deadlines/board/")
    assert response.status_code == 200
    board = response.context["board"]
    assert [d.due_on for d in board.due_soon] == [D(2026, 10, 12), D(2026, 10, 19)]
    assert board_data["later"].due_on == D(2026, 10, 21)
    assert pks(board.overdue) == [board_data["overdue"].pk]
    assert pks(board.due_soon) == [board_data["due_today"].pk, board_data["due_at_horizon"].pk]
    assert pks(board.done_late) == [board_data["done_late"].pk]
    assert board.horizon == D(2026, 10, 19)
    html = response.content.decode()
    assert "决定1" in html and "决定5" not in html and "决定4" not in html


@time_machine.travel(TODAY, tick=False)
def test_provisional_due_dates_carry_the_badge_and_its_explanation(coordinator: Any, world: Any) -> None:
    open_one(world.county, "1", D(2026, 10, 1))  # due within the horizon
    deadline = open_one(world.county, "2", D(2026, 9, 1))
    Deadline.objects.filter(pk=deadline.pk).update(is_provisional=True)
    html = client_for(coordinator).get("/deadlines/board/").content.decode()
    assert "暂定</span>" in html
    assert 'id="provisional-note"' in html and "国务院令第795号" in html
    detail = client_for(coordinator).get(f"/deadlines/{deadline.pk}/").content.decode()
    assert "（暂定）" in detail and 'id="provisional-note"' in detail
    assert "7个工作日内" in detail and "行政处罚法第八十五条" in detail


@time_machine.travel(TODAY, tick=False)
def test_the_city_sees_its_counties_and_may_pick_one(city_coordinator: Any, board_data: dict[str, Deadline]) -> None:
    client = client_for(city_coordinator)
    board = client.get("/deadlines/board/").context["board"]
    assert board_data["other_county"].pk in pks(board.due_soon)
    narrowed = client.get("/deadlines/board/?bureau=140522").context["board"]
    assert board_data["other_county"].pk not in pks(narrowed.due_soon)
    assert client.get(f"/deadlines/{board_data['overdue'].pk}/").status_code == 200


def test_another_countys_deadlines_are_a_404(other_county_user: Any, board_data: dict[str, Deadline]) -> None:
    client = client_for(other_county_user)
    assert client.get(f"/deadlines/{board_data['overdue'].pk}/").status_code == 404
    assert client.get("/deadlines/board/?bureau=140522").status_code == 404
    assert client.get(f"/api/v1/deadlines/{board_data['overdue'].pk}").status_code == 404
    assert client.get("/deadlines/rules/?bureau=140522").status_code == 404


def test_the_app_root_leads_to_the_board(coordinator: Any) -> None:
    response = client_for(coordinator).get("/deadlines/")
    assert (response.status_code, response["Location"]) == (302, "/deadlines/board/")


def test_anonymous_visitors_are_sent_to_the_login(world: Any) -> None:
    response = client_for(None).get("/deadlines/board/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@time_machine.travel(TODAY, tick=False)
def test_the_board_query_count_does_not_grow_with_the_rows(coordinator: Any, world: Any) -> None:
    for i in range(3):
        open_one(world.county, str(i), D(2026, 9, 22))
    client = client_for(coordinator)
    client.get("/deadlines/board/")
    with CaptureQueriesContext(connection) as few:
        client.get("/deadlines/board/")
    for i in range(3, 12):
        open_one(world.county, str(i), D(2026, 9, 22))
    with CaptureQueriesContext(connection) as many:
        client.get("/deadlines/board/")
    assert len(many) == len(few)


@time_machine.travel(TODAY, tick=False)
def test_the_home_panel_counts_the_board(coordinator: Any, board_data: dict[str, Deadline]) -> None:
    panels = {p.title: p for p in client_for(coordinator).get("/").context["panels"]}
    assert dict(panels["法定期限"].stats) == {"5个工作日内到期": 2, "已逾期": 1, "近一年逾期完成": 1}
    assert "1 项期限的到期日为暂定" in panels["法定期限"].warnings[0]


@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False)
def test_administrators_are_warned_in_november_that_next_year_is_not_entered(admin: Any) -> None:
    panels = {p.title: p for p in client_for(admin).get("/").context["panels"]}
    assert any("尚未录入2027年国务院放假安排" in w for w in panels["法定期限"].warnings)


# --- the yearly deadlines by hand -----------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2027, 3, 20, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_coordinator_marks_the_annual_plan_done(coordinator: Any, leader: Any, world: Any) -> None:
    plan = services.open_yearly_deadline(actor=None, bureau=world.county, kind="annual_plan", year=2027)
    assert client_for(leader).post(f"/deadlines/{plan.pk}/complete/", {"done_on": "2027-03-18"}).status_code == 403
    response = client_for(coordinator).post(f"/deadlines/{plan.pk}/complete/", {"done_on": "2027-03-18"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.done_on) == ("done", D(2027, 3, 18))


@time_machine.travel(TODAY, tick=False)
def test_other_kinds_and_superior_bureaus_cannot_be_marked_done_by_hand(
    coordinator: Any, city_coordinator: Any, world: Any
) -> None:
    penalty = open_one(world.county, "1", D(2026, 9, 30))
    assert (
        client_for(coordinator).post(f"/deadlines/{penalty.pk}/complete/", {"done_on": "2026-10-12"}).status_code == 403
    )
    plan = services.open_yearly_deadline(actor=None, bureau=world.county, kind="annual_plan", year=2026)
    response = client_for(city_coordinator).post(f"/deadlines/{plan.pk}/complete/", {"done_on": "2026-03-18"})
    assert response.status_code == 403
    assert Deadline.objects.filter(status="open").count() == 2


# --- rules ----------------------------------------------------------------------------------------------------------


def test_a_coordinator_changes_a_rule_of_their_bureau(coordinator: Any, world: Any) -> None:
    client = client_for(coordinator)
    assert "20个工作日内" in client.get("/deadlines/rules/").content.decode()
    response = client.post(
        "/deadlines/rules/result_publication/", {"counting": "working_days", "amount": "15", "legal_basis": ""}
    )
    assert response.status_code == 302
    rule = DeadlineRule.objects.get(bureau=world.county, code="result_publication")
    assert rule.amount == 15
    assert "本局设定" in client.get("/deadlines/rules/").content.decode()
    assert client.post("/deadlines/rules/result_publication/reset/").status_code == 302
    assert not DeadlineRule.objects.exists()


def test_a_bad_rule_value_is_shown_on_the_form(coordinator: Any, world: Any) -> None:
    response = client_for(coordinator).post(
        "/deadlines/rules/case_closure/", {"counting": "months", "amount": "30", "legal_basis": ""}
    )
    assert response.status_code == 400
    assert "期限须在 1 到 24 之间" in response.content.decode()


def test_leaders_read_the_rules_but_cannot_change_them(leader: Any, world: Any) -> None:
    client = client_for(leader)
    html = client.get("/deadlines/rules/").content.decode()
    assert "本页为只读" in html
    assert (
        client.post("/deadlines/rules/result_publication/", {"counting": "working_days", "amount": "3"}).status_code
        == 403
    )
    assert client.get("/deadlines/rules/nope/").status_code == 403


def test_an_unknown_rule_is_a_404(coordinator: Any) -> None:
    assert client_for(coordinator).get("/deadlines/rules/nope/").status_code == 404


# --- the calendar editor --------------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_calendar_lists_where_each_year_comes_from(coordinator: Any) -> None:
    html = client_for(coordinator).get("/deadlines/calendar/").content.decode()
    assert "chinesecalendar 已收录" in html and "暂定（仅按法定节假日推算）" in html
    assert client_for(coordinator).get("/deadlines/calendar/?year=2027").status_code == 302


@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False)
def test_an_administrator_enters_a_year_and_open_deadlines_are_recomputed(admin: Any, world: Any) -> None:
    deadline = open_one(world.county, "1", D(2027, 2, 3))
    client = client_for(admin)
    page = client.get("/deadlines/calendar/2027/").content.decode()
    assert "2027-02-05" in page and "暂定" in page
    response = client.post("/deadlines/calendar/2027/", {"source_url": URL, "text": SCHEDULE_2027})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.is_provisional) == (D(2027, 2, 20), False)
    assert "重新计算了 1 项期限" in client.get(response["Location"]).content.decode()


@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_csv_upload_is_read_like_the_text(admin: Any, world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = ("日期,名称,类型\n" + SCHEDULE_2027.replace(" ~ ", "~").replace(" ", ",")).encode("gb18030")
    upload = SimpleUploadedFile("2027.csv", data, content_type="text/csv")
    response = client_for(admin).post("/deadlines/calendar/2027/", {"source_url": URL, "text": "", "file": upload})
    assert response.status_code == 302
    assert HolidaySchedule.objects.get(year=2027).days.count() == 34


def test_bad_lines_are_shown_in_chinese_with_their_numbers(admin: Any, world: Any) -> None:
    response = client_for(admin).post(
        "/deadlines/calendar/2027/", {"source_url": URL, "text": SCHEDULE_2027 + "2027-02-30 春节 休"}
    )
    assert response.status_code == 400
    assert "第15行“2027-02-30 春节 休”：日期“2027-02-30”不存在" in response.content.decode()
    assert not HolidaySchedule.objects.exists()


def test_only_administrators_enter_schedules(coordinator: Any, world: Any) -> None:
    response = client_for(coordinator).post("/deadlines/calendar/2027/", {"source_url": URL, "text": SCHEDULE_2027})
    assert response.status_code == 403
    assert not HolidaySchedule.objects.exists()


def test_a_year_outside_the_calendar_is_a_404(admin: Any) -> None:
    assert client_for(admin).get("/deadlines/calendar/2003/").status_code == 404


# --- API ------------------------------------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_api_serves_the_board_and_the_calendar(coordinator: Any, board_data: dict[str, Deadline]) -> None:
    client = client_for(coordinator)
    board = client.get("/api/v1/deadlines/board").json()
    assert [d["id"] for d in board["overdue"]] == [board_data["overdue"].pk]
    listed = client.get("/api/v1/deadlines/?status=open").json()
    assert board_data["other_county"].pk not in [d["id"] for d in listed]
    assert client.get("/api/v1/deadlines/calendar/add-workdays?date=2026-12-28&n=7").json() == {
        "start": "2026-12-28",
        "n": 7,
        "date": "2027-01-07",
        "is_provisional": True,
        "calendar_version": "chinesecalendar-1.11.0+provisional:2027",
    }
    day = client.get("/api/v1/deadlines/calendar/workday?date=2026-10-10").json()
    assert (day["is_workday"], day["holiday"], day["source"]) == (True, "国庆节", "chinesecalendar")
    assert client.get("/api/v1/deadlines/calendar/workday?date=2003-01-01").status_code == 422
    rules = {r["code"]: r for r in client.get("/api/v1/deadlines/rules").json()}
    assert rules["penalty_payment"]["description"] == "15日内"
