"""The 检查对象名录库 vocabulary: 四上 categories, size classes, operating statuses, risk classes, growth bands.

Codes are short ASCII strings because they become parts of draw stratum codes (DSR-1 §1 requires ASCII);
labels are the regulator's words. Parsing accepts either the code or the Chinese label (and common variants).
"""

from __future__ import annotations

SCALE_CATEGORIES: dict[str, str] = {
    "IND": "规上工业",
    "CON": "资质内建筑业",
    "WHS": "限上批发",
    "RET": "限上零售",
    "ACC": "限上住宿",
    "CAT": "限上餐饮",
    "RE": "房地产开发经营",
    "SVC": "规上服务业",
    "": "四下（无）",
}
_SCALE_ALIASES = {
    "规模以上工业": "IND",
    "有资质的建筑业": "CON",
    "资质以上建筑业": "CON",
    "有资质建筑业": "CON",
    "限额以上批发业": "WHS",
    "限上批发业": "WHS",
    "限额以上零售业": "RET",
    "限上零售业": "RET",
    "限额以上住宿业": "ACC",
    "限上住宿业": "ACC",
    "限额以上餐饮业": "CAT",
    "限上餐饮业": "CAT",
    "房地产开发经营业": "RE",
    "房地产开发": "RE",
    "规模以上服务业": "SVC",
    "无": "",
    "四下": "",
    "否": "",
    "NONE": "",
}

SIZE_CLASSES: dict[str, str] = {"L": "大型", "M": "中型", "S": "小型", "XS": "微型"}
_SIZE_ALIASES = {
    "大": "L",
    "中": "M",
    "小": "S",
    "微": "XS",
    "大型企业": "L",
    "中型企业": "M",
    "小型企业": "S",
    "微型企业": "XS",
}

STATUSES: dict[str, str] = {
    "OPERATING": "在营",
    "SUSPENDED": "停业",
    "CANCELLED": "注销",
    "REVOKED": "吊销",
    "MOVED_OUT": "迁出",
    "MISSING": "查无下落",
}
_STATUS_ALIASES = {
    "存续": "OPERATING",
    "开业": "OPERATING",
    "正常": "OPERATING",
    "营业": "OPERATING",
    "歇业": "SUSPENDED",
    "已注销": "CANCELLED",
    "被吊销": "REVOKED",
    "已吊销": "REVOKED",
    "已迁出": "MOVED_OUT",
}
# A unit in one of these statuses is out of scope for a draw and, when drawn, replaced by a reserve.
OUT_OF_SCOPE_STATUSES = frozenset({"CANCELLED", "REVOKED", "MOVED_OUT", "MISSING"})

RISK_CLASSES: dict[str, str] = {
    "A": "A（低风险）",
    "B": "B（一般风险）",
    "C": "C（较高风险）",
    "D": "D（高风险）",
}
_RISK_ALIASES = {
    "低": "A",
    "低风险": "A",
    "一般": "B",
    "一般风险": "B",
    "较高": "C",
    "较高风险": "C",
    "高": "D",
    "高风险": "D",
}

GROWTH_BANDS: dict[str, str] = {
    "G1": "高速增长（增速≥20%）",
    "G2": "平稳增长（0≤增速<20%）",
    "G3": "下降（增速<0）",
    "G0": "无可比数据",
}
_GROWTH_ALIASES = {
    "高速增长": "G1",
    "高增长": "G1",
    "平稳增长": "G2",
    "平稳": "G2",
    "下降": "G3",
    "负增长": "G3",
    "无": "G0",
    "新开业": "G0",
}


class VocabularyError(ValueError):
    """A value that is not one of the allowed codes or labels; the message is for the user."""


def _parse(raw: str, table: dict[str, str], aliases: dict[str, str], what: str) -> str:
    text = raw.strip()
    upper = text.upper()
    if upper in table:
        return upper
    for code, label in table.items():
        if text == label or text == label.split("（")[0]:
            return code
    if text in aliases:
        return aliases[text]
    if upper in aliases:
        return aliases[upper]
    allowed = "、".join(label.split("（")[0] for label in table.values())
    raise VocabularyError(f"{what}“{raw}”无法识别，可填：{allowed}")


def parse_scale_category(raw: str) -> str:
    if not raw.strip():
        return ""
    return _parse(raw, SCALE_CATEGORIES, _SCALE_ALIASES, "四上类别")


def parse_size_class(raw: str) -> str:
    return _parse(raw, SIZE_CLASSES, _SIZE_ALIASES, "单位规模")


def parse_status(raw: str) -> str:
    return _parse(raw, STATUSES, _STATUS_ALIASES, "状态")


def parse_risk_class(raw: str) -> str:
    return _parse(raw, RISK_CLASSES, _RISK_ALIASES, "信用风险等级")


def parse_growth_band(raw: str) -> str:
    return _parse(raw, GROWTH_BANDS, _GROWTH_ALIASES, "增速分组")


def parse_tags(raw: str) -> list[str]:
    """Free tags separated by ；;，,、| or spaces, de-duplicated, order kept."""
    text = raw
    for sep in "；;，,、|\n":
        text = text.replace(sep, " ")
    return list(dict.fromkeys(t for t in text.split() if t))


def tags_to_field(tags: list[str]) -> str:
    """Stored form `|tag1|tag2|`, so that `contains "|tag|"` finds a tag exactly."""
    return "|" + "|".join(tags) + "|" if tags else ""


def field_to_tags(field: str) -> list[str]:
    return [t for t in field.split("|") if t]
