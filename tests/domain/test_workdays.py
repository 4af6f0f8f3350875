"""The working-day calendar: chinesecalendar's years, announced years, provisional years, and the counting rules."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from shuangsuiji.domain import holidays
from shuangsuiji.domain.workdays import (
    LIBRARY_VERSION,
    CalendarRangeError,
    DaySource,
    WorkdayCalendar,
    YearSchedule,
    same_day_months_later,
)

D = dt.date
CAL = WorkdayCalendar()


def example_2027() -> YearSchedule:
    """A made-up but well-formed 2027 schedule (the real notice is entered by an administrator)."""
    off: dict[dt.date, str] = {}

    def rest(first: dt.date, last: dt.date, name: str) -> None:
        for i in range((last - first).days + 1):
            off[first + dt.timedelta(days=i)] = name

    rest(D(2027, 1, 1), D(2027, 1, 3), "元旦")
    rest(D(2027, 2, 5), D(2027, 2, 12), "春节")
    rest(D(2027, 4, 3), D(2027, 4, 5), "清明")
    rest(D(2027, 5, 1), D(2027, 5, 5), "劳动节")
    rest(D(2027, 6, 9), D(2027, 6, 9), "端午")
    rest(D(2027, 9, 15), D(2027, 9, 15), "中秋")
    rest(D(2027, 10, 1), D(2027, 10, 7), "国庆节")
    makeup = {
        D(2027, 1, 31): "春节",
        D(2027, 2, 20): "春节",
        D(2027, 4, 25): "劳动节",
        D(2027, 5, 8): "劳动节",
        D(2027, 9, 26): "国庆节",
        D(2027, 10, 9): "国庆节",
    }
    return YearSchedule(2027, off, makeup, revision="2026-11-20")


def counted_by_chinesecalendar(start: dt.date, due: dt.date) -> int:
    """How many working days chinesecalendar sees after `start` up to and including `due`."""
    return len(chinese_calendar.get_workdays(start + dt.timedelta(days=1), due))


# --- 清明 and the statutory holidays ---------------------------------------------------------------------------------


def test_qingming_matches_chinesecalendar_for_every_covered_year() -> None:
    for year in range(2004, 2027):
        day = holidays.qingming(year)
        terms = dict(chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 30)))
        assert terms[day] == "清明", year
        if year >= 2008:  # 清明 has been a public holiday since 2008
            assert chinese_calendar.get_holiday_detail(day) == (True, "Tomb-sweeping Day"), year


def test_qingming_agrees_with_the_solar_term_table_from_1900_to_2099() -> None:
    for year in range(1900, 2100):
        terms = chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 10))
        assert (holidays.qingming(year), "清明") in terms, year


def test_qingming_is_exact_in_the_years_the_formula_only_just_decides() -> None:
    # Astronomical times (apparent solar longitude 15°, Beijing time) within an hour of midnight.
    assert holidays.qingming(1943) == D(1943, 4, 6)
    assert holidays.qingming(2009) == D(2009, 4, 4)
    assert holidays.qingming(2071) == D(2071, 4, 5)
    assert holidays.qingming(2100) == D(2100, 4, 5)


def test_qingming_refuses_years_outside_1900_to_2100() -> None:
    with pytest.raises(holidays.HolidayRangeError):
        holidays.qingming(2101)


def test_new_years_eve_is_the_day_before_the_lunar_new_year_whether_the_twelfth_month_has_29_or_30_days() -> None:
    assert holidays.new_years_eve(2025) == D(2025, 1, 28)  # 腊月廿九
    assert holidays.new_years_eve(2026) == D(2026, 2, 16)  # 腊月廿九
    assert holidays.new_years_eve(2027) == D(2027, 2, 5)
    assert holidays.new_years_eve(2028) == D(2028, 1, 25)


def test_the_2027_statutory_days_are_the_thirteen_days_of_decree_795() -> None:
    days = holidays.statutory_holidays(2027)
    assert sorted(days) == [
        D(2027, 1, 1),
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
        D(2027, 4, 5),
        D(2027, 5, 1),
        D(2027, 5, 2),
        D(2027, 6, 9),
        D(2027, 9, 15),
        D(2027, 10, 1),
        D(2027, 10, 2),
        D(2027, 10, 3),
    ]
    assert days[D(2027, 2, 5)] == "春节"
    assert days[D(2027, 9, 15)] == "中秋"


def test_mid_autumn_on_a_national_day_date_is_one_day_off_not_two() -> None:
    days = holidays.statutory_holidays(2028)
    assert len(days) == 12
    assert days[D(2028, 10, 3)] == "国庆节、中秋"


def test_every_statutory_day_of_2025_and_2026_is_a_day_off_in_chinesecalendar() -> None:
    for year in (2025, 2026):
        for day in holidays.statutory_holidays(year):
            assert not chinese_calendar.is_workday(day), day


def test_the_statutory_rule_refuses_years_before_2025_whose_law_was_different() -> None:
    with pytest.raises(holidays.HolidayRangeError):
        holidays.statutory_holidays(2024)


# --- single days ----------------------------------------------------------------------------------------------------


def test_make_up_saturdays_are_working_days() -> None:
    assert CAL.is_workday(D(2026, 2, 14)) == (True, False)
    assert CAL.is_workday(D(2026, 10, 10)) == (True, False)


def test_make_up_saturdays_are_days_off_when_the_setting_is_off() -> None:
    calendar = WorkdayCalendar(count_makeup_workdays=False)
    assert calendar.is_workday(D(2026, 10, 10)) == (False, False)
    assert calendar.add_workdays(D(2026, 10, 9), 1).on == D(2026, 10, 12)
    assert calendar.version_between(D(2026, 10, 9), D(2026, 10, 12)) == f"{LIBRARY_VERSION}+makeup-as-rest"


def test_every_day_of_the_covered_years_answers_as_chinesecalendar_does() -> None:
    day = D(2004, 1, 1)
    while day.year <= 2026:
        assert CAL.is_workday(day) == (chinese_calendar.is_workday(day), False), day
        day += dt.timedelta(days=1)


def test_an_unannounced_year_follows_weekends_and_the_statutory_days_and_says_it_is_provisional() -> None:
    assert CAL.source(2027) is DaySource.PROVISIONAL
    assert CAL.is_workday(D(2027, 1, 1)) == (False, True)
    assert CAL.is_workday(D(2027, 2, 5)) == (False, True)
    assert CAL.is_workday(D(2027, 2, 8)) == (False, True)
    assert CAL.is_workday(D(2027, 2, 9)) == (True, True)
    assert CAL.is_workday(D(2027, 2, 13)) == (False, True)  # a Saturday, and no 调休 is assumed
    assert CAL.day_name(D(2027, 4, 5)) == "清明"


def test_an_announced_year_takes_precedence_and_is_not_provisional() -> None:
    calendar = WorkdayCalendar([example_2027()])
    assert calendar.source(2027) is DaySource.ANNOUNCED
    assert calendar.is_workday(D(2027, 1, 31)) == (True, False)  # make-up Sunday
    assert calendar.is_workday(D(2027, 2, 10)) == (False, False)


def test_an_announced_year_overrides_chinesecalendar() -> None:
    corrected = YearSchedule(2026, {D(2026, 3, 2): "更正"}, {}, "2026-03-01")
    calendar = WorkdayCalendar([corrected])
    assert calendar.is_workday(D(2026, 3, 2)) == (False, False)
    assert calendar.is_workday(D(2026, 2, 17)) == (True, False)  # the library's Spring Festival is no longer used


def test_years_with_no_data_at_all_are_refused() -> None:
    with pytest.raises(CalendarRangeError, match="2003"):
        CAL.is_workday(D(2003, 5, 1))
    with pytest.raises(CalendarRangeError, match="2100"):
        CAL.is_workday(D(2100, 5, 1))


def test_a_schedule_rejects_make_up_days_on_weekdays_and_dates_of_other_years() -> None:
    with pytest.raises(ValueError, match="Saturdays or Sundays"):
        YearSchedule(2027, {}, {D(2027, 2, 15): "春节"})
    with pytest.raises(ValueError, match="outside 2027"):
        YearSchedule(2027, {D(2026, 12, 31): "x"})
    with pytest.raises(ValueError, match="both"):
        YearSchedule(2027, {D(2027, 2, 13): "x"}, {D(2027, 2, 13): "x"})


# --- working days ---------------------------------------------------------------------------------------------------


def test_add_workdays_matches_find_workday_for_starts_on_working_days() -> None:
    day = D(2025, 1, 2)
    while day < D(2026, 11, 1):
        if chinese_calendar.is_workday(day):
            for n in (1, 3, 5, 7, 20):
                assert CAL.add_workdays(day, n) == (chinese_calendar.find_workday(n, day), False), (day, n)
        day += dt.timedelta(days=3)


def test_the_start_day_is_not_counted_even_when_it_is_a_day_off() -> None:
    saturday = D(2026, 3, 7)
    assert CAL.add_workdays(saturday, 1).on == D(2026, 3, 9)
    # chinesecalendar's find_workday counts the Monday as its day 0 and answers the Tuesday.
    assert chinese_calendar.find_workday(1, saturday) == D(2026, 3, 10)


def test_five_working_days_after_12_february_2026_skip_the_spring_festival() -> None:
    assert CAL.add_workdays(D(2026, 2, 12), 5) == (D(2026, 2, 26), False)
    assert chinese_calendar.find_workday(5, D(2026, 2, 12)) == D(2026, 2, 26)


def test_twenty_working_days_after_25_september_2026_skip_the_national_day_week() -> None:
    due = CAL.add_workdays(D(2026, 9, 25), 20)
    assert due == (D(2026, 10, 29), False)
    assert counted_by_chinesecalendar(D(2026, 9, 25), due.on) == 20
    assert chinese_calendar.is_workday(due.on)


def test_seven_working_days_after_30_september_2026_count_the_make_up_saturday() -> None:
    due = CAL.add_workdays(D(2026, 9, 30), 7)
    assert due == (D(2026, 10, 15), False)
    assert counted_by_chinesecalendar(D(2026, 9, 30), due.on) == 7
    assert D(2026, 10, 10) in chinese_calendar.get_workdays(D(2026, 10, 1), due.on)


def test_counting_into_an_unannounced_year_is_provisional() -> None:
    assert CAL.add_workdays(D(2026, 12, 28), 7) == (D(2027, 1, 7), True)


def test_counting_that_stays_in_a_covered_year_is_not_provisional() -> None:
    assert CAL.add_workdays(D(2026, 12, 20), 3) == (D(2026, 12, 23), False)


def test_counting_through_an_announced_year_uses_its_schedule() -> None:
    calendar = WorkdayCalendar([example_2027()])
    assert CAL.add_workdays(D(2027, 2, 3), 7) == (D(2027, 2, 16), True)
    assert calendar.add_workdays(D(2027, 2, 3), 7) == (D(2027, 2, 20), False)


def test_negative_counts_go_back_and_zero_gives_the_day_or_the_next_working_day() -> None:
    assert CAL.add_workdays(D(2026, 10, 8), -1) == (D(2026, 9, 30), False)
    assert CAL.add_workdays(D(2027, 1, 5), -3) == (D(2026, 12, 30), True)
    assert CAL.add_workdays(D(2026, 10, 8), 0) == (D(2026, 10, 8), False)
    assert CAL.add_workdays(D(2026, 10, 3), 0) == (D(2026, 10, 8), False)


# --- calendar days and months (民法典 Arts 201–203) -------------------------------------------------------------------


def test_a_period_of_calendar_days_ending_in_a_holiday_ends_on_the_day_after_it() -> None:
    assert CAL.add_calendar_days(D(2026, 9, 16), 15) == (D(2026, 10, 8), False)


def test_a_period_of_calendar_days_ending_on_a_weekend_moves_to_monday() -> None:
    assert CAL.add_calendar_days(D(2026, 3, 6), 15) == (D(2026, 3, 23), False)


def test_a_period_of_calendar_days_ending_on_a_make_up_saturday_stays_there() -> None:
    assert CAL.add_calendar_days(D(2026, 9, 25), 15) == (D(2026, 10, 10), False)


def test_a_period_of_calendar_days_is_provisional_only_when_its_end_lies_in_an_unannounced_year() -> None:
    assert CAL.add_calendar_days(D(2026, 12, 1), 15) == (D(2026, 12, 16), False)
    assert CAL.add_calendar_days(D(2026, 12, 20), 15) == (D(2027, 1, 4), True)


def test_a_period_of_months_ends_on_the_corresponding_day() -> None:
    assert CAL.add_months(D(2026, 3, 15), 3) == (D(2026, 6, 15), False)


def test_a_period_of_months_without_a_corresponding_day_ends_on_the_last_day_of_the_month() -> None:
    assert same_day_months_later(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert same_day_months_later(D(2027, 11, 30), 3) == D(2028, 2, 29)
    # 2026-02-28 is a make-up Saturday, so the period ends there
    assert CAL.add_months(D(2026, 1, 31), 1) == (D(2026, 2, 28), False)
    assert CAL.add_months(D(2026, 11, 30), 3) == (D(2027, 3, 1), True)


def test_periods_need_a_positive_length() -> None:
    with pytest.raises(ValueError):
        CAL.add_calendar_days(D(2026, 1, 5), 0)
    with pytest.raises(ValueError):
        CAL.add_months(D(2026, 1, 5), -1)


# --- versions -------------------------------------------------------------------------------------------------------


def test_the_version_names_the_data_behind_the_days_used() -> None:
    calendar = WorkdayCalendar([example_2027()])
    assert CAL.version_between(D(2026, 1, 5), D(2026, 3, 1)) == LIBRARY_VERSION
    assert CAL.version_between(D(2026, 12, 28), D(2027, 1, 7)) == f"{LIBRARY_VERSION}+provisional:2027"
    assert calendar.version_between(D(2026, 12, 28), D(2027, 1, 7)).startswith(
        f"{LIBRARY_VERSION}+announced:2027@2026-11-20#"
    )
    assert calendar.version.startswith(f"{LIBRARY_VERSION}+announced:2027@2026-11-20#")


def test_a_corrected_schedule_gets_a_new_version() -> None:
    first = example_2027()
    corrected = YearSchedule(2027, {**first.days_off, D(2027, 2, 15): "春节"}, first.makeup_workdays, first.revision)
    assert first.version_part != corrected.version_part
