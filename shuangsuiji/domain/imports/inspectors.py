"""Validation of 执法检查人员名录库 rows: every bad value is reported with its row, column and a Chinese reason.

The same parsing serves the import file, the add/edit form and the API (`parse_inspector`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.domain import regions
from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError
from shuangsuiji.domain.units import parse_tags, tags_to_field

INSPECTOR_COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("执法人员姓名", "人员姓名", "full name"), True),
    Column("sex", "性别", ("gender",), True),
    Column(
        "certificate_no",
        "执法证号",
        ("执法证件编号", "执法证编号", "统计执法证号", "证件编号", "certificate no", "certificate number"),
        True,
    ),
    Column(
        "certificate_valid_until",
        "执法证有效期至",
        ("有效期至", "执法证有效期", "证件有效期至", "证件有效期", "valid until", "certificate valid until"),
        True,
    ),
    Column("department", "所属科室", ("科室", "股室", "所在科室", "所属股室", "部门")),
    Column("post", "执法岗位", ("岗位", "position")),
    Column("area", "执法区域", ("执法范围", "负责区域")),
    Column("expertise", "专长标签", ("专长", "业务专长", "tags")),
    Column("status", "状态", ("人员状态", "在岗状态")),
    Column("home_region", "常住地区划代码", ("常住地", "居住地区划代码", "home region")),
    Column("staff_no", "工号", ("人员编号", "staff no", "staff number")),
    Column("phone", "手机", ("手机号", "手机号码", "联系电话", "电话", "mobile")),
)
# The order in which fields are compared and exported.
INSPECTOR_FIELDS: tuple[str, ...] = tuple(c.key for c in INSPECTOR_COLUMNS)

_PHONE = re.compile(r"^[0-9+\-() 转/]{5,30}$")
_LIMITS = {"name": 50, "post": 60, "area": 100, "staff_no": 32}


@dataclass(slots=True)
class InspectorRow:
    """Valid values in their stored form; `department` is the department's name ('' for none)."""

    row: int
    name: str
    sex: str
    certificate_no: str
    certificate_valid_until: dt.date
    department: str
    post: str
    area: str
    expertise: str
    status: str
    home_region: str
    staff_no: str
    phone: str

    def values(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in INSPECTOR_FIELDS}


Fail = Callable[[str, str], None]
T = TypeVar("T")


def parse_inspector(
    number: int, raw: Mapping[str, str], departments: Collection[str]
) -> InspectorRow | list[tuple[str, str]]:
    """One inspector's values as text (a file row or a form) → stored values, or every (field key, reason)."""
    text = {key: str(raw.get(key, "") or "").strip() for key in INSPECTOR_FIELDS}
    errors: list[tuple[str, str]] = []

    def fail(key: str, message: str) -> None:
        errors.append((key, message))

    for key in ("name", "sex", "certificate_no", "certificate_valid_until"):
        if not text[key]:
            fail(key, "必填项为空")
    for key, limit in _LIMITS.items():
        if len(text[key]) > limit:
            fail(key, f"超过{limit}个字")
    if text["phone"] and not _PHONE.match(text["phone"]):
        fail("phone", f"手机“{text['phone']}”格式错误")
    coded = _coded_values(text, departments, fail)
    if errors or coded.valid_until is None:
        return errors
    return InspectorRow(
        number,
        text["name"],
        coded.sex,
        coded.certificate_no,
        coded.valid_until,
        coded.department,
        text["post"],
        text["area"],
        coded.expertise,
        coded.status,
        coded.home_region,
        text["staff_no"],
        text["phone"],
    )


@dataclass(frozen=True, slots=True)
class _Coded:
    sex: str
    certificate_no: str
    valid_until: dt.date | None
    status: str
    department: str
    expertise: str
    home_region: str


def _coded_values(text: dict[str, str], departments: Collection[str], fail: Fail) -> _Coded:
    """The values that need parsing: 性别, 执法证号, 有效期, 状态, 科室, 专长标签, 常住地区划代码."""
    return _Coded(
        sex=_parsed(text["sex"], vocab.parse_sex, "sex", fail) or "",
        certificate_no=_parsed(text["certificate_no"], vocab.normalize_certificate_no, "certificate_no", fail) or "",
        valid_until=_parsed(
            text["certificate_valid_until"],
            partial(vocab.parse_date, what="执法证有效期"),
            "certificate_valid_until",
            fail,
        ),
        status=_parsed(text["status"] or "在岗", vocab.parse_status, "status", fail) or "",
        department=_department(text["department"], departments, fail),
        expertise=_expertise(text["expertise"], fail),
        home_region=_parsed(text["home_region"], regions.normalize, "home_region", fail) or "",
    )


def _parsed(value: str, parser: Callable[[str], T], key: str, fail: Fail) -> T | None:
    if not value:
        return None
    try:
        return parser(value)
    except (vocab.InspectorValueError, regions.RegionCodeError) as exc:
        fail(key, str(exc))
        return None


def _department(name: str, departments: Collection[str], fail: Fail) -> str:
    if not name or name in departments:
        return name
    known = "、".join(sorted(departments)) or "（本局尚未设置科室）"
    fail("department", f"科室“{name}”不存在，本局科室有：{known}")
    return ""


def _expertise(raw: str, fail: Fail) -> str:
    tags = parse_tags(raw)
    if any(len(t) > 20 for t in tags):
        fail("expertise", "单个专长标签不得超过20个字")
    field = tags_to_field(tags)
    if len(field) > 300:
        fail("expertise", "专长标签总长度超过300个字")
    return field


class InspectorRowValidator:
    """Validates file rows one by one and remembers the 执法证号 already seen, to catch duplicates in the file.

    `departments` are the names of the importing bureau's departments; `held_elsewhere(no)` names the bureau
    that already holds a certificate number (None when no other bureau does).
    """

    def __init__(
        self, header: HeaderMap, departments: Collection[str], held_elsewhere: Callable[[str], str | None]
    ) -> None:
        self.header = header
        self.departments = departments
        self.held_elsewhere = held_elsewhere
        self.seen: dict[str, int] = {}

    def name_of(self, key: str) -> str:
        return self.header.names.get(key) or next(c.header for c in INSPECTOR_COLUMNS if c.key == key)

    def validate(self, number: int, cells: list[str]) -> InspectorRow | list[RowError]:
        raw = {key: cells[i] if i < len(cells) else "" for key, i in self.header.index.items()}
        result = parse_inspector(number, raw, self.departments)
        if isinstance(result, list):
            return [RowError(number, self.name_of(key), message) for key, message in result]
        code = result.certificate_no
        if code in self.seen:
            return [
                RowError(
                    number,
                    self.name_of("certificate_no"),
                    f"执法证号 {code} 在文件中重复（第{self.seen[code]}行已出现）",
                )
            ]
        self.seen[code] = number
        other = self.held_elsewhere(code)
        if other:
            return [RowError(number, self.name_of("certificate_no"), f"执法证号 {code} 已登记在{other}，不能导入本局")]
        return result


def header_of(key: str) -> str:
    return next(c.header for c in INSPECTOR_COLUMNS if c.key == key)
