"""The indicators monitored by default and the 四上 revenue thresholds (domain-rules §4.1), all configurable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One indicator: code, name, measurement unit, whether 本年累计 is reported, the 四上 categories reporting it."""

    code: str
    name: str
    unit: str
    is_cumulative: bool
    categories: tuple[str, ...]
    is_money: bool = True
    allows_negative: bool = False
    department: str = "专业股"


ALL_CATEGORIES = ("IND", "CON", "WHS", "RET", "ACC", "CAT", "RE", "SVC")
REVENUE, OUTPUT, PROFIT, EMPLOYEES, WAGES = "revenue", "output", "profit", "employees", "wages"

DEFAULT_INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(REVENUE, "营业收入", "万元", True, ALL_CATEGORIES),
    IndicatorSpec(OUTPUT, "工业总产值", "万元", True, ("IND",)),
    IndicatorSpec(PROFIT, "利润总额", "万元", True, ALL_CATEGORIES, allows_negative=True),
    IndicatorSpec(EMPLOYEES, "从业人员期末人数", "人", False, ALL_CATEGORIES, is_money=False),
    IndicatorSpec(WAGES, "应付职工薪酬", "万元", True, ALL_CATEGORIES),
)


@dataclass(frozen=True, slots=True)
class ThresholdGroup:
    """A 四上 threshold on annual 营业收入 (万元) for the industries it covers; `category` is the directory code."""

    key: str
    category: str
    label: str
    threshold: float  # 万元 per year
    sections: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()  # industry-code prefixes (大类/中类/小类)


THRESHOLD_GROUPS: tuple[ThresholdGroup, ...] = (
    ThresholdGroup("IND", "IND", "规模以上工业（主营业务收入2000万元）", 2000, sections=("B", "C", "D")),
    ThresholdGroup("WHS", "WHS", "限额以上批发业（2000万元）", 2000, prefixes=("51",)),
    ThresholdGroup("RET", "RET", "限额以上零售业（500万元）", 500, prefixes=("52",)),
    ThresholdGroup("ACC", "ACC", "限额以上住宿业（200万元）", 200, prefixes=("61",)),
    ThresholdGroup("CAT", "CAT", "限额以上餐饮业（200万元）", 200, prefixes=("62",)),
    ThresholdGroup("SVC2000", "SVC", "规模以上服务业（2000万元）", 2000, sections=("G", "I", "N"), prefixes=("84",)),
    ThresholdGroup(
        "SVC1000",
        "SVC",
        "规模以上服务业（1000万元）",
        1000,
        sections=("L", "M", "P"),
        prefixes=("702", "703", "704", "709"),
    ),
    ThresholdGroup("SVC500", "SVC", "规模以上服务业（500万元）", 500, sections=("O", "R"), prefixes=("85",)),
)


def threshold_group(section: str, industry_code: str) -> ThresholdGroup | None:
    """The revenue-threshold group of an industry (longest matching prefix wins over the section)."""
    best: tuple[int, ThresholdGroup] | None = None
    for group in THRESHOLD_GROUPS:
        for prefix in group.prefixes:
            if industry_code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), group)
    if best is not None:
        return best[1]
    return next((g for g in THRESHOLD_GROUPS if section in g.sections), None)
