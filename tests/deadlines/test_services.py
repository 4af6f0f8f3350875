"""The services other apps call: open, complete, cancel, overdue, yearly deadlines, and bureau rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.deadlines import selectors, services
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.domain.workdays import LIBRARY_VERSION

D = dt.date
pytestmark = pytest.mark.django_db


def open_penalty(actor: Any, bureau: Any, start_on: dt.date, subject_id: str = "1") -> Deadline:
    return services.open_deadline(
        actor=actor,
        bureau=bureau,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id=subject_id,
        label="阳统罚决〔2026〕1号",
        start_on=start_on,
        url="/cases/1/",
    )


def test_opening_computes_the_due_date_on_the_calendar_and_records_it(coordinator: Any, world: Any) -> None:
    deadline = open_penalty(coordinator, world.county, D(2026, 9, 30))
    assert (deadline.due_on, deadline.is_provisional, deadline.calendar_version) == (
        D(2026, 10, 15),
        False,
        LIBRARY_VERSION,
    )
    assert (deadline.counting, deadline.amount, deadline.status) == ("working_days", 7, "open")
    assert "到期日 2026-10-15" in selectors.deadline_notes(deadline)[0].text
    event = AuditEvent.objects.get(action="deadlines.deadline_opened")
    assert (event.bureau_id, event.object_id, event.data["due_on"]) == (world.county.pk, str(deadline.pk), "2026-10-15")


def test_opening_into_an_unannounced_year_is_provisional(coordinator: Any, world: Any) -> None:
    deadline = open_penalty(coordinator, world.county, D(2026, 12, 28))
    assert (deadline.due_on, deadline.is_provisional) == (D(2027, 1, 7), True)
    assert deadline.calendar_version == f"{LIBRARY_VERSION}+provisional:2027"
    assert selectors.deadline_notes(deadline)[0].text.endswith("（暂定）")


def test_opening_twice_returns_the_same_deadline(coordinator: Any, world: Any) -> None:
    first = open_penalty(coordinator, world.county, D(2026, 9, 30))
    again = open_penalty(coordinator, world.county, D(2026, 9, 30))
    assert again.pk == first.pk
    assert Deadline.objects.count() == 1
    assert AuditEvent.objects.filter(action="deadlines.deadline_opened").count() == 1


def test_opening_again_with_another_start_day_is_refused(coordinator: Any, world: Any) -> None:
    open_penalty(coordinator, world.county, D(2026, 9, 30))
    with pytest.raises(services.DeadlineError, match="已按起算日 2026-09-30 开启"):
        open_penalty(coordinator, world.county, D(2026, 10, 9))


def test_an_unknown_kind_or_an_empty_subject_is_refused(coordinator: Any, world: Any) -> None:
    with pytest.raises(services.DeadlineError, match="未知的期限类型"):
        services.open_deadline(
            actor=coordinator,
            bureau=world.county,
            kind="nope",
            subject_type="x",
            subject_id="1",
            label="x",
            start_on=D(2026, 9, 30),
        )
    with pytest.raises(services.DeadlineError, match="不能为空"):
        services.open_deadline(
            actor=coordinator,
            bureau=world.county,
            kind="penalty_publication",
            subject_type="",
            subject_id="1",
            label="x",
            start_on=D(2026, 9, 30),
        )
    with pytest.raises(services.DeadlineError, match="事项链接"):
        services.open_deadline(
            actor=coordinator,
            bureau=world.county,
            kind="penalty_publication",
            subject_type="x",
            subject_id="1",
            label="x",
            start_on=D(2026, 9, 30),
            url="javascript:alert(1)",
        )
    assert not Deadline.objects.exists()


def test_a_start_outside_the_calendar_is_refused_in_chinese(coordinator: Any, world: Any) -> None:
    with pytest.raises(services.DeadlineError, match="超出工作日日历支持的年份"):
        open_penalty(coordinator, world.county, D(2003, 5, 6))


@time_machine.travel(dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_completing_by_the_due_date_is_done_and_after_it_done_late(coordinator: Any, world: Any) -> None:
    open_penalty(coordinator, world.county, D(2026, 9, 30), subject_id="1")
    open_penalty(coordinator, world.county, D(2026, 9, 30), subject_id="2")
    on_time = services.complete_deadline(
        actor=coordinator,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id="1",
        done_on=D(2026, 10, 15),
    )
    late = services.complete_deadline(
        actor=coordinator,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id="2",
        done_on=D(2026, 10, 16),
    )
    assert (on_time.status, late.status) == ("done", "done_late")
    assert "逾期 1 天" in selectors.deadline_notes(late)[-1].text
    assert AuditEvent.objects.filter(action="deadlines.deadline_completed").count() == 2
    again = services.complete_deadline(
        actor=coordinator,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id="1",
        done_on=D(2026, 10, 15),
    )
    assert again.status == "done"
    assert AuditEvent.objects.filter(action="deadlines.deadline_completed").count() == 2


@time_machine.travel(dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_completing_in_the_future_or_before_the_start_is_refused(coordinator: Any, world: Any) -> None:
    open_penalty(coordinator, world.county, D(2026, 9, 30))
    for done_on, message in ((D(2026, 10, 21), "晚于今天"), (D(2026, 9, 29), "早于起算日")):
        with pytest.raises(services.DeadlineError, match=message):
            services.complete_deadline(
                actor=coordinator,
                kind="penalty_publication",
                subject_type="cases.decision",
                subject_id="1",
                done_on=done_on,
            )


def test_a_cancelled_deadline_is_reopened_by_opening_it_again(coordinator: Any, world: Any) -> None:
    first = open_penalty(coordinator, world.county, D(2026, 9, 30))
    with pytest.raises(services.DeadlineError, match="撤销原因"):
        services.cancel_deadline(
            actor=coordinator, kind="penalty_publication", subject_type="cases.decision", subject_id="1", reason=" "
        )
    cancelled = services.cancel_deadline(
        actor=coordinator,
        kind="penalty_publication",
        subject_type="cases.decision",
        subject_id="1",
        reason="决定已撤销",
    )
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "决定已撤销")
    reopened = open_penalty(coordinator, world.county, D(2026, 10, 9))
    assert (reopened.pk, reopened.status, reopened.due_on) == (first.pk, "open", D(2026, 10, 19))
    assert [n.text[:4] for n in selectors.deadline_notes(reopened)] == ["开启：7", "撤销：决", "重新开启"]


def test_mark_overdue_records_only_deadlines_whose_due_day_has_passed(coordinator: Any, world: Any) -> None:
    due_today = open_penalty(coordinator, world.county, D(2026, 9, 30), subject_id="1")  # due 2026-10-15
    passed = open_penalty(coordinator, world.county, D(2026, 9, 29), subject_id="2")  # due 2026-10-14
    marked = services.mark_overdue(actor=None, today=D(2026, 10, 15))
    assert [d.pk for d in marked] == [passed.pk]
    due_today.refresh_from_db()
    passed.refresh_from_db()
    assert (due_today.status, passed.status) == ("open", "overdue")
    assert services.mark_overdue(actor=None, today=D(2026, 10, 15)) == []


def test_yearly_deadlines_are_opened_once_for_every_bureau_below_the_nation(world: Any) -> None:
    opened = services.open_yearly_deadlines(actor=None, year=2027)
    assert len(opened) == 2 * 4  # province, city, two counties
    plan = Deadline.objects.get(kind="annual_plan", bureau=world.county)
    report = Deadline.objects.get(kind="annual_report", bureau=world.county)
    assert (plan.due_on, plan.subject_label, plan.is_provisional) == (
        D(2027, 3, 31),
        "阳城县统计局2027年度抽查工作计划",
        False,
    )
    assert (report.due_on, report.subject_label) == (D(2027, 1, 31), "阳城县统计局2026年度行政执法统计年报")
    assert services.open_yearly_deadlines(actor=None, year=2027) == []


@time_machine.travel(dt.datetime(2027, 3, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_planning_app_closes_the_annual_plan_by_bureau_and_year(coordinator: Any, world: Any) -> None:
    services.open_yearly_deadline(actor=None, bureau=world.county, kind="annual_plan", year=2027)
    done = services.complete_yearly_deadline(
        actor=coordinator, bureau=world.county, kind="annual_plan", year=2027, done_on=D(2027, 3, 18)
    )
    assert done.status == "done"
    with pytest.raises(services.DeadlineError, match="不是按年固定日期"):
        services.open_yearly_deadline(actor=None, bureau=world.county, kind="penalty_payment", year=2027)


def test_deadlines_for_lists_a_subjects_deadlines(coordinator: Any, world: Any) -> None:
    open_penalty(coordinator, world.county, D(2026, 9, 30))
    services.open_deadline(
        actor=coordinator,
        bureau=world.county,
        kind="penalty_payment",
        subject_type="cases.decision",
        subject_id="1",
        label="缴纳罚款",
        start_on=D(2026, 9, 16),
    )
    found = selectors.deadlines_for("cases.decision", "1")
    assert [(d.kind, d.due_on) for d in found] == [
        ("penalty_payment", D(2026, 10, 8)),
        ("penalty_publication", D(2026, 10, 15)),
    ]


# --- rules ----------------------------------------------------------------------------------------------------------


def test_a_changed_rule_applies_to_deadlines_opened_afterwards_only(coordinator: Any, world: Any) -> None:
    before = open_penalty(coordinator, world.county, D(2026, 9, 30), subject_id="1")
    rule = services.change_rule(
        actor=coordinator, bureau=world.county, code="penalty_publication", counting="working_days", amount=5
    )
    assert rule.describe() == "5个工作日内"
    after = open_penalty(coordinator, world.county, D(2026, 9, 30), subject_id="2")
    before.refresh_from_db()
    assert (before.due_on, after.due_on) == (D(2026, 10, 15), D(2026, 10, 13))
    other_county = open_penalty(coordinator, world.other_county, D(2026, 9, 30), subject_id="3")
    assert other_county.due_on == D(2026, 10, 15)
    event = AuditEvent.objects.get(action="deadlines.rule_changed")
    assert (event.data["before"]["amount"], event.data["after"]["amount"]) == (7, 5)


def test_resetting_a_rule_brings_back_the_default(coordinator: Any, world: Any) -> None:
    services.change_rule(
        actor=coordinator, bureau=world.county, code="annual_plan", counting="fixed_date", fixed_month=3, fixed_day=15
    )
    assert selectors.rule_for(world.county.pk, "annual_plan").describe() == "每年3月15日前"
    services.reset_rule(actor=coordinator, bureau=world.county, code="annual_plan")
    assert selectors.rule_for(world.county.pk, "annual_plan").describe() == "每年3月31日前"
    assert AuditEvent.objects.filter(action="deadlines.rule_reset").count() == 1


def test_invalid_rule_values_are_refused_with_reasons(coordinator: Any, world: Any) -> None:
    with pytest.raises(services.RuleError, match="期限须在 1 到 366 之间"):
        services.change_rule(
            actor=coordinator, bureau=world.county, code="result_publication", counting="working_days", amount=0
        )
    with pytest.raises(services.RuleError, match="只能改日期"):
        services.change_rule(
            actor=coordinator, bureau=world.county, code="result_publication", counting="fixed_date", amount=5
        )
    with pytest.raises(services.RuleError, match="不存在"):
        services.change_rule(
            actor=coordinator,
            bureau=world.county,
            code="annual_plan",
            counting="fixed_date",
            fixed_month=2,
            fixed_day=31,
        )
    assert not AuditEvent.objects.filter(action="deadlines.rule_changed").exists()
