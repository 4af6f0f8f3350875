"""Importing a bureau's 抽查事项清单: matched by 事项编码 (or name); a changed published item gets a new draft
version, never an in-place edit; every bad row is named; an export re-imports unchanged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.catalog import services
from shuangsuiji.catalog.models import InspectionItem, ItemVersion
from shuangsuiji.cli import main
from shuangsuiji.core.imports import ImportOptions, ImportReport
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.domain.checklists import CheckPointSpec
from tests.catalog.helpers import item_values
from tests.conftest import World
from tests.tables import write_csv, write_xlsx

HEADER = [
    "事项编码",
    "抽查事项名称",
    "事项类别",
    "抽查依据",
    "抽查主体",
    "抽查对象",
    "抽查比例",
    "抽查频次",
    "抽查方式",
    "抽查内容及要求",
    "检查人员要求",
    "备注",
    "检查要点",
]
SEED_ROW = [
    "",
    "统计调查对象执行统计法及国家有关规定情况",
    "",
    "《统计法》《统计法实施条例》《统计执法监督检查办法》",
    "省、市、县三级统计局",
    "统计调查对象",
    "3%",
    "1-2次/年",
    "现场检查或书面检查",
    "1.调查对象依法提供统计资料情况；2.调查对象依法设置原始记录、统计台账情况；3.调查对象依法建立并执行统计资料管理制度情况。",
    "",
    "",
    "",
]


def row(**values: str) -> list[str]:
    keys = ["code", "name", "category", "legal_basis", "inspecting_bodies", "object_type", "ratio", "frequency"]
    keys += ["method", "content", "inspector_requirements", "note", "checkpoints"]
    base = dict(zip(keys, SEED_ROW, strict=True))
    return [{**base, **values}[k] for k in keys]


def run(world: World, actor: Any, path: Path, **options: Any) -> ImportReport:
    return services.import_items(actor=actor, bureau=world.county, path=path, options=ImportOptions(**options))


def test_new_items_are_drafts_with_a_checklist_from_the_numbered_content(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        row(),
        row(code="X-1", name="涉外调查", ratio="100%", frequency="每年1次", checkpoints="是否持证\n人数【数值】"),
    ]
    report = run(world, coordinator, write_csv(tmp_path / "items.csv", rows))
    assert report.written and report.created == 2, report.errors
    derived = InspectionItem.objects.get(code="140522-01")
    assert derived.status == InspectionItem.Status.DRAFT
    points = list(derived.versions.get().checkpoints.order_by("order").values_list("text", flat=True))
    assert points[0] == "调查对象是否依法提供统计资料？" and len(points) == 3
    explicit = InspectionItem.objects.get(code="X-1").versions.get()
    assert explicit.frequency_min == 1 and explicit.ratio_max_percent == Decimal(100)
    assert list(explicit.checkpoints.values_list("answer_type", flat=True)) == ["yes_no", "number"]
    assert AuditEvent.objects.filter(action="catalog.item_created").count() == 2
    assert AuditEvent.objects.filter(action="items.imported").count() == 1


def test_every_kind_of_bad_row_is_named_and_nothing_is_written(world: World, coordinator: Any, tmp_path: Path) -> None:
    rows = [
        HEADER,
        row(code="A1"),
        row(code="A2", name="比例错", ratio="约三成"),
        row(code="A3", name="频次错", frequency="不定期"),
        row(code="A4", name=""),
        row(code="A5", name="类别错", category="特殊事项"),
        row(code="A1", name="编码重复"),
        row(code="A7", name="统计调查对象执行统计法及国家有关规定情况"),
        row(code="A8", name="要点错", checkpoints="是否A\n是否B【星级】"),
    ]
    report = run(world, coordinator, write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column): e.message for e in report.errors}
    assert "抽查比例“约三成”" in found[(3, "抽查比例")]
    assert "抽查频次“不定期”" in found[(4, "抽查频次")]
    assert found[(5, "抽查事项名称")] == "必填项为空"
    assert "事项类别“特殊事项”无法识别" in found[(6, "事项类别")]
    assert "事项编码 A1 在文件中重复（第2行已出现）" in found[(7, "事项编码")]
    assert "在文件中重复（第2行已出现）" in found[(8, "抽查事项名称")]
    assert "第2个检查要点的标注“星级”无法识别" in found[(9, "检查要点")]
    assert report.error_count == 7 and not report.written and not InspectionItem.objects.exists()


def test_retired_items_and_names_of_other_codes_are_refused(world: World, coordinator: Any, tmp_path: Path) -> None:
    item = services.create_item(actor=coordinator, bureau=world.county, values=item_values(code="OLD"))
    services.retire_item(actor=coordinator, item=item, reason="废止")
    other = services.create_item(actor=coordinator, bureau=world.county, values=item_values(code="B1", name="台账检查"))
    assert other.code == "B1"
    rows = [HEADER, row(code="OLD"), row(code="C1", name="台账检查")]
    report = run(world, coordinator, write_csv(tmp_path / "r.csv", rows))
    found = {e.row: e.message for e in report.errors}
    assert "事项 OLD 已停用" in found[2] and "已用于编码为 B1 的事项" in found[3]


def test_a_changed_published_item_gets_a_new_draft_version(world: World, coordinator: Any, tmp_path: Path) -> None:
    run(world, coordinator, write_csv(tmp_path / "v1.csv", [HEADER, row(code="S-1")]))
    item = InspectionItem.objects.get(code="S-1")
    services.publish_item(actor=coordinator, item=item)
    report = run(world, coordinator, write_csv(tmp_path / "v2.csv", [HEADER, row(code="S-1", ratio="5%")]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert report.preview[0]["action"] == "新建第2版草稿"
    item.refresh_from_db()
    first, second = item.versions.order_by("number")
    assert item.current_version_id == first.pk and first.ratio_max_percent == Decimal(3)
    assert second.ratio_max_percent == Decimal(5) and not second.is_published
    assert second.change_reason.startswith("导入文件 v2.csv：变更抽查比例")
    assert second.checkpoints.count() == first.checkpoints.count() == 3
    event = AuditEvent.objects.get(action="catalog.item_imported")
    assert event.data["changes"]["ratio_min_percent"] == ["3", "5"]
    report = run(world, coordinator, write_csv(tmp_path / "v3.csv", [HEADER, row(code="S-1", ratio="6%")]))
    assert report.preview[0]["action"] == "更新第2版草稿" and item.versions.count() == 2


def test_rows_without_a_code_match_by_name_and_unchanged_rows_are_counted(
    world: World, coordinator: Any, tmp_path: Path
) -> None:
    run(world, coordinator, write_csv(tmp_path / "v1.csv", [HEADER, row()]))
    report = run(world, coordinator, write_csv(tmp_path / "v1b.csv", [HEADER, row()]))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    report = run(world, coordinator, write_csv(tmp_path / "v2.csv", [HEADER, row(note="由省局统一部署")]))
    assert report.updated == 1 and ItemVersion.objects.get().note == "由省局统一部署"


def test_a_gbk_csv_and_an_xlsx_are_read(world: World, coordinator: Any, tmp_path: Path) -> None:
    report = run(world, coordinator, write_csv(tmp_path / "gbk.csv", [HEADER, row(code="G1")], encoding="gbk"))
    assert report.created == 1, report.errors
    report = run(world, coordinator, write_xlsx(tmp_path / "items.xlsx", [HEADER, row(code="X1", name="另一事项")]))
    assert report.created == 1, report.errors


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reimports_with_every_row_unchanged(
    world: World, coordinator: Any, tmp_path: Path, suffix: str
) -> None:
    services.load_standard_items(world.county, actor=coordinator)
    item = InspectionItem.objects.get(code="140522-01")
    services.revise_item(actor=coordinator, item=item, change_reason="试改")
    points = [
        CheckPointSpec("方式", "choice", ("现场", "书面"), is_required=False, guidance="问：负责人; 会计"),
        CheckPointSpec("是否有专人？", problem_when_no=False),
    ]
    services.edit_draft(
        actor=coordinator, item=item, values=item_values(name="修订后的名称", ratio="不超过5%"), checkpoints=points
    )
    services.create_item(actor=coordinator, bureau=world.county, values=item_values(name="草稿事项", code="D-1"))
    exported = tmp_path / f"items{suffix}"
    assert services.export_bureau_items(bureau=world.county, path=exported) == 10
    report = run(world, coordinator, exported)
    assert (report.created, report.updated, report.unchanged, report.error_count) == (0, 0, 10, 0), report.preview


def test_the_cli_imports_items_with_exit_codes(world: World, tmp_path: Path, capsys: Any) -> None:
    good = write_csv(tmp_path / "good.csv", [HEADER, row(code="C1")])
    bad = write_csv(tmp_path / "bad.csv", [HEADER, row(code="C2", ratio="很多")])
    for args, code in (
        (["import", "items", str(good), "--bureau", "140522"], 0),
        (["import", "items", str(bad), "--bureau", "140522"], 1),
        (["import", "items", str(tmp_path / "none.csv"), "--bureau", "140522"], 2),
    ):
        with pytest.raises(SystemExit) as caught:
            main(args)
        assert caught.value.code == code
    assert "rejected: 第2行「抽查比例」" in capsys.readouterr().out
    assert list(InspectionItem.objects.values_list("code", flat=True)) == ["C1"]
