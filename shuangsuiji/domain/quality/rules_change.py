"""Change, peer and 四上 threshold rules: 环比, 同比, 历史水平, 同业比较, 四上标准附近徘徊, 退库 and 入库 candidates."""

from __future__ import annotations

from collections.abc import Callable, Collection

import polars as pl

from shuangsuiji.domain.quality.config import RuleConfig
from shuangsuiji.domain.quality.findings import (
    FINDING_SCHEMA,
    SIZE_NAMES,
    concat_findings,
    explain,
    fmt_num,
    fmt_pct,
    make_finding,
)
from shuangsuiji.domain.quality.indicators import IndicatorSpec
from shuangsuiji.domain.quality.periods import MONTH, PERIODS_PER_YEAR
from shuangsuiji.domain.quality.rows import cumulative_key


def _limit_by_size(config: RuleConfig, rule: str, code: str) -> pl.Expr:
    mapping = {size: config.value(rule, code, size) for size in SIZE_NAMES}
    return pl.col("size_class").fill_null("").replace_strict(mapping, default=config.value(rule, code))


def change(
    target: pl.DataFrame, specs: list[IndicatorSpec], config: RuleConfig, rule: str, suffix: str, against: str
) -> pl.DataFrame:
    """Month on month the change is measured against the typical change of the unit's industry in the same period
    (the median), so a January drop every unit shows is not a finding; year on year it is measured as it is."""
    parts = []
    group = pl.col("period_index").hash(5) ^ pl.col("section").hash(7)
    for spec in specs:
        now, base = pl.col(spec.code), pl.col(spec.code + suffix)
        usable = base.abs() >= config.value("min_base", spec.code)
        rate = pl.when(usable).then((now - base) / base.abs())
        if rule != "mom":
            typical = pl.lit(0.0)
        elif f"{spec.code}__typical" in target.columns:  # computed over every report by the engine
            typical = pl.col(f"{spec.code}__typical")
        else:
            typical = _typical(target, group, rate, config.value("peer_group"))
        deviation = rate - typical.fill_null(0)
        limit = _limit_by_size(config, rule, spec.code)
        bad = target.filter(deviation.abs() > limit)
        template = "{}本期{}{}，{}{}{}，变动{}" + ("（同行业本期中位变动{}）" if rule == "mom" else "{}")
        parts.append(
            make_finding(
                bad,
                rule,
                spec.code,
                now,
                base,
                (deviation.abs() / limit).clip(0, 5),
                explain(
                    template + "，超过{}单位的阈值±{}",
                    spec.name,
                    fmt_num(now),
                    spec.unit,
                    against,
                    fmt_num(base),
                    spec.unit,
                    fmt_pct(rate),
                    fmt_pct(typical.fill_null(0)) if rule == "mom" else "",
                    pl.col("size_class").fill_null("").replace_strict(SIZE_NAMES, default="未划型"),
                    fmt_pct(limit),
                ),
            )
        )
    return concat_findings(parts)


def _typical(target: pl.DataFrame, group: pl.Expr, rate: pl.Expr, minimum: float) -> pl.Expr:
    """The median change of each industry (门类) and period, as an expression looking it up by a hashed key (a
    small table instead of a join over every row); groups smaller than `minimum` have none."""
    table = (
        target.select(group.alias("g"), rate.alias("rate"))
        .group_by("g")
        .agg(pl.col("rate").median().alias("typical"), pl.col("rate").count().alias("k"))
        .filter(pl.col("k") >= minimum)
    )
    return group.replace_strict(table["g"], table["typical"], default=None, return_dtype=pl.Float64)


def history(target: pl.DataFrame, specs: list[IndicatorSpec], config: RuleConfig) -> pl.DataFrame:
    parts = []
    for spec in specs:
        now, mean = pl.col(spec.code), pl.col(f"{spec.code}__mean")
        factor = 1 + config.value("history", spec.code)
        usable = (mean.abs() >= config.value("min_base", spec.code)) & (now >= 0) & (mean > 0)
        bad = target.filter(usable & ((now > mean * factor) | (now * factor < mean)))
        ratio = now / mean
        parts.append(
            make_finding(
                bad,
                "history",
                spec.code,
                now,
                mean,
                ((ratio - 1).abs()).clip(0, 5),
                explain(
                    "{}本期{}{}，是本单位以往各期均值{}{}的{}倍，明显偏离自身历史水平",
                    spec.name,
                    fmt_num(now),
                    spec.unit,
                    fmt_num(mean),
                    spec.unit,
                    ratio.round(2).cast(pl.String),
                ),
            )
        )
    return concat_findings(parts)


