"""Completeness, timeliness and logic rules: 漏报, 迟报, 数据雷同, 累计值减少, 分项大于总量, 关联指标缺失, 审核公式."""

from __future__ import annotations

import polars as pl

from shuangsuiji.domain.quality.config import RuleConfig
from shuangsuiji.domain.quality.expressions import compile_expression
from shuangsuiji.domain.quality.findings import FINDING_SCHEMA, concat_findings, explain, fmt_num, make_finding
from shuangsuiji.domain.quality.indicators import IndicatorSpec
from shuangsuiji.domain.quality.periods import PERIODS_PER_YEAR
from shuangsuiji.domain.quality.rows import cumulative_key


def missing(absent: pl.DataFrame, config: RuleConfig) -> pl.DataFrame:
    """漏报: `absent` has the (unit_id, period_index) of the expected units' reports that are not there."""
    return make_finding(
        absent,
        "missing",
        config.revenue_code,
        pl.lit(None),
        pl.lit(None),
        pl.lit(1.0),
        pl.lit("名录库中应报的四上单位本期没有报送任何报表（漏报），请催报并核实是否拒报"),
    )


def late(target: pl.DataFrame, kind: str, config: RuleConfig) -> pl.DataFrame:
    if "reported_on" not in target.columns:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    day = int(config.value("late"))
    per_year = PERIODS_PER_YEAR[kind]
    following = pl.col("period_index") + 1
    month = (following % per_year) * (12 // per_year) + 1
    deadline = pl.date(following // per_year, month, day)
    late = target.with_columns(deadline.alias("deadline")).filter(pl.col("reported_on") > pl.col("deadline"))
    days = (pl.col("reported_on") - pl.col("deadline")).dt.total_days()
    return make_finding(
        late,
        "late",
        config.revenue_code,
        days,
        pl.lit(None),
        (days / 30).clip(0, 5),
        explain(
            "报送截止日为{}，实际报送于{}，迟报{}天",
            pl.col("deadline").cast(pl.String),
            pl.col("reported_on").cast(pl.String),
            days.cast(pl.String),
        ),
    )


def duplicate_money(coverage: dict[str, float], specs: list[IndicatorSpec]) -> list[str]:
    """The money indicators that almost every report fills (`coverage`: each one's share of reports filling it),
    so an indicator only industry reports does not hide a copy."""
    return [s.code for s in specs if s.is_money and coverage.get(s.code, 0) >= 0.9]


def duplicate(twins: pl.DataFrame, money: list[str], specs: list[IndicatorSpec]) -> pl.DataFrame:
    """Reports whose money figures are all identical to another unit's: `twins` has, for each such report, the
    number of reports of the period with the same figures (`twins`, at least 2)."""
    if twins.height == 0 or not money:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    names = "、".join(s.name for s in specs if s.code in money)
    return make_finding(
        twins.filter(pl.col("twins") > 1),
        "duplicate",
        money[0],
        pl.col(money[0]),
        pl.lit(None),
        pl.col("twins").cast(pl.Float64),
        explain("本期{}与另外{}家单位的报表完全相同，疑似代填或抄报", names, (pl.col("twins") - 1).cast(pl.String)),
    )


def cumulative(target: pl.DataFrame, specs: list[IndicatorSpec]) -> pl.DataFrame:
    parts = []
    for spec in specs:
        if not spec.is_cumulative or spec.allows_negative or cumulative_key(spec.code) not in target.columns:
            continue
        now, before = pl.col(cumulative_key(spec.code)), pl.col(f"{spec.code}__cumprev")
        bad = target.filter((pl.col("number") > 1) & (now < before - 0.005))
        parts.append(
            make_finding(
                bad,
                "cumulative",
                spec.code,
                now,
                before,
                ((before - now) / before.abs()).clip(0, 5),
                explain(
                    "{}本年累计{}{}，比上期累计{}{}少，同一年内累计值不应减少",
                    spec.name,
                    fmt_num(now),
                    spec.unit,
                    fmt_num(before),
                    spec.unit,
                ),
            )
        )
    return concat_findings(parts)


def _best(code: str, frame: pl.DataFrame) -> pl.Expr:
    """本年累计 when the file gives it, else 本月."""
    key = cumulative_key(code)
    return pl.coalesce(pl.col(key), pl.col(code)) if key in frame.columns else pl.col(code)


def part_total(target: pl.DataFrame, config: RuleConfig) -> pl.DataFrame:
    parts = []
    for part_code, total_code in config.pairs:
        part, total = config.indicator(part_code), config.indicator(total_code)
        if part is None or total is None or part_code not in target.columns or total_code not in target.columns:
            continue
        for suffix, when in (("", "本月"), ("__cum", "本年累计")):
            if part_code + suffix not in target.columns or total_code + suffix not in target.columns:
                continue
            a, b = pl.col(part_code + suffix), pl.col(total_code + suffix)
            bad = target.filter((a > b + 0.005) & b.is_not_null())
            if suffix:  # one finding per report: the 本月 one already says it
                bad = bad.filter(pl.col(part_code) <= pl.col(total_code))
            parts.append(
                make_finding(
                    bad,
                    "part_total",
                    part_code,
                    a,
                    b,
                    ((a - b) / b.abs().clip(1, None)).clip(0, 5),
                    explain(
                        "{}{}{}{}大于{}{}{}，分项不应超过总量",
                        when,
                        part.name,
                        fmt_num(a),
                        part.unit,
                        total.name,
                        fmt_num(b),
                        total.unit,
                    ),
                )
            )
    return concat_findings(parts)


def requires(target: pl.DataFrame, config: RuleConfig) -> pl.DataFrame:
    parts = []
    for if_code, then_code in config.requires:
        first, second = config.indicator(if_code), config.indicator(then_code)
        if first is None or second is None or if_code not in target.columns or then_code not in target.columns:
            continue
        a, b = _best(if_code, target), pl.col(then_code)
        bad = target.filter((a > 0) & (b.is_null() | (b == 0)))
        parts.append(
            make_finding(
                bad,
                "requires",
                then_code,
                b,
                a,
                pl.lit(1.0),
                explain(
                    "填报了{}{}{}，但{}为空或为零，两者应同时填报",
                    first.name,
                    fmt_num(a),
                    first.unit,
                    second.name,
                ),
            )
        )
    return concat_findings(parts)


def expressions(target: pl.DataFrame, config: RuleConfig, specs: list[IndicatorSpec]) -> pl.DataFrame:
    parts = []
    codes = [s.code for s in specs]
    for label, text in config.expressions:
        holds = compile_expression(text, codes)
        bad = target.filter(holds.not_())
        parts.append(
            make_finding(
                bad,
                "expression",
                codes[0],
                pl.lit(None),
                pl.lit(None),
                pl.lit(1.0),
                pl.lit(f"审核公式“{label}”（{text}）不成立"),
            )
        )
    return concat_findings(parts)
