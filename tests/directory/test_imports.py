"""Importing units: every kind of bad row named, atomic by default, --skip-invalid, updates, round trips."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.directory.services import export_units, import_units
from tests.factories import valid_uscc

HEADER = [
    "统一社会信用代码",
    "单位详细名称",
    "行政区划代码",
    "行业代码",
    "四上类别",
    "单位规模",
    "信用风险等级",
    "状态",
    "标签",
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def good_row(code: str | None = None, name: str = "阳城县晋阳煤业有限公司") -> list[str]:
    return [code or valid_uscc(), name, "140522100001", "0610", "规上工业", "中型", "B", "在营", "重点企业"]


def run(world: Any, path: Path, **options: Any) -> Any:
    return import_units(actor=None, bureau=world.county, path=path, options=ImportOptions(**options))


def test_a_clean_file_creates_every_unit(world: Any, tmp_path: Path) -> None:
    report = run(world, write_csv(tmp_path / "u.csv", [good_row(), good_row(name="阳城县凤城超市有限公司")]))
    assert (report.created, report.error_count, report.written) == (2, 0, True)
    unit = Unit.objects.get(name="阳城县晋阳煤业有限公司")
    assert (unit.scale_category, unit.size_class, unit.industry_section, unit.tags) == ("IND", "M", "B", "|重点企业|")
    assert AuditEvent.objects.filter(action="units.imported").count() == 1


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["91140522MA0K12345X", "甲公司", "140522100001", "0610"], "统一社会信用代码", "校验位错误"),
        (["", "甲公司", "140522100001", "0610"], "统一社会信用代码", "必填项为空"),
        (["GOOD", "", "140522100001", "0610"], "单位详细名称", "必填项为空"),
        (["GOOD", "甲公司", "140522999001", "0610"], "行政区划代码", "未知区划"),
        (["GOOD", "甲公司", "14052", "0610"], "行政区划代码", "格式错误"),
        (["GOOD", "甲公司", "140581100001", "0610"], "行政区划代码", "不在本次导入的统计局辖区内"),
        (["GOOD", "甲公司", "140522100001", "06X0"], "行业代码", "格式错误"),
        (["GOOD", "甲公司", "140522100001", "9999"], "行业代码", "大类 99"),
        (["GOOD", "甲公司", "140522100001", "F0610"], "行业代码", "门类字母应为 B"),
        (["GOOD", "甲公司", "140522100001", "0610", "规模以下"], "四上类别", "无法识别"),
        (["GOOD", "甲公司", "140522100001", "0610", "", "巨型"], "单位规模", "无法识别"),
        (["GOOD", "甲公司", "140522100001", "0610", "", "", "E"], "信用风险等级", "无法识别"),
        (["GOOD", "甲公司", "140522100001", "0610", "", "", "", "倒闭"], "状态", "无法识别"),
    ],
)
def test_it_names_the_row_column_and_reason_of_each_bad_value(
    world: Any, tmp_path: Path, row: list[str], column: str, reason: str
) -> None:
    row = [valid_uscc() if c == "GOOD" else c for c in row]
    report = run(world, write_csv(tmp_path / "bad.csv", [good_row(), row + [""] * (len(HEADER) - len(row))]))
    assert report.error_count == 1 and not report.written
    error = report.errors[0]
    assert (error.row, error.column) == (3, column)
    assert reason in error.message
    assert Unit.objects.count() == 0, "an import with a bad row writes nothing"


def test_it_reports_a_code_repeated_inside_the_file_with_both_rows(world: Any, tmp_path: Path) -> None:
    code = valid_uscc()
    report = run(world, write_csv(tmp_path / "dup.csv", [good_row(code), good_row(), good_row(code)]))
    assert [(e.row, e.column) for e in report.errors] == [(4, "统一社会信用代码")]
    assert "第2行已出现" in report.errors[0].message
    assert Unit.objects.count() == 0


def test_it_rejects_a_file_without_a_required_column(world: Any, tmp_path: Path) -> None:
    report = run(world, write_csv(tmp_path / "h.csv", [["x", "y"]], header=["统一社会信用代码", "单位名称"]))
    assert report.fatal and "行政区划代码" in report.fatal and "行业代码" in report.fatal


def test_it_reports_unknown_columns_instead_of_dropping_them_silently(world: Any, tmp_path: Path) -> None:
    report = run(world, write_csv(tmp_path / "x.csv", [[*good_row(), "备注文字"]], header=[*HEADER, "备注"]))
    assert report.unknown_columns == ["备注"]
    assert any("备注" in note for note in report.notes)
    assert report.written


def test_skip_invalid_imports_the_good_rows_and_writes_the_bad_ones_to_a_file(world: Any, tmp_path: Path) -> None:
    bad = ["91140522MA0K12345X", "坏公司", "140522100001", "0610", "", "", "", "", ""]
    rejected = tmp_path / "rejected.csv"
    report = run(world, write_csv(tmp_path / "s.csv", [good_row(), bad]), skip_invalid=True, rejected_path=rejected)
    assert (report.created, report.error_count, report.written) == (1, 1, True)
    lines = rejected.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith("错误原因") and "坏公司" in lines[1] and "第3行" in lines[1]


def test_a_dry_run_writes_nothing_but_reports_what_would_change(world: Any, tmp_path: Path) -> None:
    report = run(world, write_csv(tmp_path / "d.csv", [good_row()]), dry_run=True)
    assert (report.created, report.written) == (1, False)
    assert report.preview[0]["action"] == "新增"
    assert Unit.objects.count() == 0


def test_reimporting_updates_by_code_and_records_the_changes(world: Any, tmp_path: Path) -> None:
    code = valid_uscc()
    run(world, write_csv(tmp_path / "a.csv", [good_row(code)]))
    changed = good_row(code, name="阳城县晋阳煤业集团有限公司")
    changed[6] = "D"
    report = run(world, write_csv(tmp_path / "b.csv", [changed]))
    assert (report.created, report.updated) == (0, 1)
    unit = Unit.objects.get(uscc=code)
    assert (unit.name, unit.risk_class) == ("阳城县晋阳煤业集团有限公司", "D")
    change = UnitChange.objects.get(unit=unit)
    assert change.changes["name"] == ["阳城县晋阳煤业有限公司", "阳城县晋阳煤业集团有限公司"]
    assert change.labelled_changes["信用风险等级"] == ["B", "D"]


def test_an_unchanged_reimport_touches_nothing(world: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [good_row(), good_row()])
    run(world, path)
    report = run(world, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert UnitChange.objects.count() == 0


def test_it_reads_gbk_csv_and_a_title_row_above_the_header(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["阳城县名录库导出"])
        writer.writerow(["统一社会信用代码", "单位名称", "区划代码", "行业代码"])
        writer.writerow([valid_uscc(), "阳城县北留镇商贸有限公司", "140522101000", "C1311"])
    report = run(world, path)
    assert report.created == 1 and report.errors == []


def test_it_reads_xlsx_with_numeric_codes(world: Any, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["社会信用代码", "企业名称", "区划代码", "行业代码", "营业收入", "从业人员"])
    sheet.append([valid_uscc(), "阳城县测试公司", 140522100001, 1311, 2345.6, 120.0])
    path = tmp_path / "u.xlsx"
    workbook.save(path)
    report = run(world, path)
    assert report.created == 1, report.errors
    unit = Unit.objects.get()
    assert (unit.region_code, unit.industry_code, str(unit.revenue), unit.employees) == (
        "140522100001",
        "1311",
        "2345.60",
        120,
    )


def test_an_unreadable_file_is_refused_with_a_reason(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    assert "无法读取" in run(world, path).fatal
    other = tmp_path / "u.txt"
    other.write_text("x")
    assert "不支持的文件类型" in run(world, other).fatal


def test_a_checksum_override_is_accepted_only_with_a_reason(world: Any, tmp_path: Path) -> None:
    header = [*HEADER[:4], "校验码豁免原因"]
    rows = [["91350100M0001TGQXM", "福建试点代码单位", "140522100001", "0610", "2015年试点地区赋码"]]
    report = run(world, write_csv(tmp_path / "o.csv", rows, header=header))
    assert report.created == 1
    assert Unit.objects.get().checksum_exempt_reason == "2015年试点地区赋码"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reimports_without_a_change(world: Any, tmp_path: Path, suffix: str) -> None:
    from shuangsuiji.demo.generator import Area, headers, unit_rows

    area = Area("140522", "阳城县", [("140522100000", "凤城镇"), ("140522101000", "北留镇")])
    source = tmp_path / "source.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        writer.writerows(unit_rows(area, 60, seed=1))
    first = run(world, source)
    assert first.created == 60, first.errors[:3]
    exported = tmp_path / f"export{suffix}"
    assert export_units(queryset=Unit.objects.all(), path=exported) == 60
    again = run(world, exported)
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 60, 0)