def peer_measures(config: RuleConfig, columns: Collection[str]) -> list[tuple[str, str, bool]]:
    """The measures the peer rule compares: (what, label, is_log) with what "growth" (同比增速 of revenue) or
    "per_employee" (log of revenue per employee)."""
    revenue = config.indicator(config.revenue_code)
    if revenue is None or revenue.code not in columns:
        return []
    employees = next((s for s in config.indicators if not s.is_money), None)
    measures = [("growth", "同比增速", False)]
    if employees is not None and employees.code in columns:
        measures.append(("per_employee", f"人均{revenue.name}（万元/人）", True))
    return measures


def peer(frame: pl.DataFrame, config: RuleConfig, label: str, is_log: bool) -> pl.DataFrame:
    """同业比较 findings of one measure: `frame` has the unit's measure `m` and its group's median `med`, size `n`
    and scaled MAD `mad` (1.4826 × the median absolute deviation), over industry × size × region and period."""
    code = config.revenue_code
    minimum, limit = config.value("peer_group"), config.value("peer")
    z = (pl.col("m") - pl.col("med")) / pl.col("mad")
    bad = frame.filter((pl.col("n") >= minimum) & (pl.col("mad") > 0) & (z.abs() > limit))
    show: Callable[[pl.Expr], pl.Expr] = (lambda e: fmt_num(e.exp())) if is_log else fmt_pct
    return make_finding(
        bad,
        "peer",
        code,
        pl.col("m").exp() if is_log else pl.col("m"),
        pl.col("med").exp() if is_log else pl.col("med"),
        (z.abs() / limit).clip(0, 5),
        explain(
            "{}为{}，同行业、同规模、同地区{}家单位的中位数为{}，稳健Z值{}，超过阈值{}",
            label,
            show(pl.col("m")),
            pl.col("n").cast(pl.String),
            show(pl.col("med")),
            z.round(1).cast(pl.String),
            f"{limit:g}",
        ),
    )


def _annualised(kind: str, code: str, frame: pl.DataFrame) -> pl.Expr:
    """The last twelve months (four quarters) when reported — free of seasonality — else 本年累计 annualised."""
    per_year = PERIODS_PER_YEAR[kind]
    trailing = [pl.col("__trailing_year")] if "__trailing_year" in frame.columns else []
    if cumulative_key(code) in frame.columns:
        return pl.coalesce(
            *trailing, pl.col(cumulative_key(code)) * per_year / pl.col("number"), pl.col(code) * per_year
        )
    return pl.coalesce(*trailing, pl.col(code) * per_year)


def thresholds(target: pl.DataFrame, kind: str, config: RuleConfig, rule: str) -> pl.DataFrame:
    code = config.revenue_code
    spec = config.indicator(code)
    if code not in target.columns or "threshold" not in target.columns:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    needed = ["unit_id", "period_index", "region", "number", "category", "threshold", "threshold_category", code]
    needed += [c for c in (cumulative_key(code), "__trailing_year") if c in target.columns]
    target = target.select(needed)
    early = (pl.col("number") < 3) if kind == MONTH else pl.lit(False)
    annual, limit = _annualised(kind, code, target), pl.col("threshold")
    band = config.value("hover")
    in_category = pl.col("category").fill_null("") == pl.col("threshold_category")
    condition = {
        "hover": ((annual / limit - 1).abs() <= band),
        "exit": in_category & (annual < limit * (1 - band)),
        "entry": (pl.col("category").fill_null("") == "") & (annual >= limit),
    }[rule]
    bad = target.filter(limit.is_not_null() & ~early & condition)
    text = {
        "hover": "近一年（或按本年累计折算）{}约{}万元，在四上标准{}万元上下{}以内，需关注是否为进出库而调整数据",
        "exit": "近一年（或按本年累计折算）{}约{}万元，低于四上标准{}万元（下浮超过{}），为退库候选，请核实",
        "entry": "近一年（或按本年累计折算）{}约{}万元，已达到四上标准{}万元（浮动{}），但未纳入四上，为入库候选（应统尽统）",
    }[rule]
    return make_finding(
        bad,
        rule,
        code,
        annual,
        limit,
        ((annual / limit - 1).abs()).clip(0, 5),
        explain(
            text,
            spec.name if spec else code,
            fmt_num(annual),
            fmt_num(limit),
            f"{band:.0%}",
        ),
    )
