"""The rule engine on columnar data: each planted anomaly kind is found and explains itself in Chinese."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from shuangsuiji.domain.quality.config import RuleConfig
from shuangsuiji.domain.quality.engine import run_rules
from shuangsuiji.domain.quality.expressions import ExpressionError, compile_expression
from shuangsuiji.domain.quality.periods import Period, PeriodError, parse_period
from shuangsuiji.domain.quality.synthetic import PLANTED_KINDS, generate

FIRST, LAST = 2025 * 12 + 9, 2026 * 12 + 9
UNITS = pl.DataFrame(
    {
        "unit_id": list(range(1, 401)),
        "section": ["C"] * 300 + ["F"] * 100,
        "size_class": ["S"] * 400,
        "region": ["140522"] * 400,
        "annual": [3000.0 + 10 * i for i in range(300)] + [100.0 + i for i in range(100)],
        "employees": [50] * 400,
        "category": ["IND"] * 300 + [""] * 100,
        "threshold": [2000.0] * 300 + [500.0] * 100,
        "threshold_category": ["IND"] * 300 + ["RET"] * 100,
        "is_expected": [True] * 300 + [False] * 100,
    }
)
WORDS = {
    "missing": "漏报",
    "late": "迟报",
    "duplicate": "完全相同",
    "cumulative": "累计值不应减少",
    "part_total": "分项不应超过总量",
    "requires": "应同时填报",
    "mom": "上期",
    "yoy": "上年同期",
    "history": "历史水平",
    "peer": "中位数",
    "hover": "上下5%以内",
    "exit": "退库候选",
    "entry": "入库候选",
}


@pytest.fixture(scope="module")
def planted_and_found() -> tuple[pl.DataFrame, pl.DataFrame]:
    data = generate(UNITS, list(range(FIRST, LAST + 1)), seed=3, plant=4)
    units = UNITS.drop("annual", "employees")
    return data.planted, run_rules(data.values, units, "M", [LAST], RuleConfig())


@pytest.mark.parametrize("rule", PLANTED_KINDS)
def test_every_planted_anomaly_of_each_kind_is_found(
    planted_and_found: tuple[pl.DataFrame, pl.DataFrame], rule: str
) -> None:
    planted, found = planted_and_found
    wanted = planted.filter(pl.col("rule") == rule)
    hits = wanted.join(found, on=["unit_id", "period_index", "rule"], how="semi")
    assert wanted.height >= 4
    assert hits.height == wanted.height


@pytest.mark.parametrize("rule", PLANTED_KINDS)
def test_each_finding_explains_itself_in_chinese(
    planted_and_found: tuple[pl.DataFrame, pl.DataFrame], rule: str
) -> None:
    _, found = planted_and_found
    explanations = found.filter(pl.col("rule") == rule)["explanation"].to_list()
    assert explanations and all(WORDS[rule] in text for text in explanations)


def test_scores_weigh_a_larger_unit_above_a_smaller_one_for_the_same_rule(
    planted_and_found: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    _, found = planted_and_found
    assert found["score"].min() >= 0
    assert found.filter(pl.col("rule") == "missing")["score"].max() > 0


def _values(rows: list[tuple[int, int, float | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"unit_id": pl.Int64, "period_index": pl.Int64, "revenue": pl.Float64, "revenue__cum": pl.Float64},
        orient="row",
    ).with_columns(pl.lit(dt.date(2026, 11, 5)).alias("reported_on"))


def _units(size: str) -> pl.DataFrame:
    return UNITS.head(1).drop("annual", "employees").with_columns(pl.lit(size).alias("size_class"))


def test_the_change_threshold_depends_on_the_size_class() -> None:
    values = _values([(1, LAST - 1, 100.0, 900.0), (1, LAST, 140.0, 1040.0)])  # +40% month on month
    small = run_rules(values, _units("S"), "M", [LAST], RuleConfig())
    micro = run_rules(values, _units("XS"), "M", [LAST], RuleConfig())
    assert "mom" in small["rule"].to_list()
    assert "mom" not in micro["rule"].to_list()  # micro units: ±50% by default


def test_a_bureau_value_overrides_the_default_threshold() -> None:
    values = _values([(1, LAST - 1, 100.0, 900.0), (1, LAST, 140.0, 1040.0)])
    config = RuleConfig(values={("mom", "revenue", ""): 0.5})
    assert "mom" not in run_rules(values, _units("S"), "M", [LAST], config)["rule"].to_list()


def test_a_decreasing_cumulative_value_names_both_figures() -> None:
    values = _values([(1, LAST - 1, 100.0, 900.0), (1, LAST, 100.0, 850.0)])
    found = run_rules(values, _units("S"), "M", [LAST], RuleConfig()).filter(pl.col("rule") == "cumulative")
    assert found["explanation"][0] == "营业收入本年累计850.0万元，比上期累计900.0万元少，同一年内累计值不应减少"


def test_a_configured_expression_flags_the_reports_where_it_is_false() -> None:
    values = _values([(1, LAST, 100.0, 900.0)])
    config = RuleConfig(expressions=(("收入上限", "revenue <= 50"),))
    found = run_rules(values, _units("S"), "M", [LAST], config).filter(pl.col("rule") == "expression")
    assert found.height == 1
    assert "收入上限" in found["explanation"][0]


def test_a_disabled_rule_finds_nothing() -> None:
    values = _values([(1, LAST - 1, 100.0, 900.0), (1, LAST, 300.0, 1200.0)])
    config = RuleConfig(disabled=frozenset({"mom"}))
    assert "mom" not in run_rules(values, _units("S"), "M", [LAST], config)["rule"].to_list()


def test_expressions_refuse_anything_but_arithmetic_over_indicators() -> None:
    with pytest.raises(ExpressionError, match="未配置"):
        compile_expression("salary > 0", ["revenue"])
    with pytest.raises(ExpressionError, match="不允许"):
        compile_expression("__import__('os')", ["revenue"])
    compile_expression("abs(revenue - 2 * revenue) <= 10 and not revenue < 0", ["revenue"])


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026-10", Period("M", 2026, 10)),
        ("2026年3月", Period("M", 2026, 3)),
        ("202603", Period("M", 2026, 3)),
        ("2026-03-01", Period("M", 2026, 3)),
        ("2026Q3", Period("Q", 2026, 3)),
        ("2026年第三季度", Period("Q", 2026, 3)),
        ("2026", Period("Y", 2026, 1)),
    ],
)
def test_periods_are_read_as_direct_reporting_writes_them(text: str, period: Period) -> None:
    assert parse_period(text) == period


def test_a_bad_period_is_refused_with_the_accepted_forms() -> None:
    with pytest.raises(PeriodError, match="2026Q3"):
        parse_period("2026-13")
    assert Period("M", 2026, 1).shifted(-1).code == "2025-12"
