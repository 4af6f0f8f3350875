"""Running the rules for a bureau and period: load the figures into Polars, run the domain engine, store the
findings routed to the indicator's 专业股室. Findings already under review are kept; open ones are replaced."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import polars as pl
from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.quality.config import RuleConfig
from shuangsuiji.domain.quality.engine import run_rules
from shuangsuiji.domain.quality.indicators import threshold_group
from shuangsuiji.domain.quality.periods import PERIODS_PER_YEAR, Period, parse_period
from shuangsuiji.domain.quality.rows import cumulative_key
from shuangsuiji.domain.units import OUT_OF_SCOPE_STATUSES
from shuangsuiji.organisations.models import Bureau, Department
from shuangsuiji.organisations.selectors import subtree
from shuangsuiji.quality.models import Finding, Indicator, QualityRun, ReportedValue
from shuangsuiji.quality.services.config import rule_config

HISTORY_YEARS = 3
Echo = Callable[[str], None]


def run_quality(*, actor: Any, bureau: Bureau, period: str, echo: Echo | None = None) -> QualityRun:
    """审核: every enabled rule over the bureau's figures for `period` (raises PeriodError on a bad period)."""
    target = parse_period(period)
    config = rule_config(bureau)
    started = time.perf_counter()
    say = echo or (lambda _: None)
    unit_ids = list(Unit.objects.filter(bureau__in=subtree(bureau)).values_list("id", flat=True))
    values = load_values(unit_ids, target)
    say(f"已读取 {values.height} 条单位报表（{target.label}及以前 {HISTORY_YEARS} 年）")
    units = units_frame(unit_ids, config)
    findings = run_rules(values, units, target.kind, [target.index], config) if values.height else None
    if findings is None:
        findings = run_rules(_empty_values(config), units, target.kind, [target.index], config)
    say(f"规则运行完毕：发现 {findings.height} 个问题")
    with transaction.atomic():
        run = QualityRun.objects.create(
            bureau=bureau,
            period=target.code,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=str(getattr(actor, "username", "system")),
        )
        created = _store(run, bureau, target, findings)
        run.seconds, run.finding_count = round(time.perf_counter() - started, 3), created
        run.save(update_fields=["seconds", "finding_count"])
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="quality.run",
            obj=run,
            summary=f"数据质量审核 {target.label}：发现 {created} 个问题",
            data={"period": target.code, "findings": created},
        )
    say(f"已保存 {created} 个问题（已在核实中的问题保留不变）")
    return run


def load_values(unit_ids: list[int], target: Period) -> pl.DataFrame:
    """The wide frame the engine reads: one row per unit and period up to `target`, a column per indicator."""
    earliest = target.index - HISTORY_YEARS * PERIODS_PER_YEAR[target.kind]
    rows = ReportedValue.objects.filter(
        unit_id__in=unit_ids,
        period_kind=target.kind,
        period_index__gte=earliest,
        period_index__lte=target.index,
    ).values_list("unit_id", "period_index", "indicator__code", "current_value", "cumulative_value", "reported_at")
    long = pl.DataFrame(
        [(u, p, c, _float(v), _float(cv), r.date() if r else None) for u, p, c, v, cv, r in rows.iterator()],
        schema={
            "unit_id": pl.Int64,
            "period_index": pl.Int64,
            "code": pl.String,
            "current": pl.Float64,
            "cumulative": pl.Float64,
            "reported_on": pl.Date,
        },
        orient="row",
    )
    if long.height == 0:
        return long
    keys = ["unit_id", "period_index"]
    current = long.pivot(on="code", index=keys, values="current")
    cumulative = long.pivot(on="code", index=keys, values="cumulative")
    cumulative = cumulative.rename({c: cumulative_key(c) for c in cumulative.columns if c not in keys})
    reported = long.group_by(keys).agg(pl.col("reported_on").max())
    return current.join(cumulative, on=keys).join(reported, on=keys)


def _empty_values(config: RuleConfig) -> pl.DataFrame:
    schema: dict[str, Any] = {"unit_id": pl.Int64, "period_index": pl.Int64, "reported_on": pl.Date}
    for spec in config.indicators:
        schema[spec.code] = pl.Float64
        schema[cumulative_key(spec.code)] = pl.Float64
    return pl.DataFrame(schema=schema)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def units_frame(unit_ids: list[int], config: RuleConfig) -> pl.DataFrame:
    """The units' attributes the rules group and filter by, with their 四上 revenue threshold."""
    reporting = {c for spec in config.indicators for c in spec.categories}
    rows = []
    fields = ("id", "industry_section", "industry_code", "size_class", "region_code", "scale_category")
    more = ("is_in_directory", "status")
    for pk, section, code, size, region, category, in_directory, status in Unit.objects.filter(
        id__in=unit_ids
    ).values_list(*fields, *more):
        group = threshold_group(section, code)
        threshold = config.thresholds.get(group.key, group.threshold) if group else None
        expected = in_directory and status not in OUT_OF_SCOPE_STATUSES and category in reporting
        rows.append((pk, section, size, region[:6], category, threshold, group.category if group else "", expected))
    return pl.DataFrame(
        rows,
        schema={
            "unit_id": pl.Int64,
            "section": pl.String,
            "size_class": pl.String,
            "region": pl.String,
            "category": pl.String,
            "threshold": pl.Float64,
            "threshold_category": pl.String,
            "is_expected": pl.Boolean,
        },
        orient="row",
    )


def _departments(bureau: Bureau) -> dict[str, Department | None]:
    by_name = {d.name: d for d in Department.objects.filter(bureau=bureau)}
    fallback = next((d for d in by_name.values() if d.is_specialist), None)
    routes: dict[str, Department | None] = {}
    for indicator in Indicator.objects.all():
        routes[indicator.code] = by_name.get(indicator.department_name, fallback)
    return routes


def _store(run: QualityRun, bureau: Bureau, target: Period, findings: pl.DataFrame) -> int:
    Finding.objects.filter(bureau=bureau, period=target.code, status=Finding.Status.OPEN).delete()
    kept = set(
        Finding.objects.filter(bureau=bureau, period=target.code).values_list("unit_id", "rule", "indicator__code")
    )
    indicators = dict(Indicator.objects.values_list("code", "id"))
    routes = _departments(bureau)
    objects = []
    for row in findings.sort("score", descending=True).iter_rows(named=True):
        if (row["unit_id"], row["rule"], row["indicator"]) in kept:
            continue
        department = routes.get(row["indicator"])
        objects.append(
            Finding(
                run=run,
                bureau=bureau,
                unit_id=row["unit_id"],
                indicator_id=indicators.get(row["indicator"]),
                department=department,
                period=target.code,
                rule=row["rule"],
                value=_finite(row["value"]),
                reference=_finite(row["reference"]),
                explanation=row["explanation"][:400],
                score=row["score"] or 0,
            )
        )
    Finding.objects.bulk_create(objects, batch_size=2000)
    return len(objects)
