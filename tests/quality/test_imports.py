"""Importing reported figures in long and wide form: stored per unit, indicator and period; any bad row rejects
the whole file with row-level Chinese errors."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.quality.models import ReportedValue
from shuangsuiji.quality.services.imports import import_reported_values
from tests.factories import UnitFactory, valid_uscc


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


LONG = ["统一社会信用代码", "报告期", "指标名称", "本月", "本年累计", "填报时间"]


def test_a_long_file_stores_one_value_per_unit_indicator_and_period(
    world: Any, specialist: Any, tmp_path: Path
) -> None:
    unit = UnitFactory(bureau=world.county)
    path = _csv(
        tmp_path / "long.csv",
        LONG,
        [
            [unit.uscc, "2026-10", "营业收入", "1,234.5", "10000", "2026-11-08 10:30"],
            [unit.uscc, "2026-10", "从业人员期末人数", "85", "", "2026-11-08"],
        ],
    )
    report = import_reported_values(actor=specialist, bureau=world.county, path=path)
    assert report.written and report.created == 2
    revenue = ReportedValue.objects.get(unit=unit, indicator__code="revenue")
    assert revenue.current_value == Decimal("1234.50") and revenue.cumulative_value == Decimal("10000.00")
    assert revenue.period_kind == "M" and revenue.reported_at is not None


def test_a_second_import_replaces_the_figure_of_the_same_period(world: Any, specialist: Any, tmp_path: Path) -> None:
    unit = UnitFactory(bureau=world.county)
    for value in ("100", "120"):
        path = _csv(tmp_path / f"{value}.csv", LONG, [[unit.uscc, "2026Q3", "营业收入", value, value, ""]])
        import_reported_values(actor=specialist, bureau=world.county, path=path)
    stored = ReportedValue.objects.get(unit=unit)
    assert stored.current_value == Decimal("120.00") and stored.period == "2026Q3"


def test_a_wide_xlsx_file_has_one_column_per_indicator(world: Any, specialist: Any, tmp_path: Path) -> None:
    unit = UnitFactory(bureau=world.county)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2026年10月联网直报数据"])
    sheet.append(["统一社会信用代码", "报告期", "营业收入", "营业收入本年累计", "利润总额", "从业人员期末人数"])
    sheet.append([unit.uscc, "2026-10", 500, 4800, -20.5, 30])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    report = import_reported_values(actor=specialist, bureau=world.county, path=path)
    assert report.written, [e.as_text() for e in report.errors]
    assert ReportedValue.objects.filter(unit=unit).count() == 3
    assert ReportedValue.objects.get(unit=unit, indicator__code="profit").current_value == Decimal("-20.50")


def test_bad_rows_reject_the_whole_file_and_each_is_named(world: Any, specialist: Any, tmp_path: Path) -> None:
    unit = UnitFactory(bureau=world.county)
    path = _csv(
        tmp_path / "bad.csv",
        LONG,
        [
            [unit.uscc, "2026-10", "营业收入", "100", "900", ""],
            [valid_uscc(), "2026-10", "营业收入", "100", "900", ""],
            [unit.uscc, "2026-13", "营业收入", "100", "900", ""],
            [unit.uscc, "2026-09", "营业收入", "-5", "", ""],
            [unit.uscc, "2026-09", "销售额", "5", "", ""],
            [unit.uscc, "2026-10", "营业收入", "101", "901", ""],
            [unit.uscc, "2026-08", "从业人员期末人数", "3.5", "", "昨天"],
        ],
    )
    report = import_reported_values(actor=specialist, bureau=world.county, path=path, options=ImportOptions())
    assert not report.written and report.rejected
    assert ReportedValue.objects.count() == 0
    texts = [e.as_text() for e in report.errors]
    assert any(t.startswith("第3行") and "不在本局检查对象名录库中" in t for t in texts)
    assert any(t.startswith("第4行") and "报告期“2026-13”无法识别" in t for t in texts)
    assert any(t.startswith("第5行") and "不能为负数" in t for t in texts)
    assert any(t.startswith("第6行") and "指标“销售额”未配置" in t for t in texts)
    assert any(t.startswith("第7行") and "与第2行重复" in t for t in texts)
    assert any(t.startswith("第8行") and "应为非负整数" in t for t in texts)
    assert any(t.startswith("第8行") and "填报时间“昨天”无法识别" in t for t in texts)


def test_another_countys_unit_cannot_be_imported(world: Any, specialist: Any, tmp_path: Path) -> None:
    other = UnitFactory(bureau=world.other_county)
    path = _csv(tmp_path / "o.csv", LONG, [[other.uscc, "2026-10", "营业收入", "1", "1", ""]])
    report = import_reported_values(actor=specialist, bureau=world.county, path=path)
    assert not report.written and "不在本局检查对象名录库中" in report.errors[0].message


def test_a_file_with_neither_form_is_refused(world: Any, specialist: Any, tmp_path: Path) -> None:
    unit = UnitFactory(bureau=world.county)
    path = _csv(tmp_path / "n.csv", ["统一社会信用代码", "报告期", "备注"], [[unit.uscc, "2026-10", "x"]])
    report = import_reported_values(actor=specialist, bureau=world.county, path=path)
    assert not report.written and "长表" in report.errors[0].message
