"""Reads of cases, scoped to the viewer's bureau and those below it; the statistics the reports count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from shuangsuiji.cases.models import Case
from shuangsuiji.organisations.selectors import visible_bureau_ids

OPEN = [
    Case.Status.PROPOSED,
    Case.Status.INVESTIGATING,
    Case.Status.INVESTIGATED,
    Case.Status.REVIEWED,
    Case.Status.NOTIFIED,
]


def visible_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related("bureau", "unit")


def case_for(user: Any, pk: int) -> Case:
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404("没有这个案件")
    return case


def board(user: Any, today: dt.date) -> list[tuple[Case, int | None]]:
    """Cases in progress first (fewest days left first), then the rest; days left to the time limit."""
    rows = []
    for case in visible_cases(user).order_by("due_on", "-id")[:500]:
        left = (case.due_on - today).days if case.due_on and case.status in OPEN else None
        rows.append((case, left))
    rows.sort(key=lambda r: (r[1] is None, r[1] if r[1] is not None else 0))
    return rows


def case_statistics(bureau_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """For the reports: cases opened, decisions, penalties with a fine, the fines' total, cases closed."""
    qs = Case.objects.filter(bureau_id__in=bureau_ids)
    decided = qs.filter(decided_on__range=(start, end))
    totals = decided.aggregate(n=Count("id"), fined=Count("id", filter=Q(fine__gt=0)), total=Sum("fine"))
    return {
        "opened": qs.filter(opened_on__range=(start, end)).count(),
        "decisions": totals["n"],
        "penalties": totals["fined"],
        "fines_total": int(totals["total"] or 0),
        "closed": qs.filter(closed_on__range=(start, end)).count(),
    }
