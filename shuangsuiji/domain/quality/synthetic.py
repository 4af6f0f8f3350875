"""Synthetic monthly figures with seasonality, trend and noise, and planted anomalies of each kind — for the
demo, the benchmark and the tests. Deterministic for a seed: randomness comes from hashing (unit, period)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from shuangsuiji.domain.quality.indicators import EMPLOYEES, PROFIT, REVENUE, WAGES
from shuangsuiji.domain.quality.rows import cumulative_key

# Monthly seasonal factors (Jan … Dec): a slow start around 春节 and a strong year end.
SEASON = (0.80, 0.70, 0.95, 1.00, 1.00, 1.02, 0.98, 0.98, 1.03, 1.05, 1.08, 1.30)
PLANTED_KINDS = (
    "missing",
    "late",
    "duplicate",
    "cumulative",
    "part_total",
    "requires",
    "mom",
    "yoy",
    "history",
    "peer",
    "hover",
    "exit",
    "entry",
)
_TWO64 = float(2**64)


@dataclass(frozen=True)
class Synthetic:
    """The wide values frame, the planted anomalies (unit_id, period_index, rule) and the target period."""

    values: pl.DataFrame
    planted: pl.DataFrame
    target: int


def _uniform(key: pl.Expr, salt: int, seed: int) -> pl.Expr:
    return ((key * 1_000_003 + salt).hash(seed).cast(pl.Float64) / _TWO64).clip(1e-12, 1 - 1e-12)


def _normal(key: pl.Expr, salt: int, seed: int) -> pl.Expr:
    first, second = _uniform(key, salt, seed), _uniform(key, salt + 7919, seed)
    return (-2 * first.log()).sqrt() * (2 * math.pi * second).cos()


def generate(units: pl.DataFrame, periods: list[int], *, seed: int = 2026, plant: int = 0) -> Synthetic:
    """`units` has unit_id, annual (万元 a year) and employees; `periods` are consecutive month indices. With
    `plant` > 0, that many units per kind get an anomaly in the last period."""
    target = periods[-1]
    grid = units.select("unit_id", pl.col("annual").alias("_annual"), pl.col("employees").alias("_staff")).join(
        pl.DataFrame({"period_index": periods}, schema={"period_index": pl.Int64}), how="cross"
    )
    unit, key = pl.col("unit_id"), pl.col("unit_id") * 4096 + pl.col("period_index")
    month = pl.col("period_index") % 12
    season = month.replace_strict(dict(enumerate(SEASON)), return_dtype=pl.Float64)
    growth = 0.05 + 0.04 * _normal(unit, 1, seed)
    months_from_target = (pl.col("period_index") - target).cast(pl.Float64)
    trend = (1 + growth).pow(months_from_target / 12)
    revenue = pl.col("_annual") / 12 * season * trend * (1 + 0.04 * _normal(key, 2, seed))
    margin = 0.06 + 0.02 * _normal(unit, 3, seed)
    frame = grid.with_columns(
        revenue.round(2).alias(REVENUE),
        pl.col("period_index").alias("_p"),
    ).with_columns(
        (pl.col(REVENUE) * margin * (1 + 0.05 * _normal(key, 4, seed))).round(2).alias(PROFIT),
        (pl.col("_staff") * (1 + 0.01 * _normal(key, 5, seed))).round(0).clip(1, None).alias(EMPLOYEES),
    )
    frame = frame.with_columns(
        (pl.col(EMPLOYEES) * 0.55 * (1 + 0.03 * _normal(key, 6, seed))).round(2).alias(WAGES),
        (pl.col("period_index") // 12).alias("_year"),
        _reported_on(seed),
    )
    planted = pl.DataFrame(schema={"unit_id": pl.Int64, "period_index": pl.Int64, "rule": pl.String})
    if plant:
        frame, planted = _plant(frame, units, target, plant, seed)
    frame = _cumulate(frame.sort("unit_id", "period_index"))
    return Synthetic(frame.drop("_annual", "_staff", "_p", "_year"), planted, target)


def _reported_on(seed: int) -> pl.Expr:
    following = pl.col("period_index") + 1
    day = 1 + (_uniform(pl.col("unit_id") * 4096 + pl.col("period_index"), 8, seed) * 8).floor().cast(pl.Int32)
    return pl.date(following // 12, following % 12 + 1, day).alias("reported_on")


def _cumulate(frame: pl.DataFrame) -> pl.DataFrame:
    exprs = []
    for code in (REVENUE, PROFIT, WAGES):
        planted_cum = f"_{code}_cum_override"
        running = pl.col(code).fill_null(0).cum_sum().over("unit_id", "_year")
        if planted_cum in frame.columns:
            running = pl.coalesce(pl.col(planted_cum), running)
        exprs.append(running.round(2).alias(cumulative_key(code)))
    frame = frame.with_columns(exprs)
    return frame.drop([c for c in frame.columns if c.endswith("_cum_override")])


def _pick(units: pl.DataFrame, seed: int) -> pl.DataFrame:
    return units.with_columns(_uniform(pl.col("unit_id"), 99, seed).alias("_order")).sort("_order")


def _plant(
    frame: pl.DataFrame, units: pl.DataFrame, target: int, count: int, seed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    ordered = _pick(units, seed)
    has_threshold = ordered.filter(pl.col("threshold").is_not_null())
    exit_units = has_threshold.filter(pl.col("category") == pl.col("threshold_category"))
    entry_units = has_threshold.filter(pl.col("category") == "")
    chosen: dict[str, list[int]] = {}
    used: set[int] = set()

    def take(pool: pl.DataFrame, rule: str, extra: int = 0) -> None:
        ids = [i for i in pool["unit_id"].to_list() if i not in used][: count + extra]
        used.update(ids)
        chosen[rule] = ids

    take(exit_units, "exit")
    take(entry_units, "entry")
    take(has_threshold, "hover")
    take(ordered.filter(pl.col("category") != ""), "missing")  # only units of a 四上 category must report
    for rule in PLANTED_KINDS:
        if rule not in chosen:
            take(ordered, rule, count if rule == "duplicate" else 0)
    frame = _apply_plants(frame, units, chosen, target)
    rows = [(u, target, r) for r, ids in chosen.items() for u in (ids[:count] if r != "duplicate" else ids)]
    planted = pl.DataFrame(
        rows, schema={"unit_id": pl.Int64, "period_index": pl.Int64, "rule": pl.String}, orient="row"
    )
    return frame, planted


def _apply_plants(frame: pl.DataFrame, units: pl.DataFrame, chosen: dict[str, list[int]], target: int) -> pl.DataFrame:
    at = pl.col("period_index") == target
    unit = pl.col("unit_id")

    def hit(rule: str) -> pl.Expr:
        return unit.is_in(chosen[rule]) & at

    scale = _threshold_scale(frame, units, chosen, target)
    frame = frame.join(scale, on="unit_id", how="left").with_columns(pl.col("_scale").fill_null(1.0))
    for code in (REVENUE, PROFIT):
        frame = frame.with_columns((pl.col(code) * pl.col("_scale")).round(2))
    revenue = pl.col(REVENUE)
    frame = frame.with_columns(
        pl.when(hit("mom"))
        .then(revenue * 2.5)
        .when(hit("history") | hit("peer"))
        .then(revenue * 4)
        .when(hit("yoy"))
        .then(revenue * 0.15)
        .otherwise(revenue)
        .round(2)
        .alias(REVENUE),
    )
    frame = frame.with_columns(
        pl.when(hit("part_total")).then(pl.col(REVENUE) * 1.6).otherwise(pl.col(PROFIT)).round(2).alias(PROFIT),
        pl.when(hit("requires")).then(None).otherwise(pl.col(EMPLOYEES)).alias(EMPLOYEES),
        pl.when(hit("late"))
        .then(pl.col("reported_on") + pl.duration(days=25))
        .otherwise(pl.col("reported_on"))
        .alias("reported_on"),
    )
    frame = _plant_duplicates(frame, chosen["duplicate"], target)
    frame = _plant_cumulative(frame, chosen["cumulative"], target)
    return frame.filter(~hit("missing")).drop("_scale")


def _threshold_scale(
    frame: pl.DataFrame, units: pl.DataFrame, chosen: dict[str, list[int]], target: int
) -> pl.DataFrame:
    """Scale factors putting the target year's annualised revenue at 0.5× (exit), 1.01× (hover) or 1.6× (entry)
    the unit's threshold."""
    factor = {"exit": 0.5, "hover": 1.01, "entry": 1.6}
    rows = []
    months = frame.filter((pl.col("period_index") > target - 12) & (pl.col("period_index") <= target))
    sums = months.group_by("unit_id").agg(pl.col(REVENUE).sum().alias("s"), pl.len().alias("n"))
    for rule, f in factor.items():
        rows.append(
            pl.DataFrame(
                {"unit_id": chosen[rule], "f": [f] * len(chosen[rule])}, schema={"unit_id": pl.Int64, "f": pl.Float64}
            )
        )
    wanted = (
        pl.concat(rows)
        .join(sums, on="unit_id")
        .join(units.select("unit_id", pl.col("threshold").alias("_threshold")), on="unit_id")
    )
    annual = pl.col("s") * 12 / pl.col("n")
    return wanted.select("unit_id", (pl.col("f") * pl.col("_threshold") / annual).alias("_scale"))


