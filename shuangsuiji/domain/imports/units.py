"""Validation of 检查对象名录库 rows: every bad value is reported with its row, column and a Chinese reason."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from shuangsuiji.domain import industry, regions, units, uscc
from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError
from shuangsuiji.domain.tabular import RowChunk

if TYPE_CHECKING:
    from shuangsuiji.domain.imports.unit_chunks import ValidatedChunk

UNIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "uscc",
        "统一社会信用代码",
        ("社会信用代码", "信用代码", "统一代码", "credit_code", "unified_social_credit_code"),
        True,
    ),
    Column("name", "单位详细名称", ("单位名称", "企业名称", "名称", "unit_name", "unit name"), True),
    Column(
        "region_code",
        "行政区划代码",
        ("区划代码", "统计用区划代码", "所在地区划代码", "地区代码", "region", "region code"),
        True,
    ),
    Column(
        "industry_code",
        "行业代码",
        ("国民经济行业代码", "行业小类代码", "行业代码(GB/T4754-2017)", "industry", "industry code"),
        True,
    ),
    Column("size_class", "单位规模", ("规模", "企业规模", "企业划型", "size", "size class")),
    Column("scale_category", "四上类别", ("四上分类", "四上单位类别", "专业类别", "category", "scale category")),
    Column("registration_type", "登记注册类型", ("市场主体类型", "登记类型", "registration type")),
    Column(
        "legal_representative", "法定代表人", ("法定代表人(单位负责人)", "单位负责人", "负责人", "legal representative")
    ),
    Column("contact_person", "联系人", ("统计负责人", "填报人", "contact", "contact person")),
    Column("phone", "联系电话", ("电话", "联系方式", "电话号码", "telephone")),
    Column("address", "详细地址", ("地址", "单位地址", "注册地址", "生产经营地址", "单位所在地")),
    Column("revenue", "营业收入", ("营业收入(万元)", "主营业务收入", "主营业务收入(万元)", "营业收入(千元)")),
    Column("employees", "从业人员", ("从业人员期末人数", "从业人数", "期末从业人员", "employees")),
    Column("indicator_period", "指标期别", ("报告期", "数据期别", "数据年份", "indicator period", "period")),
    Column("risk_class", "信用风险等级", ("风险等级", "信用等级", "信用风险分类", "risk", "risk class")),
    Column("growth_band", "增速分组", ("增速", "增速档次", "growth", "growth band")),
    Column("tags", "标签", ("分类标签", "tags")),
    Column("status", "状态", ("经营状态", "运营状态", "营业状态", "登记状态")),
    Column("checksum_exempt_reason", "校验码豁免原因", ("豁免原因", "checksum exempt reason")),
)

# The order in which fields are stored, fingerprinted and exported.
UNIT_FIELDS: tuple[str, ...] = tuple(c.key for c in UNIT_COLUMNS)

_PHONE = re.compile(r"^[0-9+\-() 转/、,，]{3,40}$")
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$")
_MAX_REVENUE = Decimal("1e13")


class UnitRow(NamedTuple):
    """A valid row, with values in their stored form; the first 19 fields are UNIT_FIELDS in order."""

    uscc: str
    name: str
    region_code: str
    industry_code: str
    size_class: str
    scale_category: str
    registration_type: str
    legal_representative: str
    contact_person: str
    phone: str
    address: str
    revenue: Decimal | None
    employees: int | None
    indicator_period: str
    risk_class: str
    growth_band: str
    tags: str
    status: str
    checksum_exempt_reason: str
    industry_section: str
    industry_division: str
    row: int

    def values(self) -> tuple[object, ...]:
        """The stored values in UNIT_FIELDS order (what the fingerprint and the export use)."""
        return self[:_FIELD_COUNT]


_FIELD_COUNT = len(UNIT_FIELDS)
_TEXT_LIMITS = (
    (6, "registration_type", 60),
    (7, "legal_representative", 60),
    (8, "contact_person", 60),
    (10, "address", 300),
    (18, "checksum_exempt_reason", 200),
)
_VOCABULARIES: tuple[tuple[int, str, Callable[[str], str], str], ...] = (
    (4, "size_class", units.parse_size_class, ""),
    (5, "scale_category", units.parse_scale_category, ""),
    (14, "risk_class", units.parse_risk_class, "B"),
    (15, "growth_band", units.parse_growth_band, ""),
    (17, "status", units.parse_status, "OPERATING"),
)
Outcome = tuple[object, str | None]  # (value, error message or None)


class UnitRowValidator:
    """Validates rows one by one; remembers codes already seen to catch duplicates inside the file.

    `region_known(code)` says whether a region code exists; `region_allowed(code)` whether it lies inside the
    bureau being imported into (both come from the database, through the service). Values that repeat across
    rows (regions, industries, vocabularies, tags) are checked once and remembered, which keeps a million-row
    import fast.
    """

    def __init__(
        self,
        header: HeaderMap,
        region_known: Callable[[str], bool],
        region_allowed: Callable[[str], bool],
    ) -> None:
        self.header = header
        self.region_known = region_known
        self.region_allowed = region_allowed
        self.seen: dict[str, int] = {}
        self._index = tuple(header.index.get(c.key, -1) for c in UNIT_COLUMNS)
        self._memo: dict[str, dict[str, Outcome]] = {}
        self._vocab_checks = [
            (index, key, partial(_parse_vocab, parser=parser, default=default))
            for index, key, parser, default in _VOCABULARIES
        ]

    def name_of(self, key: str) -> str:
        return self.header.names.get(key) or next(c.header for c in UNIT_COLUMNS if c.key == key)

    def _cached(self, field: str, raw: str, check: Callable[[str], Outcome]) -> Outcome:
        memo = self._memo.setdefault(field, {})
        found = memo.get(raw)
        if found is None:
            found = memo[raw] = check(raw)
        return found

    def validate(self, number: int, cells: list[str]) -> UnitRow | list[RowError]:
        checked = self.check(number, cells)
        if isinstance(checked, UnitRow):
            first = self.seen.setdefault(checked.uscc, number)
            if first == number:
                return checked
            checked = [("uscc", duplicate_message(checked.uscc, first))]
        return [RowError(number, self.name_of(key), message) for key, message in checked]

    def validate_chunk(self, chunk: RowChunk) -> ValidatedChunk:
        """The rows of a chunk checked column by column, with the outcome `validate` gives row by row (the
        same rows valid, the same errors in the same order); see `unit_chunks`."""
        from shuangsuiji.domain.imports.unit_chunks import validate_chunk

        return validate_chunk(self, chunk)

    def check(self, number: int, cells: list[str]) -> UnitRow | list[tuple[str, str]]:
        """One row without the duplicate check: the typed row, or (field, message) for each bad value."""
        size = len(cells)
        raw = [cells[i].strip() if 0 <= i < size else "" for i in self._index]
        errors: list[tuple[str, str]] = []
        code = self._uscc(raw[0], raw[18], errors)
        name = raw[1]
        if not name:
            errors.append(("name", "必填项为空"))
        elif len(name) > 200:
            errors.append(("name", "单位名称超过200个字"))
        region, problem = self._cached("region_code", raw[2], self._check_region)
        if problem:
            errors.append(("region_code", problem))
        parsed, problem = self._cached("industry_code", raw[3], _check_industry)
        if problem:
            errors.append(("industry_code", problem))
        coded = self._vocabulary(raw, errors)
        revenue = self._decimal(raw[11], errors)
        employees = self._int(raw[12], errors)
        self._texts(raw, errors)
        if errors:
            return errors
        code4, section, division = cast(tuple[str, str, str], parsed)
        return UnitRow(
            code,
            name,
            str(region),
            code4,
            coded[0],
            coded[1],
            raw[6],
            raw[7],
            raw[8],
            raw[9],
            raw[10],
            revenue,
            employees,
            raw[13],
            coded[2],
            coded[3],
            coded[5],
            coded[4],
            raw[18],
            section,
            division,
            number,
        )

    def _uscc(self, value: str, exempt_reason: str, errors: list[tuple[str, str]]) -> str:
        if not value:
            errors.append(("uscc", "必填项为空"))
            return ""
        code = value if len(value) == 18 and value.isascii() and value.isupper() else uscc.normalize(value)
        problem = uscc.check(code)
        if problem is None or (problem.is_checksum_only and exempt_reason):
            return code  # an exemption is an explicit, logged override for legacy pilot codes
        hint = "；如为历史遗留代码，可在「校验码豁免原因」列说明后导入" if problem.is_checksum_only else ""
        errors.append(("uscc", problem.message + hint))
        return code

    def _check_region(self, value: str) -> Outcome:
        if not value:
            return "", "必填项为空"
        try:
            code = regions.normalize(value)
        except regions.RegionCodeError as exc:
            return "", str(exc)
        if not self.region_allowed(code):
            return code, f"区划代码 {code} 不在本次导入的统计局辖区内"
        if not self.region_known(code):
            return code, f"区划代码 {code} 不在区划代码库中（未知区划）"
        return code, None

    def _vocabulary(self, raw: list[str], errors: list[tuple[str, str]]) -> list[str]:
        out = []
        for index, key, check in self._vocab_checks:
            value, problem = self._cached(key, raw[index], check)
            if problem:
                errors.append((key, problem))
            out.append(str(value))
        tags, problem = self._cached("tags", raw[16], _check_tags)
        if problem:
            errors.append(("tags", problem))
        out.append(str(tags))
        return out

    def _texts(self, raw: list[str], errors: list[tuple[str, str]]) -> None:
        phone = raw[9]
        if phone and not _PHONE.match(phone):
            errors.append(("phone", f"联系电话“{phone}”格式错误"))
        period = raw[13]
        if period and not _PERIOD.match(period):
            errors.append(("indicator_period", period_message(period)))
        for index, key, limit in _TEXT_LIMITS:
            if len(raw[index]) > limit:
                errors.append((key, f"超过{limit}个字"))

    @staticmethod
    def _decimal(value: str, errors: list[tuple[str, str]]) -> Decimal | None:
        if not value:
            return None
        try:
            number = Decimal(value.replace(",", "").replace("，", ""))
        except InvalidOperation:
            errors.append(("revenue", f"“{value}”不是数字"))
            return None
        if not number.is_finite() or number < 0 or number >= _MAX_REVENUE:
            errors.append(("revenue", f"“{value}”超出合理范围（应为非负数）"))
            return None
        return number.quantize(_CENT)

    @staticmethod
    def _int(value: str, errors: list[tuple[str, str]]) -> int | None:
        if not value:
            return None
        text = value.replace(",", "")
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit():
            errors.append(("employees", f"“{value}”不是非负整数"))
            return None
        return int(text)


_CENT = Decimal("0.01")


def _check_industry(value: str) -> Outcome:
    if not value:
        return ("", "", ""), "必填项为空"
    try:
        parsed = industry.parse(value)
    except industry.IndustryCodeError as exc:
        return ("", "", ""), str(exc)
    return (parsed.code, parsed.section, parsed.division), None


def _parse_vocab(text: str, parser: Callable[[str], str], default: str) -> Outcome:
    if not text:
        return default, None
    try:
        return parser(text), None
    except units.VocabularyError as exc:
        return default, str(exc)


def _check_tags(text: str) -> Outcome:
    tags = units.parse_tags(text)
    if any(len(t) > 20 for t in tags):
        return "", "单个标签不得超过20个字"
    field = units.tags_to_field(tags)
    if len(field) > 300:
        return "", "标签总长度超过300个字"
    return field, None


def fingerprint(bureau_id: int, values: tuple[object, ...]) -> str:
    """A short digest of a unit's importable values, so a re-import can skip unchanged units cheaply."""
    text = "\x1f".join(["" if v is None else str(v) for v in values])
    return hashlib.blake2b(f"{bureau_id}\x1e{text}".encode(), digest_size=8).hexdigest()


def duplicate_message(code: str, first: int) -> str:
    return f"统一社会信用代码 {code} 在文件中重复（第{first}行已出现）"


def period_message(period: str) -> str:
    return f"指标期别“{period}”格式错误：应为 2025、2025-10、2025-Q3 或 2025-H1"


def header_of(key: str) -> str:
    return next(c.header for c in UNIT_COLUMNS if c.key == key)
