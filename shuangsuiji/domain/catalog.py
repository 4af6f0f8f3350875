"""The 随机抽查事项清单 vocabulary: ratios and frequencies as bureaus write them (“3%-5%”, “每年1-2次”) and the two
item categories. Ratios are percentages kept as Decimal with at most three decimal places; frequencies are checks
per year. Checklists (检查表式) are in domain.checklists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CATEGORIES: dict[str, str] = {"general": "一般检查事项", "key": "重点检查事项"}
_CATEGORY_ALIASES = {"一般": "general", "一般事项": "general", "重点": "key", "重点事项": "key"}

_HUNDRED = Decimal(100)
_RANGE_SEPARATORS = "~-至到"
_LOWER_PREFIXES = ("不低于", "不少于", "至少", "最低", ">=", "≥", "大于等于")
_LOWER_SUFFIXES = ("及以上", "以上")
_UPPER_PREFIXES = ("不高于", "不超过", "最高", "至多", "<=", "≤", "小于等于")
_UPPER_SUFFIXES = ("及以下", "以下")
_PERIODS_PER_YEAR = {"年": 1, "年度": 1, "半年": 2, "季": 4, "季度": 4, "月": 12}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


class CatalogValueError(ValueError):
    """A value of the item list that cannot be understood; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Ratio:
    """抽查比例 as a range of percentages; a single figure has low == high."""

    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class Frequency:
    """抽查频次 as a range of checks per year."""

    low: int
    high: int


def parse_category(raw: str) -> str:
    text = raw.strip()
    if not text:
        return "general"
    if text.lower() in CATEGORIES:
        return text.lower()
    for code, label in CATEGORIES.items():
        if text == label:
            return code
    if text in _CATEGORY_ALIASES:
        return _CATEGORY_ALIASES[text]
    raise CatalogValueError(f"事项类别“{raw}”无法识别，可填：一般检查事项、重点检查事项")


def _fold(raw: str) -> str:
    """Full-width to half-width, no spaces, one kind of dash."""
    text = unicodedata.normalize("NFKC", raw).replace(" ", "").replace("\u3000", "")
    for dash in ("–", "—", "－", "〜", "～", "―"):
        text = text.replace(dash, "-")
    return text.replace("~", "-")


def _percent(text: str, raw: str) -> Decimal:
    number = text.removesuffix("%")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise CatalogValueError(f"抽查比例“{raw}”中的“{text}”不是数字") from None
    if not value.is_finite() or _decimals(value) > 3:
        raise CatalogValueError(f"抽查比例“{raw}”最多保留三位小数")
    return value


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_ratio(raw: str) -> Ratio:
    """“3%”, “3%-5%”, “3%～5%”, “3-5%”, “100%”, “不低于3%” (→ 3%–100%), “不超过5%” (→ 0–5%)."""
    text = _fold(raw)
    if not text:
        raise CatalogValueError("抽查比例为空")
    if "%" not in text:
        return _bare_ratio(text, raw)
    lower_only = text.startswith(_LOWER_PREFIXES) or text.endswith(_LOWER_SUFFIXES)
    upper_only = text.startswith(_UPPER_PREFIXES) or text.endswith(_UPPER_SUFFIXES)
    for affix in (*_LOWER_PREFIXES, *_UPPER_PREFIXES):
        text = text.removeprefix(affix)
    for affix in (*_LOWER_SUFFIXES, *_UPPER_SUFFIXES):
        text = text.removesuffix(affix)
    parts = _split_range(text)
    if len(parts) > 2 or not all(parts) or not parts[-1].endswith("%") or (lower_only and upper_only):
        raise CatalogValueError(f"抽查比例“{raw}”格式错误：应写成 3%、3%-5% 或 不低于3%")
    values = [_percent(p, raw) for p in parts]
    if len(values) == 2 and (lower_only or upper_only):
        raise CatalogValueError(f"抽查比例“{raw}”格式错误：范围与“不低于/不超过”不能同时使用")
    low, high = values[0], values[-1]
    if lower_only:
        high = _HUNDRED
    elif upper_only:
        low = Decimal(0)
    return _checked_ratio(low, high, raw)


def _split_range(text: str) -> list[str]:
    for separator in _RANGE_SEPARATORS:
        if separator in text:
            return text.split(separator)
    return [text]


