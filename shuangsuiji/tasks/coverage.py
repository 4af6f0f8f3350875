"""Coverage (核查面) per bureau and year against the plan's targets, and the units inspected more than the cap."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from shuangsuiji.directory.selectors import units_matching_scope
from shuangsuiji.domain import units as vocab
from shuangsuiji.tasks.models import Target


@dataclass
class Row:
    label: str
    in_scope: int
    inspected: int
    target_percent: Decimal | None = None

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.inspected * 100) / self.in_scope).quantize(Decimal("0.1")) if self.in_scope else Decimal(0)

    @property
    def meets_target(self) -> bool | None:
        return None if self.target_percent is None else self.percent >= self.target_percent


@dataclass
class Coverage:
    total: Row
    by_category: list[Row] = field(default_factory=list)
    by_risk: list[Row] = field(default_factory=list)
    by_item: list[Row] = field(default_factory=list)
    townships: Row | None = None
    over_cap: list[dict[str, Any]] = field(default_factory=list)


def counted_targets(bureau_ids: list[int], year: int) -> QuerySet[Target]:
    """Targets that count as checks in the year: active random or directed targets of confirmed draws."""
    return Target.objects.filter(
        bureau_id__in=bureau_ids,
        task__year=year,
        state=Target.State.ACTIVE,
        kind__in=[Target.Kind.RANDOM, Target.Kind.DIRECTED],
    ).filter(Q(draw__status="confirmed") | Q(draw__isnull=True))


def coverage(bureau_ids: list[int], year: int, plan: Any | None) -> Coverage:
    units = units_matching_scope(bureau_ids, {}).filter(status="OPERATING")
    targets = counted_targets(bureau_ids, year)
    inspected_units = targets.values("unit_id").distinct()
    overall = Decimal(plan.coverage_target_percent) if plan else None
    result = Coverage(total=Row("全部在库在营单位", units.count(), inspected_units.count(), overall))
    result.by_category = _by(units, targets, "scale_category", vocab.SCALE_CATEGORIES, plan)
    result.by_risk = _by(units, targets, "risk_class", vocab.RISK_CLASSES, None)
    result.by_item = _by_item(targets)
    result.townships = _townships(units, targets, plan)
    cap = plan.yearly_cap if plan else 1
    result.over_cap = list(
        targets.values("unit_id", "unit__name", "unit__uscc")
        .annotate(n=Count("id"))
        .filter(n__gt=cap)
        .order_by("-n")[:100]
    )
    return result


def _by(
    units: QuerySet[Any], targets: QuerySet[Target], field_name: str, labels: dict[str, str], plan: Any | None
) -> list[Row]:
    in_scope = dict(units.values_list(field_name).annotate(n=Count("id")).values_list(field_name, "n"))
    done = dict(
        targets.values_list(f"unit__{field_name}")
        .annotate(n=Count("unit", distinct=True))
        .values_list(f"unit__{field_name}", "n")
    )
    rows = []
    for code, label in labels.items():
        if code in in_scope or code in done:
            target = _category_target(plan, code) if field_name == "scale_category" else None
            rows.append(Row(label.split("（")[0], in_scope.get(code, 0), done.get(code, 0), target))
    return rows


def _category_target(plan: Any | None, code: str) -> Decimal | None:
    if plan is None:
        return None
    key = "four_below" if code == "" else "four_above"
    value = (plan.category_targets or {}).get(key)
    return Decimal(str(value)) if value not in (None, "") else None


def _by_item(targets: QuerySet[Target]) -> list[Row]:
    rows = targets.values("task__items__name").annotate(n=Count("unit", distinct=True)).order_by("task__items__name")
    return [Row(r["task__items__name"] or "—", 0, r["n"]) for r in rows]


def _townships(units: QuerySet[Any], targets: QuerySet[Target], plan: Any | None) -> Row:
    all_towns = units.exclude(region_code__regex=r"^\d{6}$").annotate(t=Substr("region_code", 1, 9)).values("t")
    done = targets.annotate(t=Substr("unit__region_code", 1, 9)).values("t")
    percent = plan.township_target_percent if plan else None
    target = Decimal(percent) if percent is not None else None
    return Row("乡镇（街道）", all_towns.distinct().count(), done.distinct().count(), target)
