"""Validation of 随机抽查事项清单 rows (the columns of the province's table), used by the import file, the forms and
the API (`parse_item`). Every bad value is reported with its row, column and a Chinese reason."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from shuangsuiji.domain import catalog, checklists
from shuangsuiji.domain.catalog import CatalogValueError
from shuangsuiji.domain.checklists import CheckPointSpec
from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError

ITEM_COLUMNS: tuple[Column, ...] = (
    Column("code", "事项编码", ("编号", "事项编号", "item code")),
    Column("name", "抽查事项名称", ("事项名称", "抽查事项", "item name"), True),
    Column("category", "事项类别", ("类别", "检查事项类别", "category")),
    Column("legal_basis", "抽查依据", ("检查依据", "依据", "legal basis", "basis"), True),
    Column("inspecting_bodies", "抽查主体", ("检查主体", "实施主体", "inspecting bodies", "bodies"), True),
    Column("object_type", "抽查对象", ("检查对象", "object", "object type"), True),
    Column("ratio", "抽查比例", ("比例",), True),
    Column("frequency", "抽查频次", ("频次",), True),
    Column("method", "抽查方式", ("检查方式",), True),
    Column("content", "抽查内容及要求", ("检查内容及要求", "抽查内容", "检查内容"), True),
    Column("inspector_requirements", "检查人员要求", ("执法人员要求", "inspector requirements")),
    Column("note", "备注", ("remarks", "remark")),
    Column("checkpoints", "检查要点", ("抽查子项", "检查表式", "检查项目", "checklist")),
)
# The fields of one version of an item, in the order they are compared and stored.
VERSION_FIELDS: tuple[str, ...] = (
    "name",
    "category",
    "legal_basis",
    "inspecting_bodies",
    "object_type",
    "ratio_min_percent",
    "ratio_max_percent",
    "frequency_min",
    "frequency_max",
    "method",
    "content",
    "inspector_requirements",
    "note",
)
REQUIRED_TEXT = ("name", "legal_basis", "inspecting_bodies", "object_type", "method", "content")
_LIMITS = {
    "code": 32,
    "name": 200,
    "inspecting_bodies": 200,
    "object_type": 200,
    "method": 200,
    "inspector_requirements": 200,
    "legal_basis": 2000,
    "content": 5000,
    "note": 2000,
}
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,31}$")
T = TypeVar("T")


@dataclass(slots=True)
class ItemRow:
    """Valid values of one item; `checkpoints` is None when the row gives none and none can be derived."""

    row: int
    code: str
    name: str
    category: str
    legal_basis: str
    inspecting_bodies: str
    object_type: str
    ratio_min_percent: Decimal
    ratio_max_percent: Decimal
    frequency_min: int
    frequency_max: int
    method: str
    content: str
    inspector_requirements: str
    note: str
    checkpoints: tuple[CheckPointSpec, ...] | None

    def version_values(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in VERSION_FIELDS}


def normalize_code(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip()


def parse_item(number: int, raw: Mapping[str, str]) -> ItemRow | list[tuple[str, str]]:
    """One item's values as text → stored values, or every (field key, reason)."""
    text = {key: str(raw.get(key, "") or "").strip() for key in (c.key for c in ITEM_COLUMNS)}
    text["code"] = normalize_code(text["code"])
    errors: list[tuple[str, str]] = []
    for key in (*REQUIRED_TEXT, "ratio", "frequency"):
        if not text[key]:
            errors.append((key, "必填项为空"))
    errors += [(key, f"超过{limit}个字") for key, limit in _LIMITS.items() if len(text[key]) > limit]
    if text["code"] and not _CODE.match(text["code"]):
        errors.append(("code", f"事项编码“{text['code']}”格式错误：只能含字母、数字和“-”“_”“.”，最长32位"))
    category = _attempt(lambda: catalog.parse_category(text["category"]), "category", errors)
    ratio = _attempt(lambda: catalog.parse_ratio(text["ratio"]), "ratio", errors) if text["ratio"] else None
    frequency = (
        _attempt(lambda: catalog.parse_frequency(text["frequency"]), "frequency", errors) if text["frequency"] else None
    )
    checkpoints = _checkpoints(text["checkpoints"], text["content"], errors)
    if errors or category is None or ratio is None or frequency is None:
        return errors
    return ItemRow(
        number,
        text["code"],
        text["name"],
        category,
        text["legal_basis"],
        text["inspecting_bodies"],
        text["object_type"],
        ratio.low,
        ratio.high,
        frequency.low,
        frequency.high,
        text["method"],
        text["content"],
        text["inspector_requirements"],
        text["note"],
        checkpoints,
    )


def _attempt(parse: Callable[[], T], key: str, errors: list[tuple[str, str]]) -> T | None:
    try:
        return parse()
    except CatalogValueError as exc:
        errors.append((key, str(exc)))
        return None


def _checkpoints(cell: str, content: str, errors: list[tuple[str, str]]) -> tuple[CheckPointSpec, ...] | None:
    """The points of the 检查要点 cell; without one, the numbered points of 抽查内容及要求 as questions."""
    try:
        specs = checklists.parse_checkpoints(cell) if cell else checklists.checkpoints_from_content(content)
    except CatalogValueError as exc:
        errors.append(("checkpoints", str(exc)))
        return None
    specs = [s.normalized() for s in specs]
    problems = checklists.checkpoint_problems(specs)
    if problems:
        errors.append(("checkpoints", "；".join(problems)))
        return None
    return tuple(specs) or None


class ItemRowValidator:
    """Validates file rows one by one; catches codes and names that repeat inside the file.

    `existing_problem(code, name)` says why a row cannot be applied to the bureau's list (a retired item, a name
    used by another code …), or returns None.
    """

    def __init__(self, header: HeaderMap, existing_problem: Callable[[str, str], str | None]) -> None:
        self.header = header
        self.existing_problem = existing_problem
        self.codes: dict[str, int] = {}
        self.names: dict[str, int] = {}

    def name_of(self, key: str) -> str:
        return self.header.names.get(key) or next(c.header for c in ITEM_COLUMNS if c.key == key)

    def validate(self, number: int, cells: list[str]) -> ItemRow | list[RowError]:
        raw = {key: cells[i] if i < len(cells) else "" for key, i in self.header.index.items()}
        result = parse_item(number, raw)
        if isinstance(result, list):
            return [RowError(number, self.name_of(key), message) for key, message in result]
        errors = []
        if result.code and result.code in self.codes:
            errors.append(
                RowError(
                    number,
                    self.name_of("code"),
                    f"事项编码 {result.code} 在文件中重复（第{self.codes[result.code]}行已出现）",
                )
            )
        if result.name in self.names:
            errors.append(
                RowError(
                    number,
                    self.name_of("name"),
                    f"事项名称“{result.name}”在文件中重复（第{self.names[result.name]}行已出现）",
                )
            )
        if errors:
            return errors
        self.codes.setdefault(result.code, number)
        self.names.setdefault(result.name, number)
        problem = self.existing_problem(result.code, result.name)
        if problem:
            return [RowError(number, self.name_of("code" if result.code else "name"), problem)]
        return result


def header_of(key: str) -> str:
    return next(c.header for c in ITEM_COLUMNS if c.key == key)
