"""Cases over REST (bearer token or session): the list, one case, the statistics, and every step of the case as a
POST calling the same service as the page. Scoped like the pages (another bureau's case is a 404); the services
check role, bureau and state: a refusal of the role answers 403, any other 422 with the field at fault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from shuangsuiji.cases import selectors, services
from shuangsuiji.cases.api.detail import case_detail as case_detail_out
from shuangsuiji.cases.api.detail import case_fields
from shuangsuiji.cases.models import Case, EvidencePreservation
from shuangsuiji.cases.schemas import (
    ApproveIn,
    CaseDetailOut,
    CaseOut,
    CaseQuery,
    CloseIn,
    CloseWithoutPenaltyIn,
    CollectiveIn,
    DecideIn,
    ErrorOut,
    HeadDecisionIn,
    HearingNoticeIn,
    HearingRecordIn,
    HearingRequestIn,
    InterviewIn,
    InvestigationIn,
    PaymentIn,
    PreservationApproveIn,
    PreservationCarryOutIn,
    PreservationDecideIn,
    PreservationIn,
    ProposeIn,
    ReasonIn,
    ReviewIn,
    ServeIn,
    StatementIn,
    StatementReviewIn,
    StatisticsOut,
    WaiverIn,
)
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.organisations.selectors import visible_bureau_ids

router = Router(tags=["案件"])
STEP = {200: CaseDetailOut, 403: ErrorOut, 422: ErrorOut}
CREATED = {201: CaseDetailOut, 403: ErrorOut, 422: ErrorOut}


def _allowed(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.CASE_VIEW):
        raise PermissionDenied("无权查看案件")


def _refused(exc: services.CaseError) -> Status[Any]:
    if isinstance(exc, services.CasePermissionError):
        return Status(403, {"detail": str(exc)})
    return Status(422, {"detail": str(exc), "errors": exc.errors})


def _step(request: HttpRequest, case_id: int, run: Callable[[Any, Case], Any], created: bool = False) -> Any:
    """Find the case in the viewer's scope, run the step's service, answer the case as it now is."""
    _allowed(request)
    case = selectors.case_for(request.user, case_id)
    try:
        run(request.user, case)
    except services.CaseError as exc:
        return _refused(exc)
    fresh = case_detail_out(selectors.case_for(request.user, case_id))
    return Status(201, fresh) if created else fresh


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
    return [CaseOut(**case_fields(c)) for c in qs[: max(1, min(query.limit, 500))]]


@router.get("/statistics", response=StatisticsOut, summary="案件统计（立案、决定、罚款、结案）")
def statistics(request: HttpRequest, start: dt.date, end: dt.date) -> StatisticsOut:
    _allowed(request)
    if start > end:
        raise ValidationError({"start": ["开始日期晚于结束日期"]})
    return StatisticsOut(**selectors.case_statistics(list(visible_bureau_ids(request.user)), start, end))


@router.get("/{case_id}", response=CaseDetailOut, summary="一个案件：法制审核、询问笔录、登记保存、听证")
def case_detail(request: HttpRequest, case_id: int) -> CaseDetailOut:
    _allowed(request)
    return case_detail_out(selectors.case_for(request.user, case_id))


@router.post("/", response=CREATED, summary="提请立案")
def propose(request: HttpRequest, payload: ProposeIn) -> Any:
    from shuangsuiji.directory.selectors import units_in_scope
    from shuangsuiji.inspections.selectors import visible_inspections
    from shuangsuiji.inspectors.selectors import inspectors_in_scope

    _allowed(request)
    uscc = payload.unit_uscc.strip().upper()
    unit = units_in_scope(request.user).filter(uscc=uscc).first()
    if unit is None:
        message = f"名录库中没有统一社会信用代码为“{payload.unit_uscc}”的单位"
        return Status(422, {"detail": message, "errors": {"unit_uscc": message}})
    handlers = list(inspectors_in_scope(request.user).filter(pk__in=payload.handler_ids))
    if missing := sorted(set(payload.handler_ids) - {h.pk for h in handlers}):
        message = f"执法人员名录库中没有 id 为 {'、'.join(map(str, missing))} 的执法人员"
        return Status(422, {"detail": message, "errors": {"handler_ids": message}})
    inspection = None
    if payload.inspection_id is not None:
        inspection = visible_inspections(request.user).filter(pk=payload.inspection_id).first()
        if inspection is None:
            message = f"没有 id 为 {payload.inspection_id} 的检查记录"
            return Status(422, {"detail": message, "errors": {"inspection_id": message}})
    try:
        case = services.propose_case(
            actor=request.user,
            unit=unit,
            source=payload.source,
            violations=payload.violations,
            violation_end=payload.violation_end,
            facts=payload.facts,
            handlers=handlers,
            inspection=inspection,
        )
    except services.CaseError as exc:
        return _refused(exc)
    return Status(201, case_detail_out(selectors.case_for(request.user, case.pk)))


@router.post("/{case_id}/approve", response=STEP, summary="局领导批准立案或不予立案")
def approve(request: HttpRequest, case_id: int, payload: ApproveIn) -> Any:
    return _step(
        request,
        case_id,
        lambda u, c: services.approve_opening(actor=u, case=c, approve=payload.approve, reason=payload.reason),
    )


@router.post("/{case_id}/extend", response=STEP, summary="延长办案期限（一次，3个月）")
def extend(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return _step(request, case_id, lambda u, c: services.extend(actor=u, case=c, reason=payload.reason))


@router.post("/{case_id}/investigation", response=STEP, summary="调查终结（拟罚款与裁量档次）")
def finish_investigation(request: HttpRequest, case_id: int, payload: InvestigationIn) -> Any:
    return _step(request, case_id, lambda u, c: services.finish_investigation(actor=u, case=c, **payload.dict()))


@router.post("/{case_id}/reviews", response=CREATED, summary="法制审核意见")
def review(request: HttpRequest, case_id: int, payload: ReviewIn) -> Any:
    return _step(request, case_id, lambda u, c: services.review(actor=u, case=c, **payload.dict()), created=True)


@router.post("/{case_id}/reviews/{review_id}/head", response=STEP, summary="局领导对“不同意”意见的决定")
def head_decides(request: HttpRequest, case_id: int, review_id: int, payload: HeadDecisionIn) -> Any:
    def run(user: Any, case: Case) -> Any:
        item = case.reviews.filter(pk=review_id).first()
        if item is None:
            raise services.CaseError(f"本案没有 id 为 {review_id} 的法制审核意见", "review_id")
        return services.head_decides_disagreement(actor=user, item=item, **payload.dict())

    return _step(request, case_id, run)


@router.post("/{case_id}/collective-discussions", response=CREATED, summary="集体讨论")
def collective(request: HttpRequest, case_id: int, payload: CollectiveIn) -> Any:
    return _step(
        request,
        case_id,
        lambda u, c: services.record_collective_discussion(actor=u, case=c, **payload.dict()),
        created=True,
    )


@router.post("/{case_id}/notify", response=STEP, summary="送达行政处罚事先告知书")
def notify(request: HttpRequest, case_id: int) -> Any:
    return _step(request, case_id, lambda u, c: services.notify(actor=u, case=c))


@router.post("/{case_id}/statement", response=CREATED, summary="陈述申辩笔录（事先告知后，未申请听证）")
def statement(request: HttpRequest, case_id: int, payload: StatementIn) -> Any:
    return _step(
        request, case_id, lambda u, c: services.record_statement(actor=u, case=c, **payload.dict()), created=True
    )


@router.post("/{case_id}/waiver", response=STEP, summary="当事人放弃陈述、申辩（及听证）权利的声明")
def waiver(request: HttpRequest, case_id: int, payload: WaiverIn) -> Any:
    return _step(request, case_id, lambda u, c: services.record_waiver(actor=u, case=c, **payload.dict()))


@router.post("/{case_id}/statement/review", response=STEP, summary="陈述申辩的复核意见")
def statement_review(request: HttpRequest, case_id: int, payload: StatementReviewIn) -> Any:
    return _step(request, case_id, lambda u, c: services.review_statement(actor=u, case=c, **payload.dict()))


@router.post("/{case_id}/hearing/request", response=STEP, summary="当事人申请听证")
def hearing_request(request: HttpRequest, case_id: int, payload: HearingRequestIn) -> Any:
    return _step(
        request, case_id, lambda u, c: services.request_hearing(actor=u, case=c, requested_on=payload.requested_on)
    )


@router.post("/{case_id}/hearing/notice", response=STEP, summary="听证通知（送达日期、听证日期、地点、主持人）")
def hearing_notice(request: HttpRequest, case_id: int, payload: HearingNoticeIn) -> Any:
    return _step(request, case_id, lambda u, c: services.schedule_hearing(actor=u, case=c, **payload.dict()))


@router.post("/{case_id}/hearing/record", response=CREATED, summary="听证笔录")
def hearing_record(request: HttpRequest, case_id: int, payload: HearingRecordIn) -> Any:
    return _step(
        request, case_id, lambda u, c: services.record_hearing(actor=u, case=c, **payload.dict()), created=True
    )


@router.post("/{case_id}/decide", response=STEP, summary="作出行政处罚决定")
def decide(request: HttpRequest, case_id: int, payload: DecideIn) -> Any:
    return _step(request, case_id, lambda u, c: services.decide(actor=u, case=c, **payload.dict()))


@router.post("/{case_id}/serve", response=STEP, summary="送达决定书")
def serve(request: HttpRequest, case_id: int, payload: ServeIn) -> Any:
    return _step(request, case_id, lambda u, c: services.serve(actor=u, case=c, served_on=payload.served_on))


@router.post("/{case_id}/payment", response=STEP, summary="记录罚款缴纳")
def payment(request: HttpRequest, case_id: int, payload: PaymentIn) -> Any:
    return _step(request, case_id, lambda u, c: services.record_payment(actor=u, case=c, paid_on=payload.paid_on))


@router.post("/{case_id}/close", response=STEP, summary="结案")
def close(request: HttpRequest, case_id: int, payload: CloseIn) -> Any:
    return _step(request, case_id, lambda u, c: services.close(actor=u, case=c, note=payload.note))


@router.post("/{case_id}/close-without-penalty", response=STEP, summary="不予处罚、撤销立案或移送")
def close_without_penalty(request: HttpRequest, case_id: int, payload: CloseWithoutPenaltyIn) -> Any:
    return _step(request, case_id, lambda u, c: services.close_without_penalty(actor=u, case=c, **payload.dict()))


@router.post("/{case_id}/revoke", response=STEP, summary="处罚决定被撤销：从门户网站撤下")
def revoke(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return _step(request, case_id, lambda u, c: services.revoke_decision(actor=u, case=c, reason=payload.reason))


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@router.post("/{case_id}/interviews", response=CREATED, summary="询问笔录")
def interview(request: HttpRequest, case_id: int, payload: InterviewIn) -> Any:
    def run(user: Any, case: Case) -> Any:
        handlers = {h.pk: h for h in case.handlers.all()}
        return services.record_interview(
            actor=user,
            case=case,
            person=payload.person,
            person_role=payload.person_role,
            asker=handlers.get(payload.asker_id),
            recorder=handlers.get(payload.recorder_id),
            started_at=_aware(payload.started_at),
            ended_at=_aware(payload.ended_at),
            place=payload.place,
            transcript=payload.transcript,
            ids_shown=payload.ids_shown,
        )

    return _step(request, case_id, run, created=True)


def _of(case: Case, preservation_id: int) -> EvidencePreservation:
    item = case.preservations.filter(pk=preservation_id).first()
    if item is None:
        raise services.CaseError(f"本案没有 id 为 {preservation_id} 的登记保存", "preservation_id")
    return item


@router.post("/{case_id}/preservations", response=CREATED, summary="提请先行登记保存证据")
def preservation_request(request: HttpRequest, case_id: int, payload: PreservationIn) -> Any:
    return _step(
        request, case_id, lambda u, c: services.request_preservation(actor=u, case=c, **payload.dict()), created=True
    )


@router.post("/{case_id}/preservations/{preservation_id}/approve", response=STEP, summary="局领导审批登记保存")
def preservation_approve(
    request: HttpRequest, case_id: int, preservation_id: int, payload: PreservationApproveIn
) -> Any:
    return _step(
        request,
        case_id,
        lambda u, c: services.approve_preservation(actor=u, preservation=_of(c, preservation_id), **payload.dict()),
    )


@router.post("/{case_id}/preservations/{preservation_id}/carry-out", response=STEP, summary="实施登记保存")
def preservation_carry_out(
    request: HttpRequest, case_id: int, preservation_id: int, payload: PreservationCarryOutIn
) -> Any:
    return _step(
        request,
        case_id,
        lambda u, c: services.carry_out_preservation(
            actor=u, preservation=_of(c, preservation_id), preserved_on=payload.preserved_on
        ),
    )


@router.post("/{case_id}/preservations/{preservation_id}/decide", response=STEP, summary="登记保存处理决定")
def preservation_decide(request: HttpRequest, case_id: int, preservation_id: int, payload: PreservationDecideIn) -> Any:
    return _step(
        request,
        case_id,
        lambda u, c: services.decide_preservation(actor=u, preservation=_of(c, preservation_id), **payload.dict()),
    )
