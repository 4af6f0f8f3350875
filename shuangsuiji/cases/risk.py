"""The unit's credit-risk class follows its inspection results and penalty decisions, by the bureau's rule
(`CaseSettings.risk_*`, domain/risk.py), so that the next plan's differentiated ratios use it. Each change goes
through the directory's `set_risk_class`: kept in the unit's history with its reason, and audited."""

from __future__ import annotations

from typing import Any

from shuangsuiji.cases.models import Case, CreditListing
from shuangsuiji.cases.services.common import settings_for
from shuangsuiji.domain import risk

_RESULTS = ("accepted", "for_publication", "published")


def _listed(unit: Any) -> bool:
    active = (CreditListing.Status.LISTED, CreditListing.Status.REPAIR_APPLIED)
    return CreditListing.objects.filter(unit=unit, status__in=active).exists()


def _clean_in_a_row(inspection: Any, clean_codes: set[str]) -> int:
    """Accepted results of the unit without a problem, newest first, up to the first one with a problem."""
    from shuangsuiji.inspections.models import Inspection

    results = (
        Inspection.objects.filter(unit_id=inspection.unit_id, state__in=_RESULTS, result_date__isnull=False)
        .order_by("-result_date", "-id")
        .values_list("outcomes", flat=True)
    )
    count = 0
    for outcomes in results.iterator():
        if not set(outcomes or ()) & clean_codes:
            break
        count += 1
    return count


def apply_inspection_result(*, actor: Any, inspection: Any) -> risk.Change | None:
    """After an inspection's record is accepted: a problem found raises the class, a run of clean results lowers
    it (not while the unit is listed as 严重失信)."""
    from shuangsuiji.directory.services.units import set_risk_class
    from shuangsuiji.inspections.vocabulary import outcome_categories

    categories = {c.code: c for c in outcome_categories(inspection.bureau_id)}
    chosen = [categories[c] for c in inspection.outcomes or () if c in categories]
    clean_codes = {c.code for c in categories.values() if c.credit_no_problem}
    clean = bool(chosen) and all(c.credit_no_problem for c in chosen)
    unit = inspection.unit
    change = risk.after_inspection(
        unit.risk_class,
        problem=any(c.is_problem for c in chosen),
        uncooperative="uncooperative" in {c.code for c in chosen},
        clean=clean,
        clean_in_a_row=_clean_in_a_row(inspection, clean_codes) if clean else 0,
        listed=_listed(unit),
        rule=settings_for(inspection.bureau).risk_rule,
    )
    if change is not None:
        set_risk_class(actor=actor, unit=unit, risk_class=change.risk_class, reason=f"{change.reason}（检查结果）")
    return change


def apply_penalty(*, actor: Any, case: Case) -> risk.Change | None:
    """After a penalty decision: the class is at least the rule's."""
    from shuangsuiji.directory.services.units import set_risk_class

    change = risk.after_penalty(case.unit.risk_class, settings_for(case.bureau).risk_rule)
    if change is not None:
        reason = f"{change.reason}（{case.decision_number}）"
        case.unit = set_risk_class(actor=actor, unit=case.unit, risk_class=change.risk_class, reason=reason)
    return change
