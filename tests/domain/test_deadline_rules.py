"""Deadline rules: their defaults, their due dates on the calendar, and the checks on a bureau's own values."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from shuangsuiji.domain.deadline_rules import (
    DEFAULTS_BY_CODE,
    FIXED_DATE_VERSION,
    YEARLY_CODES,
    Counting,
    compute_due,
)
from shuangsuiji.domain.workdays import LIBRARY_VERSION, WorkdayCalendar

D = dt.date
CAL = WorkdayCalendar()


def test_the_defaults_follow_seed_001_and_the_penalty_law() -> None:
    expected = {
        "result_publication": (Counting.WORKING_DAYS, 20),
        "penalty_publication": (Counting.WORKING_DAYS, 7),
        "decision_withdrawal": (Counting.WORKING_DAYS, 7),
        "decision_service": (Counting.WORKING_DAYS, 7),
        "hearing_request": (Counting.WORKING_DAYS, 5),
        "hearing_notice": (Counting.WORKING_DAYS, 7),
        "preservation_decision": (Counting.WORKING_DAYS, 7),
        "penalty_payment": (Counting.CALENDAR_DAYS, 15),
        "case_closure": (Counting.MONTHS, 3),
        "credit_publication": (Counting.WORKING_DAYS, 20),
    }
    assert {code: (DEFAULTS_BY_CODE[code].counting, DEFAULTS_BY_CODE[code].amount) for code in expected} == expected
    assert set(YEARLY_CODES) == {"annual_plan", "annual_report"}
    assert (DEFAULTS_BY_CODE["annual_report"].fixed_month, DEFAULTS_BY_CODE["annual_report"].fixed_day) == (1, 31)
    assert (DEFAULTS_BY_CODE["annual_plan"].fixed_month, DEFAULTS_BY_CODE["annual_plan"].fixed_day) == (3, 31)
    assert all(rule.legal_basis and not rule.errors() for rule in DEFAULTS_BY_CODE.values())


def test_a_working_day_rule_counts_on_the_calendar_and_records_its_version() -> None:
    computed = compute_due(CAL, DEFAULTS_BY_CODE["penalty_publication"], D(2026, 9, 30))
    assert (computed.due_on, computed.is_provisional, computed.calendar_version) == (
        D(2026, 10, 15),
        False,
        LIBRARY_VERSION,
    )


def test_the_hearing_notice_falls_seven_working_days_before_the_hearing() -> None:
    computed = compute_due(CAL, DEFAULTS_BY_CODE["hearing_notice"], D(2026, 10, 12))
    assert computed.due_on == D(2026, 9, 24)


def test_payment_and_case_closure_count_calendar_days_and_months() -> None:
    assert compute_due(CAL, DEFAULTS_BY_CODE["penalty_payment"], D(2026, 9, 16)).due_on == D(2026, 10, 8)
    assert compute_due(CAL, DEFAULTS_BY_CODE["case_closure"], D(2026, 3, 15)).due_on == D(2026, 6, 15)


def test_fixed_date_rules_fall_on_that_day_of_the_year_and_are_never_provisional() -> None:
    computed = compute_due(CAL, DEFAULTS_BY_CODE["annual_plan"], D(2027, 1, 1))
    assert (computed.due_on, computed.is_provisional, computed.calendar_version) == (
        D(2027, 3, 31),
        False,
        FIXED_DATE_VERSION,
    )
    assert compute_due(CAL, DEFAULTS_BY_CODE["annual_plan"], D(2027, 4, 1)).due_on == D(2028, 3, 31)
    leap_day = replace(DEFAULTS_BY_CODE["annual_plan"], fixed_month=2, fixed_day=29)
    assert compute_due(CAL, leap_day, D(2027, 1, 1)).due_on == D(2027, 2, 28)


def test_rules_describe_their_period_in_words() -> None:
    assert DEFAULTS_BY_CODE["result_publication"].describe() == "20个工作日内"
    assert DEFAULTS_BY_CODE["hearing_notice"].describe() == "举行听证之日前7个工作日"
    assert DEFAULTS_BY_CODE["penalty_payment"].describe() == "15日内"
    assert DEFAULTS_BY_CODE["case_closure"].describe() == "3个月内"
    assert DEFAULTS_BY_CODE["annual_plan"].describe() == "每年3月31日前"


def test_bad_rule_values_are_explained() -> None:
    rule = DEFAULTS_BY_CODE["result_publication"]
    assert replace(rule, amount=0).errors() == ["期限须在 1 到 366 之间，当前为 0"]
    assert replace(DEFAULTS_BY_CODE["case_closure"], amount=30).errors() == ["期限须在 1 到 24 之间，当前为 30"]
    assert replace(DEFAULTS_BY_CODE["annual_plan"], fixed_month=2, fixed_day=30).errors() == ["固定日期 2月30日 不存在"]
    assert replace(DEFAULTS_BY_CODE["hearing_notice"], counting=Counting.CALENDAR_DAYS).errors() == [
        "“事前”期限只支持按工作日计算"
    ]
