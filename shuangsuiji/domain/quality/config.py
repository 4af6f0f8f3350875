"""The rules, their Chinese names and their default parameters; a bureau overrides a parameter per rule,
indicator and size class. Defaults are marked as defaults wherever they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shuangsuiji.domain.quality.indicators import (
    DEFAULT_INDICATORS,
    EMPLOYEES,
    PROFIT,
    REVENUE,
    WAGES,
    IndicatorSpec,
)

# rule code → (label, family, weight in the score)
RULES: dict[str, tuple[str, str, float]] = {
    "missing": ("漏报", "完整性与及时性", 3.0),
    "late": ("迟报", "完整性与及时性", 1.0),
    "duplicate": ("报表数据雷同", "完整性与及时性", 3.0),
    "cumulative": ("本年累计值减少", "逻辑审核", 3.0),
    "part_total": ("分项大于总量", "逻辑审核", 3.0),
    "requires": ("关联指标缺失", "逻辑审核", 2.0),
    "expression": ("审核公式不成立", "逻辑审核", 2.0),
    "mom": ("环比变动异常", "变动审核", 2.0),
    "yoy": ("同比变动异常", "变动审核", 2.0),
    "history": ("偏离本单位历史水平", "变动审核", 2.0),
    "peer": ("同业比较离群", "同业比较", 1.5),
    "hover": ("在四上标准附近徘徊", "四上标准", 1.0),
    "exit": ("退库候选：低于四上标准", "四上标准", 2.0),
    "entry": ("入库候选：达到四上标准（应统尽统）", "四上标准", 2.0),
}
RULE_LABELS = {code: label for code, (label, _, _) in RULES.items()}


@dataclass(frozen=True, slots=True)
class Parameter:
    """One tunable number of a rule: what it means and its default value."""

    rule: str
    label: str
    default: float


PARAMETERS: dict[str, Parameter] = {
    "mom": Parameter("mom", "环比变动幅度阈值（比例，0.3 即 ±30%）", 0.30),
    "yoy": Parameter("yoy", "同比变动幅度阈值（比例，0.5 即 ±50%）", 0.50),
    "history": Parameter("history", "偏离本单位以往均值的倍数阈值（1 即高于均值 100% 或低于一半）", 1.0),
    "peer": Parameter("peer", "同业稳健 Z 值阈值（中位数与 MAD）", 5.0),
    "peer_group": Parameter("peer_group", "同业组最少单位数", 8),
    "hover": Parameter("hover", "四上标准上下浮动比例", 0.05),
    "late": Parameter("late", "报送截止日（下一期首月的第几日）", 10),
    "min_base": Parameter("min_base", "变动审核的最小基数（低于此数不比较）", 1.0),
    "risk_raise": Parameter("risk_raise", "疑似违法后信用风险等级上调的级数（0 为不上调）", 1),
}
# Default overrides by (rule, indicator, size class): profit swings more, micro units more than others.
DEFAULT_OVERRIDES: dict[tuple[str, str, str], float] = {
    ("mom", PROFIT, ""): 1.0,
    ("yoy", PROFIT, ""): 1.0,
    ("mom", "", "XS"): 0.5,
    ("yoy", "", "XS"): 0.8,
}
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = ((PROFIT, REVENUE),)
DEFAULT_REQUIRES: tuple[tuple[str, str], ...] = ((WAGES, EMPLOYEES),)


@dataclass(frozen=True)
class RuleConfig:
    """Everything a rule run needs to know about a bureau's settings."""

    indicators: tuple[IndicatorSpec, ...] = DEFAULT_INDICATORS
    disabled: frozenset[str] = frozenset()
    values: Mapping[tuple[str, str, str], float] = field(default_factory=dict)
    pairs: tuple[tuple[str, str], ...] = DEFAULT_PAIRS
    requires: tuple[tuple[str, str], ...] = DEFAULT_REQUIRES
    expressions: tuple[tuple[str, str], ...] = ()
    thresholds: Mapping[str, float] = field(default_factory=dict)  # ThresholdGroup.key → 万元
    revenue_code: str = REVENUE

    def is_enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    def value(self, rule: str, indicator: str = "", size_class: str = "") -> float:
        """The bureau's value, else the default override, else the default; most specific key first."""
        for key in ((rule, indicator, size_class), (rule, indicator, ""), (rule, "", size_class), (rule, "", "")):
            if key in self.values:
                return self.values[key]
            if key in DEFAULT_OVERRIDES:
                return DEFAULT_OVERRIDES[key]
        return PARAMETERS[rule].default

    def indicator(self, code: str) -> IndicatorSpec | None:
        return next((s for s in self.indicators if s.code == code), None)
