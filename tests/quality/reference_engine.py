"""The Polars rule engine as it was before the dense NumPy engine (commit 6a9b0d5), kept as the reference the
equivalence tests compare the production engine with. Do not optimise this file: it is the specification.

Merged from shuangsuiji/domain/quality/engine.py, rules_logic.py and rules_change.py of that commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from shuangsuiji.domain.quality.config import RULES, RuleConfig
from shuangsuiji.domain.quality.expressions import compile_expression
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
        ("missing", lambda: missing(target, units, targets, config)),
        ("late", lambda: late(target, kind, config)),
        ("duplicate", lambda: duplicate(target, specs)),
        ("cumulative", lambda: cumulative(target, specs)),
        ("part_total", lambda: part_total(target, config)),
        ("requires", lambda: requires(target, config)),
        ("expression", lambda: expressions(target, config, specs)),
        ("mom", lambda: change(target, specs, config, "mom", "__prev", "上期")),
        ("yoy", lambda: change(target, specs, config, "yoy", "__ly", "上年同期")),
        ("history", lambda: history(target, specs, config)),
        ("peer", lambda: peer(target, config)),
        ("hover", lambda: thresholds(target, kind, config, "hover")),
        ("exit", lambda: thresholds(target, kind, config, "exit")),
        ("entry", lambda: thresholds(target, kind, config, "entry")),
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


def missing(target: pl.DataFrame, units: pl.DataFrame, targets: list[int], config: RuleConfig) -> pl.DataFrame:
    counts = target.group_by("unit_id").len()
    expected = units.filter(pl.col("is_expected")).select("unit_id").join(counts, on="unit_id", how="left")
    short = expected.filter(pl.col("len").fill_null(0) < len(targets)).select("unit_id")
    grid = short.join(pl.DataFrame({"period_index": targets}, schema={"period_index": pl.Int64}), how="cross")
    present = target.select(pl.col("unit_id"), pl.col("period_index").cast(pl.Int64))
    absent = grid.join(present, on=["unit_id", "period_index"], how="anti")
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


def duplicate(target: pl.DataFrame, specs: list[IndicatorSpec]) -> pl.DataFrame:
    """Reports whose money figures are all identical to another unit's (compared on the money indicators that
    almost every report fills, so an indicator only industry reports does not hide a copy)."""
    if target.height == 0:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    coverage = target.select([pl.col(s.code).is_not_null().mean().alias(s.code) for s in specs if s.is_money])
    money = [c for c in coverage.columns if (coverage[c][0] or 0) >= 0.9]
    if not money:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    digest = pl.col("period_index").hash(17)
    for position, code in enumerate(money):
        digest = digest ^ pl.col(code).hash(31 + position)
    filled = pl.all_horizontal([pl.col(c).is_not_null() & (pl.col(c) != 0) for c in money])
    keyed = target.select("unit_id", "period_index", "region", *money, pl.when(filled).then(digest).alias("_h"))
    candidates = keyed.filter(pl.col("_h").is_not_null() & pl.col("_h").is_duplicated())  # then compare real values
    twins = candidates.with_columns(pl.len().over(["period_index", *money]).alias("twins")).filter(pl.col("twins") > 1)
    names = "、".join(s.name for s in specs if s.code in money)
    return make_finding(
        twins,
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
        typical = pl.lit(0.0) if rule != "mom" else _typical(target, group, rate, config.value("peer_group"))
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


def peer(target: pl.DataFrame, config: RuleConfig) -> pl.DataFrame:
    revenue = config.indicator(config.revenue_code)
    if revenue is None or revenue.code not in target.columns:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    code, employees = revenue.code, next((s for s in config.indicators if not s.is_money), None)
    measures = [
        ((pl.col(code) - pl.col(f"{code}__ly")) / pl.col(f"{code}__ly"), "同比增速", False),
    ]
    if employees is not None and employees.code in target.columns:
        ratio = pl.when(pl.col(employees.code) > 0).then(pl.col(code) / pl.col(employees.code))
        measures.append((ratio.log(), f"人均{revenue.name}（万元/人）", True))
    keys = ["period_index", "section", "size_class", "region"]
    minimum, limit = config.value("peer_group"), config.value("peer")
    # Only the columns the rule reads, and one hashed group key: a copy of the wide frame would double the memory.
    small = target.select(
        "unit_id",
        "region",
        "period_index",
        code,
        pl.struct(keys).hash(23).alias("g"),
        *[m.alias(f"m{i}") for i, (m, _, _) in enumerate(measures)],
    )
    parts = []
    for position, (_, label, is_log) in enumerate(measures):
        frame = small.select("unit_id", "region", "period_index", code, "g", pl.col(f"m{position}").alias("m"))
        frame = frame.filter(pl.col("m").is_not_null() & pl.col("m").is_finite())
        stats = frame.group_by("g").agg(pl.col("m").median().alias("med"), pl.len().alias("n"))
        frame = frame.join(stats.filter(pl.col("n") >= minimum), on="g")
        spread = frame.group_by("g").agg(((pl.col("m") - pl.col("med")).abs().median() * 1.4826).alias("mad"))
        frame = frame.join(spread, on="g")
        z = (pl.col("m") - pl.col("med")) / pl.col("mad")
        bad = frame.filter((pl.col("n") >= minimum) & (pl.col("mad") > 0) & (z.abs() > limit))
        show: Callable[[pl.Expr], pl.Expr] = (lambda e: fmt_num(e.exp())) if is_log else fmt_pct
        parts.append(
            make_finding(
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
        )
    return concat_findings(parts)


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
