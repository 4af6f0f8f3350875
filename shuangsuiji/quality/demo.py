"""Demo figures: 13 months (2025-10 … 2026-10) of 联网直报 figures for the demo county's units, generated with
seasonality and trend and a few planted anomalies of each kind, imported through the import engine and audited by
the rules. Running it again re-imports nothing when the figures are already there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings

from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.quality.indicators import OUTPUT, REVENUE, threshold_group
from shuangsuiji.domain.quality.rows import cumulative_key
from shuangsuiji.domain.quality.synthetic import Synthetic, generate
from shuangsuiji.domain.units import OUT_OF_SCOPE_STATUSES
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.quality.models import ReportedValue
from shuangsuiji.quality.services.config import ensure_default_indicators, indicator_specs
from shuangsuiji.quality.services.imports import import_reported_values
from shuangsuiji.quality.services.runs import run_quality

DEMO_PERIOD = "2026-10"
FIRST, LAST = 2025 * 12 + 9, 2026 * 12 + 9
DEFAULT_ANNUAL = {"IND": 5000.0, "CON": 3000.0, "WHS": 4000.0, "RET": 1200.0, "ACC": 600.0, "CAT": 500.0}
Echo = Callable[[str], None]


def load_demo_quality(county: Bureau, echo: Echo) -> None:
    """Figures for the county's units with 2 planted anomalies of each kind, imported and audited."""
    ensure_default_indicators()
    if ReportedValue.objects.filter(unit__bureau=county, period=DEMO_PERIOD).exists():
        echo("data quality: figures already loaded")
        return
    actor = _actor()
    units = list(
        Unit.objects.filter(bureau=county, is_in_directory=True)
        .exclude(status__in=OUT_OF_SCOPE_STATUSES)
        .order_by("id")[:2500]
    )
    data = synthesize(units, plant=2, seed=int(county.code))
    path = Path(settings.VAR_DIR) / "demo" / f"{county.name}报送数据.csv"
    write_wide_csv(data, units, path)
    report = import_reported_values(actor=actor, bureau=county, path=path, options=ImportOptions())
    if report.fatal or not report.written:
        raise RuntimeError(f"demo figures were rejected: {report.fatal or [e.as_text() for e in report.errors[:3]]}")
    run = run_quality(actor=actor, bureau=county, period=DEMO_PERIOD)
    planted = data.planted.height
    echo(
        f"data quality: {report.created} figures of {len(units)} units imported; "
        f"{run.finding_count} findings for {DEMO_PERIOD} ({planted} planted anomalies)"
    )


def _actor() -> Any:
    from shuangsuiji.accounts.models import User

    return User.objects.filter(username="zhuanye").first()


def units_frame(units: list[Unit]) -> pl.DataFrame:
    """What the generator needs of each unit: a plausible annual revenue and staff, its category and threshold."""
    rows = []
    for unit in units:
        group = threshold_group(unit.industry_section, unit.industry_code)
        annual = float(unit.revenue) if unit.revenue else DEFAULT_ANNUAL.get(unit.scale_category, 300.0)
        rows.append(
            (
                unit.pk,
                max(annual, 12.0),
                max(unit.employees or 10, 1),
                unit.scale_category,
                group.threshold if group else None,
                group.category if group else "",
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "unit_id": pl.Int64,
            "annual": pl.Float64,
            "employees": pl.Int64,
            "category": pl.String,
            "threshold": pl.Float64,
            "threshold_category": pl.String,
        },
        orient="row",
    )


def synthesize(units: list[Unit], *, plant: int, seed: int) -> Synthetic:
    return generate(units_frame(units), list(range(FIRST, LAST + 1)), seed=seed, plant=plant)


def write_wide_csv(data: Synthetic, units: list[Unit], path: Path) -> None:
    """The figures as a wide 联网直报 export: one row per unit and month, one column per indicator."""
    names = {s.code: s.name for s in indicator_specs()}
    industrial = {u.pk for u in units if u.scale_category == "IND"}
    codes = pl.DataFrame(
        {"unit_id": [u.pk for u in units], "统一社会信用代码": [u.uscc for u in units]},
        schema={"unit_id": pl.Int64, "统一社会信用代码": pl.String},
    )
    is_industrial = pl.col("unit_id").is_in(list(industrial))
    frame = data.values.with_columns(
        pl.when(is_industrial).then((pl.col(REVENUE) * 1.03).round(2)).alias(OUTPUT),
        pl.when(is_industrial).then((pl.col(cumulative_key(REVENUE)) * 1.03).round(2)).alias(cumulative_key(OUTPUT)),
    ).join(codes, on="unit_id")
    period = pl.format(
        "{}-{}",
        (pl.col("period_index") // 12).cast(pl.String),
        (pl.col("period_index") % 12 + 1).cast(pl.String).str.zfill(2),
    )
    columns = [
        pl.col("统一社会信用代码"),
        period.alias("报告期"),
        (pl.col("reported_on").cast(pl.String) + " 10:00").alias("填报时间"),
    ]
    for code, name in names.items():
        if code in frame.columns:
            columns.append(pl.col(code).alias(name))
        if cumulative_key(code) in frame.columns:
            columns.append(pl.col(cumulative_key(code)).alias(f"{name}本年累计"))
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.sort("unit_id", "period_index").select(columns).write_csv(path, include_bom=True)


def planted_summary(data: Synthetic) -> dict[str, int]:
    return dict(data.planted.group_by("rule").len().iter_rows())
