"""The dense NumPy engine finds exactly what the former Polars engine (tests/quality/reference_engine.py) finds:
the same findings (rule, unit, period, indicator) with the same explanations, values and scores, on generated
data with planted anomalies and awkward cases: gaps, units entering mid-year, zero and negative figures, null
figures, tiny peer groups, units missing from the unit table, quarterly reports."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from shuangsuiji.domain.quality.config import RuleConfig
from shuangsuiji.domain.quality.engine import run_rules
from shuangsuiji.domain.quality.synthetic import generate
from tests.quality import reference_engine

FIRST, LAST = 2024 * 12 + 9, 2026 * 12 + 9  # 25 months: 同比 and the trailing year have history
KEYS = ["rule", "unit_id", "period_index", "indicator", "explanation"]


def _units(count: int) -> pl.DataFrame:
    sections = ["C", "C", "C", "F", "G", "I", None]
    sizes = ["L", "M", "S", "XS", None, "S"]
    regions = ["140522", "140523", "140524", None]
    rows = []
    for i in range(1, count + 1):
        section = sections[i % len(sections)]
        industrial = section == "C"
        annual = 150.0 + (i * 37 % 400) * 12.5
        threshold = 2000.0 if industrial else (500.0 if section == "F" else None)
        rows.append(
            {
                "unit_id": i,
                "section": section,
                "size_class": sizes[i % len(sizes)] if i % 29 else "ZZ",  # an unknown size class too
                "region": regions[(i // 7) % len(regions)],
                "annual": annual,
                "employees": 5 + i % 60,
                "category": ("IND" if annual >= 2000 else "") if industrial else ("RET" if i % 5 == 0 else ""),
                "threshold": threshold,
                "threshold_category": "IND" if industrial else ("RET" if section == "F" else None),
                "is_expected": i % 4 != 0,
            }
        )
    return pl.DataFrame(rows)


def _awkward(values: pl.DataFrame) -> pl.DataFrame:
    """Gaps, late entrants, zeros, negatives and nulls in generated figures."""
    unit, index = pl.col("unit_id"), pl.col("period_index")
    values = values.filter(
        ~((unit % 11 == 0) & (index == LAST - 3))  # a month missing
        & ~((unit % 13 == 0) & (index < 2026 * 12 + 5))  # entered in 2026-06
        & ~((unit % 17 == 0) & ((index - FIRST) % 5 == 2))  # reports now and then
    )
    return values.with_columns(
        pl.when((unit % 19 == 0) & (index == LAST - 1)).then(0.0).otherwise(pl.col("revenue")).alias("revenue"),
        pl.when(unit % 23 == 0).then(-pl.col("profit")).otherwise(pl.col("profit")).alias("profit"),
        pl.when((unit % 31 == 0) & (index % 3 == 0)).then(None).otherwise(pl.col("wages")).alias("wages"),
        pl.when((unit % 37 == 0) & (index == LAST)).then(0.0).otherwise(pl.col("employees")).alias("employees"),
        pl.when((unit % 41 == 0) & (index == LAST - 2))
        .then(None)
        .otherwise(pl.col("revenue__cum"))
        .alias("revenue__cum"),
    )


@pytest.fixture(scope="module")
def data() -> tuple[pl.DataFrame, pl.DataFrame]:
    units = _units(1200)
    generated = generate(units, list(range(FIRST, LAST + 1)), seed=11, plant=12)
    values = _awkward(generated.values)
    # A unit reporting but missing from the unit table, and a unit table without the helper columns.
    stray = values.filter(pl.col("unit_id") == 5).with_columns(pl.lit(99_999, dtype=pl.Int64).alias("unit_id"))
    # In several chunks, as Parquet files are read: running sums must carry across them.
    values = pl.concat([values.slice(0, 7001), values.slice(7001, 9000), values.slice(16001), stray], rechunk=False)
    assert values.n_chunks() > 1
    return values, units.drop("annual", "employees")


def _compare(
    values: pl.DataFrame, units: pl.DataFrame, kind: str, targets: list[int], config: RuleConfig, threads: int = 2
) -> int:
    ours = run_rules(values, units, kind, targets, config, threads=threads).sort(KEYS)
    theirs = reference_engine.run_rules(values, units, kind, targets, config).sort(KEYS)
    assert ours.columns == theirs.columns
    assert ours.schema == theirs.schema
    mine = set(ours.select(KEYS).iter_rows())
    reference = set(theirs.select(KEYS).iter_rows())
    assert sorted(reference - mine)[:5] == [] and sorted(mine - reference)[:5] == []
    assert ours.height == theirs.height
    for column in ("value", "reference", "magnitude", "score"):
        a, b = ours[column], theirs[column]
        assert (a.is_null() == b.is_null()).all(), column
        close = ((a - b).abs() <= 1e-6 + 1e-9 * b.abs()).fill_null(True)
        assert close.all(), (column, ours.filter(~close).head(3), theirs.filter(~close).head(3))
    return ours.height


def test_the_last_period_gives_the_same_findings(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    found = _compare(values, units, "M", [LAST], RuleConfig())
    assert found > 50


def test_every_period_gives_the_same_findings(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    assert _compare(values, units, "M", list(range(FIRST, LAST + 1)), RuleConfig()) > 500


def test_one_thread_gives_the_same_findings_in_the_same_order(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    targets = list(range(FIRST, LAST + 1))
    assert _compare(values, units, "M", targets, RuleConfig(), threads=1) > 500
    one = run_rules(values, units, "M", targets, RuleConfig(), threads=1)
    assert one.equals(run_rules(values, units, "M", targets, RuleConfig(), threads=3))


def test_bureau_settings_and_expressions_give_the_same_findings(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    config = RuleConfig(
        values={("mom", "revenue", ""): 0.2, ("peer_group", "", ""): 3, ("peer", "", ""): 2.5, ("hover", "", ""): 0.1},
        expressions=(("工资上限", "wages <= employees * 0.6"), ("利润", "profit < revenue * 0.5 or revenue <= 0")),
        disabled=frozenset({"late"}),
    )
    assert _compare(values, units, "M", [LAST - 1, LAST], config) > 50


def test_small_peer_groups_and_targets_without_reports(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    few = values.filter(pl.col("unit_id") <= 60)
    _compare(few, units, "M", [LAST, LAST + 1], RuleConfig())  # nobody has reported LAST + 1 yet


def test_quarterly_reports_give_the_same_findings(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    quarters = (
        values.filter(pl.col("period_index") % 3 == 2)
        .with_columns((pl.col("period_index") // 3).alias("period_index"))
        .with_columns(
            pl.date(pl.col("period_index") // 4 + (pl.col("period_index") % 4 == 3).cast(pl.Int32), 1, 1)
            .dt.offset_by(((pl.col("period_index") % 4 + 1) % 4 * 3).cast(pl.String) + "mo")
            .dt.offset_by("4d")
            .alias("reported_on")
        )
    )
    last = int(quarters["period_index"].max())
    _compare(quarters, units, "Q", [last - 1, last], RuleConfig())


def test_a_single_unit_and_an_empty_run(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    _, units = data
    values = pl.DataFrame(
        [(1, LAST - 1, 100.0, 900.0), (1, LAST, 300.0, 850.0)],
        schema={"unit_id": pl.Int64, "period_index": pl.Int64, "revenue": pl.Float64, "revenue__cum": pl.Float64},
        orient="row",
    ).with_columns(pl.lit(dt.date(2026, 11, 25)).alias("reported_on"))
    _compare(values, units.head(3), "M", [LAST], RuleConfig())
    _compare(values.head(0), units.head(3), "M", [LAST], RuleConfig())


def test_annual_reports_and_rows_in_any_order_give_the_same_findings(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    values, units = data
    years = values.filter(pl.col("period_index") % 12 == 11).with_columns(pl.col("period_index") // 12)
    _compare(years, units, "Y", sorted(years["period_index"].unique().to_list()), RuleConfig())
    shuffled = values.sample(fraction=1.0, shuffle=True, seed=1)
    _compare(shuffled, units.drop("threshold", "threshold_category"), "M", [LAST - 1, LAST], RuleConfig())
