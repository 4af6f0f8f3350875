"""The step forms of the case page: each reads its form, calls its service and goes back to the case with the
outcome. The services check the role, the bureau and the state; a refusal is shown as a message naming it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shuangsuiji.cases import selectors, services
from shuangsuiji.cases.models import Case, EvidencePreservation
from shuangsuiji.cases.services import CaseError
from shuangsuiji.cases.views.parsing import parse_date, parse_id, parse_yuan
from shuangsuiji.core.permissions import Perm, require_perm

Step = Callable[[Any, Case, QueryDict], Any]


def _approve(user: Any, case: Case, post: QueryDict) -> Any:
    approve = post.get("decision") == "approve"
    return services.approve_opening(actor=user, case=case, approve=approve, reason=post.get("reason", ""))


def _extend(user: Any, case: Case, post: QueryDict) -> Any:
    return services.extend(actor=user, case=case, reason=post.get("reason", ""))


def _investigate(user: Any, case: Case, post: QueryDict) -> Any:
    return services.finish_investigation(
        actor=user,
        case=case,
        report=post.get("report", ""),
        severe_reasons=post.getlist("severe_reasons"),
        proposed_fine=parse_yuan(post.get("proposed_fine"), "拟罚款", "proposed_fine"),
        reasoning=post.get("reasoning", ""),
        band=post.get("band", ""),
        departure_reason=post.get("departure_reason", ""),
    )


def _review(user: Any, case: Case, post: QueryDict) -> Any:
    checklist = {key: True for key in services.REVIEW_CHECKLIST if post.get(f"check_{key}")}
    return services.review(
        actor=user, case=case, checklist=checklist, opinion=post.get("opinion", ""), reasons=post.get("reasons", "")
    )


def _head(user: Any, case: Case, post: QueryDict) -> Any:
    item = case.reviews.filter(pk=parse_id(post.get("review"))).first()
    if item is None:
        raise CaseError("没有这条法制审核意见", "review")
    return services.head_decides_disagreement(
        actor=user, item=item, proceed=post.get("proceed") == "1", decision=post.get("decision", "")
    )


def _notify(user: Any, case: Case, post: QueryDict) -> Any:
    return services.notify(actor=user, case=case)


def _waive(user: Any, case: Case, post: QueryDict) -> Any:
    return services.record_waiver(
        actor=user,
        case=case,
        waived_on=parse_date(post.get("waived_on"), "声明日期", "waived_on"),
        person=post.get("person", ""),
        person_role=post.get("person_role", ""),
        waiver=post.get("waiver", ""),
    )


def _hearing_request(user: Any, case: Case, post: QueryDict) -> Any:
    requested_on = parse_date(post.get("requested_on"), "申请日期", "requested_on")
    return services.request_hearing(actor=user, case=case, requested_on=requested_on)


def _hearing_notice(user: Any, case: Case, post: QueryDict) -> Any:
    return services.schedule_hearing(
        actor=user,
        case=case,
        noticed_on=parse_date(post.get("noticed_on"), "通知书送达日期", "noticed_on"),
        hearing_on=parse_date(post.get("hearing_on"), "听证日期", "hearing_on"),
        place=post.get("place", ""),
        chair=post.get("chair", ""),
    )


def _decide(user: Any, case: Case, post: QueryDict) -> Any:
    fine = parse_yuan(post.get("fine"), "罚款", "fine")
    return services.decide(actor=user, case=case, fine=fine, reason=post.get("reason", ""))


def _serve(user: Any, case: Case, post: QueryDict) -> Any:
    return services.serve(actor=user, case=case, served_on=parse_date(post.get("served_on"), "送达日期", "served_on"))


def _pay(user: Any, case: Case, post: QueryDict) -> Any:
    paid_on = parse_date(post.get("paid_on"), "缴纳日期", "paid_on")
    return services.record_payment(actor=user, case=case, paid_on=paid_on)


def _close(user: Any, case: Case, post: QueryDict) -> Any:
    return services.close(actor=user, case=case, note=post.get("note", ""))


def _close_without_penalty(user: Any, case: Case, post: QueryDict) -> Any:
    outcome, reason, to = post.get("outcome", ""), post.get("reason", ""), post.get("transferred_to", "")
    return services.close_without_penalty(actor=user, case=case, outcome=outcome, reason=reason, transferred_to=to)


def _collective(user: Any, case: Case, post: QueryDict) -> Any:
    return services.record_collective_discussion(
        actor=user,
        case=case,
        held_on=parse_date(post.get("held_on"), "讨论日期", "held_on"),
        participants=post.get("participants", ""),
        conclusion=post.get("conclusion", ""),
    )


def _revoke(user: Any, case: Case, post: QueryDict) -> Any:
    return services.revoke_decision(actor=user, case=case, reason=post.get("reason", ""))


def _preservation(case: Case, post: QueryDict) -> EvidencePreservation:
    item = case.preservations.filter(pk=parse_id(post.get("preservation"))).first()
    if item is None:
        raise CaseError("本案没有这项登记保存", "preservation")
    return item


def _preserve_request(user: Any, case: Case, post: QueryDict) -> Any:
    return services.request_preservation(
        actor=user,
        case=case,
        items=post.get("items", "").splitlines(),
        reason=post.get("reason", ""),
        place=post.get("place", ""),
    )


def _preserve_approve(user: Any, case: Case, post: QueryDict) -> Any:
    return services.approve_preservation(
        actor=user,
        preservation=_preservation(case, post),
        approve=post.get("approve") == "1",
        opinion=post.get("opinion", ""),
    )


def _preserve_carry_out(user: Any, case: Case, post: QueryDict) -> Any:
    preserved_on = parse_date(post.get("preserved_on"), "登记保存日期", "preserved_on")
    return services.carry_out_preservation(
        actor=user, preservation=_preservation(case, post), preserved_on=preserved_on
    )


def _preserve_decide(user: Any, case: Case, post: QueryDict) -> Any:
    return services.decide_preservation(
        actor=user,
        preservation=_preservation(case, post),
        decision=post.get("decision", ""),
        note=post.get("note", ""),
        decided_on=parse_date(post.get("decided_on"), "处理决定日期", "decided_on"),
    )


def _credit(name: str) -> Step:
    def run(user: Any, case: Case, post: QueryDict) -> Any:
        from shuangsuiji.cases import credit

        if name == "list":
            return credit.list_unit(actor=user, case=case)
        if name == "notify":
            return credit.notify_listing(actor=user, case=case)
        listing = case.credit_listings.filter(pk=parse_id(post.get("listing"))).first()
        if listing is None:
            raise CaseError("没有这条名单记录", "listing")
        if name == "answer":
            return credit.record_listing_answer(
                actor=user,
                listing=listing,
                answered_on=parse_date(post.get("answered_on"), "答复日期", "answered_on"),
                kind=post.get("kind", ""),
                answer=post.get("answer", ""),
            )
        if name == "drop":
            return credit.drop_listing(actor=user, listing=listing, reason=post.get("reason", ""))
        if name == "repair":
            applied_on = parse_date(post.get("applied_on"), "申请日期", "applied_on")
            return credit.apply_repair(actor=user, listing=listing, applied_on=applied_on, note=post.get("note", ""))
        if name == "decide":
            accept = post.get("accept") == "1"
            return credit.decide_repair(actor=user, listing=listing, accept=accept, reason=post.get("reason", ""))
        return credit.extend_listing(actor=user, listing=listing, reason=post.get("reason", ""))

    return run


STEPS: dict[str, Step] = {
    "approve": _approve,
    "extend": _extend,
    "investigate": _investigate,
    "review": _review,
    "head": _head,
    "notify": _notify,
    "waive": _waive,
    "hearing_request": _hearing_request,
    "hearing_notice": _hearing_notice,
    "decide": _decide,
    "serve": _serve,
    "pay": _pay,
    "close": _close,
    "close_without_penalty": _close_without_penalty,
    "collective": _collective,
    "revoke": _revoke,
    "preserve_request": _preserve_request,
    "preserve_approve": _preserve_approve,
    "preserve_carry_out": _preserve_carry_out,
    "preserve_decide": _preserve_decide,
    "credit_notify": _credit("notify"),
    "credit_answer": _credit("answer"),
    "credit_drop": _credit("drop"),
    "credit_list": _credit("list"),
    "credit_repair": _credit("repair"),
    "credit_decide": _credit("decide"),
    "credit_extend": _credit("extend"),
}
ANCHORS = {
    "credit_notify": "credit",
    "credit_answer": "credit",
    "credit_drop": "credit",
    "credit_list": "credit",
    "waive": "statement",
    "hearing_request": "hearing",
    "hearing_notice": "hearing",
    "collective": "collective",
}


@require_POST
@require_perm(Perm.CASE_VIEW)
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    run = STEPS.get(step)
    try:
        if run is None:
            raise CaseError("未知的办案步骤")
        run(request.user, case, request.POST)
        messages.success(request, "已办理。")
    except CaseError as exc:
        messages.error(request, f"未办理：{exc}")
    anchor = "evidence" if step.startswith("preserve_") else ANCHORS.get(step, "")
    url = f"/cases/{case.pk}/"
    return redirect(f"{url}#{anchor}" if anchor else url)
