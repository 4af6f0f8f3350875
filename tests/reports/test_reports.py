"""The monthly forms of seed 002 and the annual statistics match counts made independently here; the exports
are laid out like the printed forms; pages are scoped."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from shuangsuiji.publicity.models import Publication
from shuangsuiji.reports import exports, selectors, services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _today() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


def test_the_monthly_forms_count_what_happened(world: Any, results: list[Any], coordinator: Any) -> None:
    year, month = _today()
    units = {r.unit_id for r in results}
    problems = {r.unit_id for r in results if "corrected" in r.outcomes}
    enterprises = {r.unit_id for r in results if r.unit.uscc.startswith("91")}
    assert len(units) == 5 and len(problems) == 2  # the submitted-only sixth is not counted
    form = selectors.monthly_form(world.county, year, month)
    rows = {r.key: r.count for r in form.platform_rows}
    assert rows["all"].as_list() == [1, 5, 2]
    assert rows["internal"].as_list() == [1, 5, 2] and rows["joint"].as_list() == [0, 0, 0]
    assert rows["risk"].as_list() == [1, 5, 2]  # the task's ratios differ by credit-risk class
    assert rows["enterprise"].units == len(enterprises)
    assert rows["market"] is None
    assert form.month_count.as_list() == [1, 5, 2]
    assert {r.key: r.count.as_list() for r in form.cumulative_rows}["internal"] == [1, 5, 2]  # type: ignore[union-attr]
    assert {r.key: r.count.as_list() for r in form.cumulative_rows}["assigned"] == [0, 0, 0]  # type: ignore[union-attr]
    assert any("2026年四上企业抽查" in d for d in form.task_documents)
    assert "统计调查对象执行统计法情况" in form.items


def test_hand_entered_rows_and_the_superior_sum(
    world: Any, results: list[Any], coordinator: Any, city_coordinator: Any
) -> None:
    year, month = _today()
    services.save_monthly_input(
        actor=coordinator,
        bureau=world.county,
        year=year,
        month=month,
        data={
            "other_all_0": "2",
            "other_all_1": "30",
            "other_all_2": "4",
            "meetings": "召开局务会部署",
            "contact": "田贺娟",
        },
    )
    services.save_monthly_input(
        actor=city_coordinator,
        bureau=world.city,
        year=year,
        month=month,
        data={"other_all_0": "1", "other_all_1": "10", "other_all_2": "1", "meetings": "市局专题会"},
    )
    county = selectors.monthly_form(world.county, year, month)
    assert county.other_rows[0].count.as_list() == [2, 30, 4]  # type: ignore[union-attr]
    city = selectors.monthly_form(world.city, year, month)
    assert city.is_summary and world.county.pk in {b.pk for b in city.subordinates}
    assert city.other_rows[0].count.as_list() == [3, 40, 5]  # type: ignore[union-attr]
    assert {r.key: r.count for r in city.platform_rows}["all"].as_list() == [1, 5, 2]  # type: ignore[union-attr]
    assert "阳城县" in city.meetings and "市局专题会" in city.meetings
    assert city.month_count.as_list() == [0, 0, 0]  # 市本级 did no checks itself


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"other_all_1": "abc"}, "非负整数"),
        ({"other_all_1": "2", "other_all_2": "3"}, "不能多于户数"),
        ({"mobile": "123"}, "11位"),
    ],
)
def test_bad_hand_entries_are_refused_and_nothing_is_saved(
    world: Any, coordinator: Any, data: dict[str, str], message: str
) -> None:
    from shuangsuiji.reports.models import MonthlyInput

    with pytest.raises(services.ReportInputError, match=message):
        services.save_monthly_input(actor=coordinator, bureau=world.county, year=2026, month=10, data=data)
    assert not MonthlyInput.objects.exists()


def test_the_xlsx_is_laid_out_like_the_printed_forms(world: Any, results: list[Any]) -> None:
    year, month = _today()
    book = load_workbook(io.BytesIO(exports.forms_xlsx(selectors.monthly_form(world.county, year, month))))
    first, second = book["附件1"], book["附件2"]
    assert "“双随机、一公开”监管月报表" in first["A1"].value
    merged = {str(r) for r in first.merged_cells.ranges}
    assert "A1:E1" in merged and "A4:A9" in merged and "A10:A12" in merged
    assert first["A4"].value == "通过本平台开展抽查情况" and [first.cell(4, c).value for c in (3, 4, 5)] == [1, 5, 2]
    assert first["C5"].value == "—"  # 市场监管系统: not applicable
    assert "联系人" in first.cell(first.max_row, 1).value
    labels = [second.cell(r, 2).value for r in range(1, second.max_row + 1)]
    assert "本月召开会议部署随机抽查工作情况" in labels and "本部门累计完成省派抽查次数、户数及发现问题户数" in labels


def test_the_pdf_renders(world: Any, results: list[Any]) -> None:
    year, month = _today()
    pdf = exports.forms_pdf(selectors.monthly_form(world.county, year, month))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_annual_statistics_publish_once_on_the_portal(
    world: Any, results: list[Any], coordinator: Any, client: Any
) -> None:
    import time_machine

    year = timezone.localdate().year
    figures = selectors.annual_figures(world.county, year)
    assert (figures["random_checks"], figures["random_units"], figures["problem_units"]) == (1, 5, 2)
    with pytest.raises(services.ReportInputError, match="尚未结束"):
        services.publish_annual_report(actor=coordinator, bureau=world.county, year=year)
    with time_machine.travel(f"{year + 1}-01-20 10:00 +0800", tick=False):
        report = services.publish_annual_report(actor=coordinator, bureau=world.county, year=year, note="数据截至年底")
        with pytest.raises(services.ReportInputError, match="已于"):
            services.publish_annual_report(actor=coordinator, bureau=world.county, year=year)
    assert report.figures["random_units"] == 5
    publication = Publication.objects.get(kind="annual_report")
    page = client.get(f"/public/p/{publication.pk}/").content.decode()
    assert "随机抽查检查对象（户）" in page and "数据截至年底" in page


def test_pages_and_downloads_are_scoped(
    world: Any, results: list[Any], coordinator: Any, leader: Any, city_coordinator: Any, other_county_user: Any
) -> None:
    year, month = _today()
    for user in (coordinator, leader, city_coordinator):
        for url in ("/reports/monthly/", "/reports/annual/", "/reports/dashboard/", "/reports/dashboard/monthly.csv"):
            assert client_for(user).get(url).status_code == 200, (user, url)
    city = client_for(city_coordinator).get(f"/reports/monthly/?bureau=140522&year={year}&month={month}")
    assert city.status_code == 200 and "阳城县" in city.content.decode()
    assert client_for(other_county_user).get("/reports/monthly/?bureau=140522").status_code == 404
    xlsx = client_for(coordinator).get(f"/reports/monthly/download.xlsx?year={year}&month={month}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv_text = client_for(coordinator).get(f"/reports/dashboard/monthly.csv?year={year}").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "月份,抽查次数,抽查户数,发现问题户数"
    assert f"{month}月,1,5,2" in csv_text