def _bare_ratio(text: str, raw: str) -> Ratio:
    """A number without “%”: Excel stores a cell typed as 3% as 0.03, so a fraction below 1 is read that way."""
    try:
        fraction = Decimal(text)
    except InvalidOperation:
        raise CatalogValueError(f"抽查比例“{raw}”格式错误：应写成 3%、3%-5% 或 不低于3%") from None
    if not fraction.is_finite() or not 0 < fraction < 1:
        raise CatalogValueError(f"抽查比例“{raw}”缺少百分号：应写成 3%、3%-5% 或 不低于3%")
    value = (fraction * _HUNDRED).normalize()
    if _decimals(value) > 3:
        raise CatalogValueError(f"抽查比例“{raw}”最多保留三位小数")
    return _checked_ratio(value, value, raw)


def _checked_ratio(low: Decimal, high: Decimal, raw: str) -> Ratio:
    if low < 0 or high > _HUNDRED:
        raise CatalogValueError(f"抽查比例“{raw}”超出 0%–100%")
    if high <= 0:
        raise CatalogValueError(f"抽查比例“{raw}”必须大于 0%")
    if low > high:
        raise CatalogValueError(f"抽查比例“{raw}”的下限大于上限")
    return Ratio(_plain(low), _plain(high))


def _plain(value: Decimal) -> Decimal:
    """3.000 → 3, 2.50 → 2.5 (an exponent of zero or less, never 1E+2)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def format_percent(value: Decimal) -> str:
    return f"{_plain(Decimal(value)):f}"


def format_ratio(low: Decimal, high: Decimal) -> str:
    """The inverse of parse_ratio: “3%”, “3%-5%”, “不低于3%”, “不超过5%”."""
    low_text, high_text = format_percent(low), format_percent(high)
    if Decimal(low) == Decimal(high):
        return f"{low_text}%"
    if Decimal(high) == _HUNDRED:
        return f"不低于{low_text}%"
    if Decimal(low) == 0:
        return f"不超过{high_text}%"
    return f"{low_text}%-{high_text}%"


def _cn_number(text: str) -> str:
    """一 → 1, 十二 → 12, 两 → 2 inside a frequency text (only what frequencies use: up to 九十九)."""

    def convert(match: re.Match[str]) -> str:
        word = match.group(0)
        if "十" not in word:
            return str(_CN_DIGITS[word])
        tens, _, units = word.partition("十")
        return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0))

    return re.sub(r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[零一二两三四五六七八九]", convert, text)


_PER_PERIOD = r"(年度|半年|季度|年|季|月)"
_FREQUENCY_FORMS = (
    re.compile(r"^(\d+)(?:-(\d+))?次/" + _PER_PERIOD + r"$"),
    re.compile(r"^(?:每|1)" + _PER_PERIOD + r"(\d+)(?:-(\d+))?次$"),
)


def parse_frequency(raw: str) -> Frequency:
    """“1-2次/年”, “1次/年”, “每年1次”, “每年1-2次”, “一年两次”, “每半年1次” (→ 2次/年), “每季度1次” (→ 4次/年)."""
    text = _cn_number(_fold(raw)).replace("次每", "次/").replace("／", "/")
    if not text:
        raise CatalogValueError("抽查频次为空")
    first = _FREQUENCY_FORMS[0].match(text)
    second = _FREQUENCY_FORMS[1].match(text)
    if first:
        low, high, period = first.group(1), first.group(2), first.group(3)
    elif second:
        period, low, high = second.group(1), second.group(2), second.group(3)
    else:
        raise CatalogValueError(f"抽查频次“{raw}”格式错误：应写成 1次/年、1-2次/年、每年1次 或 每年1-2次")
    factor = _PERIODS_PER_YEAR[period]
    low_value = int(low) * factor
    high_value = int(high or low) * factor
    if low_value < 1:
        raise CatalogValueError(f"抽查频次“{raw}”至少为每年1次")
    if low_value > high_value:
        raise CatalogValueError(f"抽查频次“{raw}”的下限大于上限")
    if high_value > 366:
        raise CatalogValueError(f"抽查频次“{raw}”超过每年366次")
    return Frequency(low_value, high_value)


def format_frequency(low: int, high: int) -> str:
    return f"{low}次/年" if low == high else f"{low}-{high}次/年"
