"""Importing the 执法检查人员名录库: every bad row named with its spreadsheet row, column and reason; all or nothing
by default; re-imports update by 执法证号; an export re-imports unchanged; the CLI's exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.cli import main
from shuangsuiji.core.imports import ImportOptions, ImportReport
from shuangsuiji.core.models import AuditEvent, ImportBatch
from shuangsuiji.inspectors.models import Inspector, InspectorChange
from shuangsuiji.inspectors.services import export_bureau_inspectors, import_inspectors
from tests.conftest import World
from tests.factories import InspectorFactory
from tests.tables import read_csv, write_csv, write_xlsx

HEADER = ["姓名", "性别", "执法证号", "执法证有效期至", "所属科室", "执法岗位", "执法区域", "专长标签", "状态", "手机"]
ZHANG = [
    "张学功",
    "男",
    "14052200001",
    "2028-12-31",
    "法制室",
    "执法检查员",
    "阳城县全域",
    "工业 投资",
    "在岗",
    "13800000001",
]
LI = ["李海丽", "女", "14052200002", "2027-06-30", "专业股", "执法检查员", "凤城镇", "数据审核", "请假", ""]


def run(world: World, actor: Any, path: Path, **options: Any) -> ImportReport:
    return import_inspectors(actor=actor, bureau=world.county, path=path, options=ImportOptions(**options))


def test_a_good_file_adds_the_inspectors_with_history_and_an_audit_event(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    report = run(world, coordinator, write_csv(tmp_path / "人员.csv", [HEADER, ZHANG, LI]))
    assert report.written and (report.created, report.updated, report.error_count) == (2, 0, 0)
    li = Inspector.objects.get(certificate_no="14052200002")
    assert li.status == Inspector.Status.ON_LEAVE and li.department is not None and li.department.name == "专业股"
    change = li.changes.get()
    assert change.kind == InspectorChange.Kind.ADD and change.batch == ImportBatch.objects.get()
    assert change.reason == "导入文件 人员.csv"
    assert AuditEvent.objects.filter(action="inspectors.imported", bureau=world.county).exists()


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ZHANG,
        ["王丽钧", "女", "14052200003", "2026-13-01", "法制室", "", "", "", "在岗", ""],
        ["付子瑶", "女", "14052200004", "2028-01-01", "统计股", "", "", "", "在岗", ""],
        ["田贺娟", "女", "14052200005", "2028-01-01", "", "", "", "", "出差", ""],
        ["郭二锋", "男", "14052200001", "2028-01-01", "", "", "", "", "", ""],
        ["", "男", "14052200006", "2028-01-01", "", "", "", "", "", ""],
        ["崔海胜", "未知", "14052200007", "2028-01-01", "", "", "", "", "", ""],
    ]
    report = run(world, coordinator, write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column): e.message for e in report.errors}
    assert "不是有效日期" in found[(3, "执法证有效期至")]
    assert "科室“统计股”不存在" in found[(4, "所属科室")]
    assert "状态“出差”无法识别" in found[(5, "状态")]
    assert "在文件中重复（第2行已出现）" in found[(6, "执法证号")]
    assert found[(7, "姓名")] == "必填项为空"
    assert "性别“未知”无法识别" in found[(8, "性别")]
    assert report.error_count == 6 and report.rows_total == 7
    assert report.rejected and not report.written
    assert not Inspector.objects.exists() and not ImportBatch.objects.exists()


def test_unknown_columns_are_reported_and_a_missing_required_column_stops_the_file(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    report = run(world, coordinator, write_csv(tmp_path / "a.csv", [[*HEADER, "政治面貌"], [*ZHANG, "党员"]]))
    assert report.written and report.unknown_columns == ["政治面貌"]
    assert any("政治面貌" in note for note in report.notes)
    report = run(world, coordinator, write_csv(tmp_path / "b.csv", [HEADER[:2], ZHANG[:2]]))
    assert "缺少必填列「执法证号」" in report.fatal and not report.written


def test_skip_invalid_imports_the_good_rows_and_writes_the_rejected_ones(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    bad = ["王丽钧", "女", "14052200003", "明年", "法制室", "", "", "", "", ""]
    rejected = tmp_path / "rejected.csv"
    report = run(
        world,
        coordinator,
        write_csv(tmp_path / "mixed.csv", [HEADER, ZHANG, bad, LI]),
        skip_invalid=True,
        rejected_path=rejected,
    )
    assert report.written and report.created == 2 and report.error_count == 1
    assert sorted(Inspector.objects.values_list("name", flat=True)) == ["张学功", "李海丽"]
    lines = read_csv(rejected)
    assert lines[0] == [*HEADER, "错误原因"]
    assert lines[1][:4] == bad[:4] and "第3行「执法证有效期至」" in lines[1][-1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_files_in_the_encodings_bureaus_use_are_read(
    world: World, coordinator: Any, tmp_path: Path, encoding: str
) -> None:
    report = run(world, coordinator, write_csv(tmp_path / "enc.csv", [HEADER, ZHANG, LI], encoding=encoding))
    assert report.created == 2, report.errors
    assert Inspector.objects.get(certificate_no="14052200001").area == "阳城县全域"


def test_an_xlsx_with_date_cells_and_numeric_certificate_numbers_is_read(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    row = ["张学功", "男", 14052200001, dt.datetime(2028, 12, 31), "法制室", "", "", "", "在岗", 13800000001]
    report = run(world, coordinator, write_xlsx(tmp_path / "人员.xlsx", [["执法检查人员名录"], HEADER, row]))
    assert report.created == 1, report.errors
    inspector = Inspector.objects.get()
    assert inspector.certificate_no == "14052200001" and inspector.certificate_valid_until == dt.date(2028, 12, 31)
    assert inspector.phone == "13800000001"


def test_a_reimport_updates_by_certificate_number_and_keeps_the_changes(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    run(world, coordinator, write_csv(tmp_path / "v1.csv", [HEADER, ZHANG, LI]))
    moved = [*ZHANG[:4], "专业股", *ZHANG[5:8], "借调", ZHANG[9]]
    report = run(world, coordinator, write_csv(tmp_path / "v2.csv", [HEADER, moved, LI]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.preview[0]["changes"] == {"所属科室": ["法制室", "专业股"], "状态": ["在岗", "借调"]}
    zhang = Inspector.objects.get(certificate_no="14052200001")
    assert zhang.status == Inspector.Status.SECONDED
    change = zhang.changes.get(kind=InspectorChange.Kind.CHANGE)
    assert change.changes["department"] == ["法制室", "专业股"] and change.batch is not None


def test_a_certificate_number_of_another_bureau_is_refused(world: World, coordinator: Any, tmp_path: Path) -> None:
    InspectorFactory(bureau=world.other_county, certificate_no="14052200001")
    report = run(world, coordinator, write_csv(tmp_path / "c.csv", [HEADER, ZHANG]))
    assert report.errors[0].row == 2 and "已登记在高平市统计局" in report.errors[0].message
    assert Inspector.objects.filter(bureau=world.county).count() == 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reimports_with_every_row_unchanged(
    world: World, coordinator: Any, tmp_path: Path, suffix: str
) -> None:
    run(world, coordinator, write_csv(tmp_path / "v1.csv", [HEADER, ZHANG, LI]))
    InspectorFactory(bureau=world.county, expertise="|投资|", home_region="140522100000", staff_no="007")
    InspectorFactory(bureau=world.other_county)
    exported = tmp_path / f"export{suffix}"
    assert export_bureau_inspectors(bureau=world.county, path=exported) == 3
    report = run(world, coordinator, exported)
    assert (report.created, report.updated, report.unchanged, report.error_count) == (0, 0, 3, 0)


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    return int(caught.value.code or 0)


def test_the_cli_imports_and_exits_0(world: World, tmp_path: Path, capsys: Any) -> None:
    path = write_csv(tmp_path / "good.csv", [HEADER, ZHANG])
    assert cli("import", "inspectors", str(path), "--bureau", "140522") == 0
    assert "created 1" in capsys.readouterr().out and Inspector.objects.count() == 1


def test_the_cli_exits_1_on_bad_rows_and_writes_nothing(world: World, tmp_path: Path, capsys: Any) -> None:
    bad = ["王丽钧", "女", "14052200003", "2026-02-30", "", "", "", "", "", ""]
    path = write_csv(tmp_path / "bad.csv", [HEADER, ZHANG, bad])
    assert cli("import", "inspectors", str(path), "--bureau", "140522") == 1
    assert "rejected: 第3行「执法证有效期至」" in capsys.readouterr().out
    assert not Inspector.objects.exists()
    assert cli("import", "inspectors", str(path), "--bureau", "140522", "--skip-invalid") == 0
    assert Inspector.objects.count() == 1 and (tmp_path / "bad.rejected.csv").exists()


def test_the_cli_exits_2_on_usage_errors(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "good.csv", [HEADER, ZHANG])
    assert cli("import", "inspectors", str(tmp_path / "missing.csv"), "--bureau", "140522") == 2
    assert cli("import", "inspectors", str(path), "--bureau", "999999") == 2
    assert cli("import", "inspectors") == 2
    assert not Inspector.objects.exists()


def test_the_cli_dry_run_writes_nothing_and_exports_read_back(world: World, tmp_path: Path, capsys: Any) -> None:
    path = write_csv(tmp_path / "good.csv", [HEADER, ZHANG])
    assert cli("import", "inspectors", str(path), "--bureau", "140522", "--dry-run") == 0
    assert "dry run" in capsys.readouterr().out and not Inspector.objects.exists()
    cli("import", "inspectors", str(path), "--bureau", "140522")
    exported = tmp_path / "out.xlsx"
    assert cli("export", "inspectors", str(exported), "--bureau", "140522") == 0
    assert cli("import", "inspectors", str(exported), "--bureau", "140522") == 0
    assert "unchanged 1" in capsys.readouterr().out