def _plant_duplicates(frame: pl.DataFrame, ids: list[int], target: int) -> pl.DataFrame:
    """Pairs of units whose reports for the target period are identical (the second copies the first)."""
    pairs = {ids[i + 1]: ids[i] for i in range(0, len(ids) - 1, 2)}
    source = frame.filter(pl.col("unit_id").is_in(list(pairs.values())) & (pl.col("period_index") == target))
    copies = source.select(
        pl.col("unit_id").replace_strict({v: k for k, v in pairs.items()}).alias("unit_id"),
        pl.col(REVENUE).alias("_r"),
        pl.col(PROFIT).alias("_pr"),
        pl.col(WAGES).alias("_w"),
    ).with_columns(pl.lit(target, dtype=pl.Int64).alias("period_index"))
    frame = frame.join(copies, on=["unit_id", "period_index"], how="left")
    return frame.with_columns(
        pl.coalesce("_r", REVENUE).alias(REVENUE),
        pl.coalesce("_pr", PROFIT).alias(PROFIT),
        pl.coalesce("_w", WAGES).alias(WAGES),
    ).drop("_r", "_pr", "_w")


def _plant_cumulative(frame: pl.DataFrame, ids: list[int], target: int) -> pl.DataFrame:
    """本年累计 of the target period reported below the previous period's."""
    before = frame.filter(
        pl.col("unit_id").is_in(ids)
        & (pl.col("period_index") // 12 == target // 12)
        & (pl.col("period_index") < target)
    )
    sums = before.group_by("unit_id").agg((pl.col(REVENUE).sum() * 0.8).round(2).alias(f"_{REVENUE}_cum_override"))
    sums = sums.with_columns(pl.lit(target, dtype=pl.Int64).alias("period_index"))
    return frame.join(sums, on=["unit_id", "period_index"], how="left")
