"""Cases over REST: read-only (list, one case with its legal reviews, the report statistics), scoped like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema

from shuangsuiji.cases import selectors
from shuangsuiji.cases.models import Case
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.organisations.selectors import visible_bureau_ids

router = Router(tags=["案件"])


class CaseOut(Schema):
    id: int
    bureau_code: str
    year: int
    number: int
    source: str
    unit_name: str
    unit_uscc: str
    violations: list[str]
    status: str
    status_label: str
    outcome: str
    opened_on: dt.date | None
    due_on: dt.date | None
    extended: bool
    proposed_fine: int | None
    decision_number: str
    decided_on: dt.date | None
    fine: int | None
    served_on: dt.date | None
    paid_on: dt.date | None
    late_fee: int
    closed_on: dt.date | None


class ReviewOut(Schema):
    opinion: str
    reasons: str
    head_decision: str
    at: dt.datetime


class CaseDetailOut(CaseOut):
    facts: str
    reviews: list[ReviewOut]


class CaseQuery(Schema):
    status: str = ""
    after: int | None = None
    limit: int = 100


class StatisticsOut(Schema):
    opened: int
    decisions: int
    penalties: int
    fines_total: int
    closed: int


def _fields(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "bureau_code": case.bureau.code,
        "year": case.year,
        "number": case.number,
        "source": case.source,
        "unit_name": case.unit.name,
        "unit_uscc": case.unit.uscc,
        "violations": list(case.violations),
        "status": case.status,
        "status_label": case.get_status_display(),
        "outcome": case.outcome,
        "opened_on": case.opened_on,
        "due_on": case.due_on,
        "extended": case.extended,
        "proposed_fine": case.proposed_fine,
        "decision_number": case.decision_number,
        "decided_on": case.decided_on,
        "fine": case.fine,
        "served_on": case.served_on,
        "paid_on": case.paid_on,
        "late_fee": case.late_fee,
        "closed_on": case.closed_on,
    }


def _allowed(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.CASE_VIEW):
        raise PermissionDenied("无权查看案件")


@router.get("/", response=list[CaseOut], summary="案件列表（按 id 升序，用 after 翻页）")
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> list[CaseOut]:
    _allowed(request)
    qs = selectors.visible_cases(request.user).order_by("id")
    if query.status:
        if query.status not in Case.Status.values:
            raise ValidationError({"status": [f"状态“{query.status}”不存在"]})
        qs = qs.filter(status=query.status)
    if query.after:
        qs = qs.filter(pk__gt=query.after)
    return [CaseOut(**_fields(c)) for c in qs[: max(1, min(query.limit, 500))]]


@router.get("/statistics", response=StatisticsOut, summary="案件统计（立案、决定、罚款、结案）")
def statistics(request: HttpRequest, start: dt.date, end: dt.date) -> StatisticsOut:
    _allowed(request)
    if start > end:
        raise ValidationError({"start": ["开始日期晚于结束日期"]})
    return StatisticsOut(**selectors.case_statistics(list(visible_bureau_ids(request.user)), start, end))


@router.get("/{case_id}", response=CaseDetailOut, summary="一个案件及其法制审核意见")
def case_detail(request: HttpRequest, case_id: int) -> CaseDetailOut:
    _allowed(request)
    case = selectors.case_for(request.user, case_id)
    reviews = [
        ReviewOut(opinion=r.opinion, reasons=r.reasons, head_decision=r.head_decision, at=r.at)
        for r in case.reviews.order_by("at")
    ]
    return CaseDetailOut(**_fields(case), facts=case.facts, reviews=reviews)
