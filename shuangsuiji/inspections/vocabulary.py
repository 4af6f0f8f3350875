"""The outcome categories a bureau uses and the check points of an inspection: read by the services (to
validate) and the selectors alike, so they live below both layers."""

from __future__ import annotations

from django.db.models import Q

from shuangsuiji.catalog.models import CheckPoint
from shuangsuiji.domain.outcomes import OUTCOMES
from shuangsuiji.inspections.models import Inspection, OutcomeCategory


def outcome_categories(bureau_id: int | None) -> list[OutcomeCategory]:
    """The categories a bureau uses: the platform defaults of domain.outcomes, overridden (renamed, switched off)
    or extended by rows of the platform (bureau empty) and then of the bureau itself, matched by code."""
    chosen: dict[str, OutcomeCategory] = {
        o.code: OutcomeCategory(
            code=o.code,
            label=o.label,
            is_problem=o.is_problem,
            needs_follow_up=o.needs_follow_up,
            out_of_scope=o.out_of_scope,
            credit_no_problem=o.credit_no_problem,
            order=n,
        )
        for n, o in enumerate(OUTCOMES)
    }
    rows = OutcomeCategory.objects.filter(Q(bureau__isnull=True) | Q(bureau_id=bureau_id))
    for row in sorted(rows, key=lambda r: (r.bureau_id is not None, r.order)):
        chosen[row.code] = row
    return sorted((c for c in chosen.values() if c.is_active), key=lambda r: r.order)


def checkpoints_for(inspection: Inspection) -> list[CheckPoint]:
    """The check points of the task's items (their versions as drawn), in item then point order."""
    cached = getattr(inspection, "_checkpoints", None)
    if cached is None:
        cached = list(
            CheckPoint.objects.filter(version__tasks=inspection.task_id)
            .select_related("version")
            .order_by("version__name", "order")
        )
        inspection._checkpoints = cached  # type: ignore[attr-defined]
    return cached
