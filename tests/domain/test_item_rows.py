"""Validation of item rows (domain.imports.items)."""

from __future__ import annotations

from decimal import Decimal

from shuangsuiji.domain.imports.columns import map_headers
from shuangsuiji.domain.imports.items import ITEM_COLUMNS, ItemRowValidator, parse_item

GOOD = {
    "name": "统计调查对象执行统计法情况",
    "legal_basis": "《统计法》",
    "inspecting_bodies": "县统计局",
    "object_type": "统计调查对象",
    "ratio": "3%-5%",
    "frequency": "每年1-2次",
    "method": "现场检查",
    "content": "1.依法提供统计资料情况；2.依法设置原始记录情况。",
}


def test_a_good_row_is_parsed_and_its_checklist_derived_from_the_content() -> None:
    row = parse_item(2, GOOD)
    assert not isinstance(row, list)
    assert (row.ratio_min_percent, row.ratio_max_percent) == (Decimal(3), Decimal(5))
    assert (row.frequency_min, row.frequency_max, row.category) == (1, 2, "general")
    assert row.checkpoints is not None
    assert [c.text for c in row.checkpoints] == ["是否依法提供统计资料？", "是否依法设置原始记录？"]


def test_an_explicit_checklist_wins_and_unnumbered_content_gives_none() -> None:
    row = parse_item(2, GOOD | {"checkpoints": "是否A\n金额【数值】", "category": "重点"})
    assert not isinstance(row, list) and row.checkpoints is not None
    assert len(row.checkpoints) == 2 and row.category == "key"
    row = parse_item(2, GOOD | {"content": "检查统计资料报送情况"})
    assert not isinstance(row, list) and row.checkpoints is None


def test_every_bad_value_is_reported_with_its_field() -> None:
    bad = GOOD | {"name": "", "ratio": "三成", "frequency": "经常", "category": "特别", "code": "编码 1"}
    errors = dict(parse_item(2, bad))
    assert errors["name"] == "必填项为空"
    assert "抽查比例“三成”" in errors["ratio"] and "抽查频次“经常”" in errors["frequency"]
    assert "事项类别“特别”" in errors["category"] and "事项编码“编码 1”格式错误" in errors["code"]


def _validator(problem: str | None = None) -> ItemRowValidator:
    header = map_headers([c.header for c in ITEM_COLUMNS], ITEM_COLUMNS)
    return ItemRowValidator(header, lambda code, name: problem)


def _cells(**values: str) -> list[str]:
    merged = GOOD | values
    return [merged.get(c.key, "") for c in ITEM_COLUMNS]


def test_codes_and_names_repeated_in_the_file_are_refused() -> None:
    validator = _validator()
    assert not isinstance(validator.validate(2, _cells(code="A1")), list)
    errors = validator.validate(3, _cells(code="A1", name="另一个"))
    assert isinstance(errors, list) and errors[0].column == "事项编码" and "第2行已出现" in errors[0].message
    errors = validator.validate(4, _cells(code="A2"))
    assert isinstance(errors, list) and errors[0].column == "抽查事项名称"


def test_a_problem_with_the_existing_list_is_reported_on_the_row() -> None:
    errors = _validator("事项 A1 已停用，不能通过导入修改").validate(7, _cells(code="A1"))
    assert isinstance(errors, list) and errors[0].row == 7 and "已停用" in errors[0].message
