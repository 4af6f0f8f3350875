"""Data-quality findings over REST: the same selectors and review service as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.organisations.selectors import can_write_bureau
from shuangsuiji.quality import selectors
from shuangsuiji.quality.models import Finding
from shuangsuiji.quality.schemas import CandidateOut, ErrorOut, FindingOut, ReviewIn
from shuangsuiji.quality.services.reviews import ReviewError, review_finding

router = Router(tags=["数据质量监测"])


def _out(finding: Finding) -> FindingOut:
    return FindingOut(
        id=finding.pk,
        unit_id=finding.unit_id,
        unit_name=finding.unit.name,
        uscc=finding.unit.uscc,
        period=finding.period,
        rule=finding.rule,
        rule_label=finding.get_rule_display(),
        indicator=finding.indicator.code if finding.indicator else None,
        explanation=finding.explanation,
        score=finding.score,
        status=finding.status,
        department=finding.department.name if finding.department else None,
    )


@router.get("/findings", response=list[FindingOut], summary="数据质量问题（按加权分值降序，最多 500 条）")
def list_findings(request: HttpRequest, period: str = "", status: str = "", rule: str = "") -> list[FindingOut]:
    if not has_perm(request.user, Perm.QUALITY_VIEW):
        raise PermissionDenied("需要数据质量查看权限")
    found = selectors.findings_in_scope(request.user)
    for field, value in (("period", period), ("status", status), ("rule", rule)):
        if value:
            found = found.filter(**{field: value})
    return [_out(f) for f in found.order_by("-score", "id")[:500]]


@router.post("/findings/{int:pk}/review", response={200: FindingOut, 422: ErrorOut}, summary="核实结果")
def review(request: HttpRequest, pk: int, payload: ReviewIn) -> Any:
    finding = selectors.finding_detail(request.user, pk)
    if not has_perm(request.user, Perm.QUALITY_REVIEW) or not can_write_bureau(request.user, finding.bureau_id):
        raise PermissionDenied("需要本局专业股室核实权限")
    try:
        done = review_finding(
            actor=request.user,
            finding=finding,
            outcome=payload.outcome,
            note=payload.note,
            corrected_value=payload.corrected_value,
        )
    except ReviewError as exc:
        return Status(422, ErrorOut(detail=str(exc)))
    return Status(200, _out(selectors.finding_detail(request.user, done.pk)))


@router.get("/candidates", response=list[CandidateOut], summary="定向检查候选（疑似违法）")
def candidates(request: HttpRequest) -> list[CandidateOut]:
    user: Any = request.user
    if not has_perm(user, Perm.QUALITY_VIEW) or user.bureau_id is None:
        raise PermissionDenied("需要数据质量查看权限")
    return [
        CandidateOut(
            unit_id=c.unit.pk, unit_name=c.unit.name, uscc=c.unit.uscc, reason=c.reason, source_ref=c.source_ref
        )
        for c in selectors.directed_candidates(user.bureau_id)
    ]
