"""Reading a year's schedule as the administrator types it; every problem is named with its line."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.domain.holiday_schedule import ScheduleError, format_schedule, parse_schedule
from shuangsuiji.domain.workdays import WorkdayCalendar, YearSchedule
from tests.calendar_data import SCHEDULE_2027

D = dt.date


def messages(text: str, year: int = 2027) -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text, year=year)
    return [str(e) for e in caught.value.errors]


def test_it_reads_days_off_ranges_and_make_up_days() -> None:
    schedule = parse_schedule(SCHEDULE_2027, year=2027, revision="2026-11-20")
    assert len(schedule.days_off) == 3 + 8 + 3 + 5 + 1 + 1 + 7
    assert schedule.makeup_workdays[D(2027, 1, 31)] == "春节"
    assert schedule.days_off[D(2027, 2, 9)] == "春节"
    assert schedule.revision == "2026-11-20"


def test_it_reads_a_csv_with_headings_and_separate_start_and_end_columns() -> None:
    lines = ["开始日期,结束日期,名称,类型"]
    for line in SCHEDULE_2027.splitlines()[1:]:
        dates, name, kind = line.replace(" ~ ", "~").split()
        first, _, last = dates.partition("~")
        lines.append(f"{first},{last or first},{name},{kind}")
    assert parse_schedule("\n".join(lines), year=2027) == parse_schedule(SCHEDULE_2027, year=2027)


def test_it_reads_dates_written_the_chinese_way_and_without_the_year() -> None:
    text = SCHEDULE_2027.replace("2027-01-01~2027-01-03", "2027年1月1日至1月3日").replace("2027-06-09", "6月9日")
    assert parse_schedule(text, year=2027) == parse_schedule(SCHEDULE_2027, year=2027)


def test_every_bad_line_is_reported_with_its_number() -> None:
    text = SCHEDULE_2027 + "\n".join(
        [
            "2027-13-01 元旦 休",
            "2027-02-15 春节 班",
            "2027-03-01 植树 放风筝",
            "just words",
            "2026-12-31 元旦 休",
            "2027-03-09~2027-03-02 x 休",
            "2027-02-10 春节 休",
        ]
    )
    found = messages(text)
    assert found == [
        "第15行“2027-13-01 元旦 休”：日期“2027-13-01”不存在",
        "第16行“2027-02-15 春节 班”：2027-02-15 是星期一，本来就是工作日，不能列为调休上班日（班）",
        "第17行“2027-03-01 植树 放风筝”：类型“放风筝”无法识别，应为“休”（放假）或“班”（调休上班）",
        "第18行“just words”：格式应为“日期或日期范围 名称 休/班”，例如“2027-02-06~2027-02-13 春节 休”",
        "第19行“2026-12-31 元旦 休”：日期 2026-12-31 不在 2027 年内",
        "第20行“2027-03-09~2027-03-02 x 休”：结束日期 2027-03-02 早于开始日期 2027-03-09",
        "第21行“2027-02-10 春节 休”：2027-02-10 已在第4行列出",
    ]


def test_a_schedule_missing_a_statutory_day_is_refused() -> None:
    found = messages(SCHEDULE_2027.replace("2027-09-15 中秋 休\n", ""))
    assert found == ["缺少法定节假日中秋（2027-09-15）：国务院令第795号规定全体公民放假，请对照通知补全"]


def test_an_empty_schedule_is_refused() -> None:
    assert messages("\n# nothing\n") == ["没有填写 2027 年的放假安排"]


def test_chinesecalendar_years_survive_a_round_trip_through_the_text_form() -> None:
    calendar = WorkdayCalendar()
    for year in (2025, 2026):
        rows = calendar.special_days(year)
        schedule = YearSchedule(year, {d: n for d, m, n in rows if not m}, {d: n for d, m, n in rows if m})
        text = format_schedule(schedule)
        assert "2026-02-15~2026-02-23 春节 休" in text or year == 2025
        back = parse_schedule(text, year=year)
        assert (dict(back.days_off), dict(back.makeup_workdays)) == (
            dict(schedule.days_off),
            dict(schedule.makeup_workdays),
        )
