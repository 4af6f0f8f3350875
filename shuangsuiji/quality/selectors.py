"""Reads of data-quality monitoring, scoped by the viewer's bureau; `directed_candidates` feeds the task page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.quality.config import RULE_LABELS, RULES
from shuangsuiji.organisations.selectors import visible_bureau_ids
from shuangsuiji.quality.models import Finding, Indicator, QualityRun, RegisterImport, RegisterProposal, ReportedValue


@dataclass(frozen=True)
class DirectedCandidate:
    """A unit proposed for a directed check (定向检查) because a finding was confirmed 疑似违法."""

    unit: Unit
    reason: str
    source_ref: str
    finding_id: int
    score: float


def directed_candidates(bureau_id: int) -> list[DirectedCandidate]:
    """Units of the bureau with a 疑似违法 finding, one per unit (its highest-scored finding), best first."""
    findings = (
        Finding.objects.filter(bureau_id=bureau_id, status=Finding.Status.SUSPECTED, unit__is_in_directory=True)
        .select_related("unit")
        .order_by("-score", "-id")
    )
    seen: set[int] = set()
    found = []
    for finding in findings[:500]:
        if finding.unit_id in seen:
            continue
        seen.add(finding.unit_id)
        reason = f"数据质量监测疑似违法（{finding.period} {RULE_LABELS.get(finding.rule, finding.rule)}）：{finding.explanation}"
        found.append(DirectedCandidate(finding.unit, reason[:500], f"质量问题#{finding.pk}", finding.pk, finding.score))
    return found


def findings_in_scope(user: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related(
        "unit", "indicator", "department", "bureau"
    )


def finding_detail(user: Any, pk: int) -> Finding:
    finding = findings_in_scope(user).select_related("reviewed_by").filter(pk=pk).first()
    if finding is None:
        raise Http404("没有这个问题，或您无权查看")
    return finding


def periods_with_runs(bureau_id: int) -> list[str]:
    return sorted(set(QualityRun.objects.filter(bureau_id=bureau_id).values_list("period", flat=True)), reverse=True)


def latest_period(bureau_id: int) -> str:
    periods = periods_with_runs(bureau_id)
    return periods[0] if periods else ""


def summary(bureau_id: int, period: str) -> dict[str, Any]:
    """Findings by rule, by 专业股室 and by status, and the units with the largest weighted scores."""
    base = Finding.objects.filter(bureau_id=bureau_id, period=period)
    by_rule = [
        (RULE_LABELS.get(r["rule"], r["rule"]), RULES[r["rule"]][1] if r["rule"] in RULES else "", r["n"], r["rule"])
        for r in base.values("rule").annotate(n=Count("id")).order_by("-n")
    ]
    by_department = [
        (r["department__name"] or "（未分派）", r["n"])
        for r in base.values("department__name").annotate(n=Count("id")).order_by("-n")
    ]
    labels = dict(Finding.Status.choices)
    by_status = [
        (labels[r["status"]], r["n"], r["status"])
        for r in base.values("status").annotate(n=Count("id")).order_by("status")
    ]
    top_units = list(
        base.values("unit_id", "unit__name", "unit__uscc")
        .annotate(total=Sum("score"), n=Count("id"))
        .order_by("-total")[:10]
    )
    return {"by_rule": by_rule, "by_department": by_department, "by_status": by_status, "top_units": top_units}


def unit_trend(unit: Unit, kind: str = "M") -> dict[str, Any]:
    """A unit's reported 本月 figures per indicator and period, with the periods flagged by findings."""
    rows = ReportedValue.objects.filter(unit=unit, period_kind=kind).select_related("indicator")
    periods = sorted({r.period for r in rows})
    series: dict[str, dict[str, float | None]] = {}
    names: dict[str, str] = {}
    for row in rows:
        names[row.indicator.code] = f"{row.indicator.name}（{row.indicator.unit}）"
        series.setdefault(row.indicator.code, {})[row.period] = (
            float(row.current_value) if row.current_value is not None else None
        )
    flags: dict[str, list[str]] = {}
    for code, period in Finding.objects.filter(unit=unit).values_list("indicator__code", "period"):
        flags.setdefault(code or "", []).append(period)
    return {
        "periods": periods,
        "series": [
            {
                "code": code,
                "name": names[code],
                "values": [series[code].get(p) for p in periods],
                "pairs": [(p, series[code].get(p)) for p in periods],
                "flagged": sorted(set(flags.get(code, []))),
            }
            for code in [i.code for i in Indicator.objects.all() if i.code in series]
        ],
    }


def unit_in_scope(user: Any, pk: int) -> Unit:
    unit = Unit.objects.filter(pk=pk, bureau_id__in=visible_bureau_ids(user)).first()
    if unit is None:
        raise Http404("没有这个单位，或您无权查看")
    return unit


def registers_in_scope(user: Any) -> QuerySet[RegisterImport]:
    return (
        RegisterImport.objects.filter(bureau_id__in=visible_bureau_ids(user))
        .select_related("bureau")
        .annotate(pending=Count("proposals", filter=_pending()))
    )


def _pending() -> Any:
    from django.db.models import Q

    return Q(proposals__status=RegisterProposal.Status.PENDING)


def register_detail(user: Any, pk: int) -> RegisterImport:
    register = RegisterImport.objects.filter(pk=pk, bureau_id__in=visible_bureau_ids(user)).first()
    if register is None:
        raise Http404("没有这次比对，或您无权查看")
    return register


def proposal_in_scope(user: Any, pk: int) -> RegisterProposal:
    proposal = RegisterProposal.objects.filter(pk=pk, bureau_id__in=visible_bureau_ids(user)).first()
    if proposal is None:
        raise Http404("没有这条建议，或您无权查看")
    return proposal


def home_panel(user: Any) -> Any:
    from django.urls import reverse

    from shuangsuiji.core.home import Panel

    if user.bureau_id is None:
        return None
    findings = Finding.objects.filter(bureau_id=user.bureau_id)
    open_count = findings.filter(status__in=[Finding.Status.OPEN, Finding.Status.VERIFYING]).count()
    suspected = findings.filter(status=Finding.Status.SUSPECTED).count()
    panel = Panel(title="数据质量监测", order=55)
    panel.stats = [("待核实问题", open_count), ("疑似违法（定向检查候选）", suspected)]
    panel.links = [("查看数据质量", reverse("quality:overview"))]
    return panel
