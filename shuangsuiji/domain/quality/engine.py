"""The rule engine on columnar data (Polars).

Input: `values`, one row per unit and period of one period kind, with `unit_id`, `period_index` (see
periods.Period.index), `reported_on` (date or null) and a column per indicator (本月 as `code`, 本年累计 as
`code__cum`); `units`, one row per unit of the bureau with `unit_id`, `section`, `size_class`, `region`,
`category` (四上 category or ""), `threshold` (万元 a year or null) with `threshold_category` (the 四上 category
that threshold belongs to) and `is_expected` (must report).
Output: one row per finding with `unit_id`, `period_index`, `indicator`, `rule`, `value`, `reference`,
`magnitude`, `explanation` (Chinese) and `score` (rule weight × (1 + magnitude) × the unit's share, in per cent, of
its region's total of that indicator).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from shuangsuiji.domain.quality import rules_change, rules_logic
from shuangsuiji.domain.quality.config import RULES, RuleConfig
from shuangsuiji.domain.quality.findings import FINDING_SCHEMA
from shuangsuiji.domain.quality.indicators import IndicatorSpec
from shuangsuiji.domain.quality.periods import PERIODS_PER_YEAR
from shuangsuiji.domain.quality.rows import cumulative_key


def prepare(values: pl.DataFrame, units: pl.DataFrame, kind: str, config: RuleConfig) -> pl.DataFrame:
    """Sort by unit and period, attach the unit's attributes, and add the previous-period, same-period-last-year,
    earlier-mean and trailing-year columns each rule compares with. Rows are sorted by unit, so per-unit running
    sums are global running sums minus the sum before the unit's first row (no per-group window needed)."""
    per_year = PERIODS_PER_YEAR[kind]
    codes = [s.code for s in config.indicators if s.code in values.columns]
    unit, index = pl.col("unit_id"), pl.col("period_index")
    in_order = values.select(((unit.diff() > 0) | ((unit.diff() == 0) & (index.diff() > 0))).fill_null(True).all())
    ordered = values if in_order.item() else values.sort("unit_id", "period_index")
    attributes = units.drop([c for c in ("is_expected",) if c in units.columns])
    labels = [c for c, dtype in attributes.schema.items() if dtype == pl.String]
    attributes = attributes.with_columns(pl.col(labels).cast(pl.Categorical))  # 4 bytes a row instead of 16+
    frame = ordered.join(attributes, on="unit_id", how="left", maintain_order="left")
    same_prev = (unit.shift(1) == unit) & (index.shift(1) == index - 1)
    same_year_ago = (unit.shift(per_year) == unit) & (index.shift(per_year) == index - per_year)
    whole_year = (unit.shift(per_year - 1) == unit) & (index.shift(per_year - 1) == index - per_year + 1)
    frame = frame.with_columns(
        (index % per_year + 1).alias("number"),
        (index // per_year).alias("year"),
        pl.when((unit != unit.shift(1)).fill_null(True)).then(pl.int_range(pl.len())).forward_fill().alias("__start"),
        same_prev.alias("__same_prev"),
        same_year_ago.alias("__same_year_ago"),
    )
    # One indicator at a time, so the temporaries of one step are freed before the next (peak memory).
    for code in codes:
        column, previous = pl.col(code), pl.col("__same_prev")
        extra = [
            pl.when(previous).then(column.shift(1)).alias(f"{code}__prev"),
            pl.when(pl.col("__same_year_ago")).then(column.shift(per_year)).alias(f"{code}__ly"),
        ]
        if cumulative_key(code) in values.columns:
            extra.append(pl.when(previous).then(pl.col(cumulative_key(code)).shift(1)).alias(f"{code}__cumprev"))
        frame = frame.with_columns(extra).with_columns(_earlier_mean(column, pl.col("__start")).alias(f"{code}__mean"))
    if config.revenue_code in codes:
        trailing = pl.col(config.revenue_code).rolling_sum(per_year, min_samples=per_year)
        frame = frame.with_columns(pl.when(whole_year).then(trailing).alias("__trailing_year"))
    return frame.drop("__start", "__same_prev", "__same_year_ago")


def _earlier_mean(column: pl.Expr, start: pl.Expr) -> pl.Expr:
    """Mean of the unit's earlier periods (at least three): running sums minus their value at the unit's first row."""
    value, present = column.fill_null(0), column.is_not_null().cast(pl.Float64)
    running_sum, running_n = value.cum_sum(), present.cum_sum()
    earlier_sum = running_sum - value - (running_sum - value).gather(start)
    earlier_n = running_n - present - (running_n - present).gather(start)
    return pl.when(earlier_n >= 3).then(earlier_sum / earlier_n)


def run_rules(
    values: pl.DataFrame, units: pl.DataFrame, kind: str, targets: Iterable[int], config: RuleConfig
) -> pl.DataFrame:
    """Every enabled rule over the target periods; returns the findings with their scores."""
    targets = list(targets)
    frame = prepare(values, units, kind, config)
    covers_all = frame.height == 0 or set(targets) >= set(frame["period_index"].unique().to_list())
    target = frame if covers_all else frame.filter(pl.col("period_index").is_in(targets))
    specs = [s for s in config.indicators if s.code in values.columns]
    parts: list[pl.DataFrame] = []
    checks: tuple[tuple[str, Callable[[], pl.DataFrame]], ...] = (
        ("missing", lambda: rules_logic.missing(target, units, targets, config)),
        ("late", lambda: rules_logic.late(target, kind, config)),
        ("duplicate", lambda: rules_logic.duplicate(target, specs)),
        ("cumulative", lambda: rules_logic.cumulative(target, specs)),
        ("part_total", lambda: rules_logic.part_total(target, config)),
        ("requires", lambda: rules_logic.requires(target, config)),
        ("expression", lambda: rules_logic.expressions(target, config, specs)),
        ("mom", lambda: rules_change.change(target, specs, config, "mom", "__prev", "上期")),
        ("yoy", lambda: rules_change.change(target, specs, config, "yoy", "__ly", "上年同期")),
        ("history", lambda: rules_change.history(target, specs, config)),
        ("peer", lambda: rules_change.peer(target, config)),
        ("hover", lambda: rules_change.thresholds(target, kind, config, "hover")),
        ("exit", lambda: rules_change.thresholds(target, kind, config, "exit")),
        ("entry", lambda: rules_change.thresholds(target, kind, config, "entry")),
    )
    for rule, check in checks:
        if config.is_enabled(rule):
            parts.append(check())
    findings = (
        pl.concat([p.cast(FINDING_SCHEMA) for p in parts if p.height])
        if any(p.height for p in parts)
        else (pl.DataFrame(schema=FINDING_SCHEMA))
    )
    return _score(findings, frame, target, specs)


def _score(
    findings: pl.DataFrame, frame: pl.DataFrame, target: pl.DataFrame, specs: list[IndicatorSpec]
) -> pl.DataFrame:
    """rule weight × (1 + magnitude) × the unit's share (per cent) of its region's total of the finding's indicator
    in that period; a unit with no report in the period is weighed by its latest earlier report."""
    names = [n for n in FINDING_SCHEMA.names() if n not in ("region", "base")]
    if findings.height == 0:
        return findings.select(names).with_columns(pl.lit(0.0).alias("score"))
    codes = [s.code for s in specs]
    absent = findings.filter(pl.col("base").is_null() & pl.col("indicator").is_in(codes))
    if absent.height:
        latest = (
            frame.select("unit_id", "period_index", pl.col("region").cast(pl.String), *codes)
            .join(absent.select("unit_id").unique(), on="unit_id", how="semi")
            .sort("period_index")
            .group_by("unit_id")
            .last()
            .unpivot(index=["unit_id", "region"], on=codes, variable_name="indicator", value_name="_latest")
        )
        refilled = absent.drop("region").join(latest, on=["unit_id", "indicator"], how="left")
        refilled = refilled.with_columns(pl.col("_latest").abs().alias("base")).select(findings.columns)
        findings = pl.concat(
            [findings.filter(~(pl.col("base").is_null() & pl.col("indicator").is_in(codes))), refilled]
        )
    totals = (
        target.with_columns(pl.col("region").cast(pl.String))
        .group_by("region", "period_index")
        .agg([pl.col(c).abs().sum().alias(c) for c in codes])
    )
    totals = totals.unpivot(index=["region", "period_index"], on=codes, variable_name="indicator", value_name="_total")
    found = findings.join(totals, on=["region", "period_index", "indicator"], how="left")
    weights = pl.DataFrame({"rule": list(RULES), "weight": [w for _, _, w in RULES.values()]})
    found = found.join(weights, on="rule", how="left")
    share = (pl.col("base") / pl.col("_total")).fill_nan(0).fill_null(0)
    score = pl.col("weight") * (1 + pl.col("magnitude")) * share * 100
    return found.select(*names, score.round(4).alias("score"))
