"""Case pages: the board with the time left, a new case (from an inspection finding or by hand), the case with
the step its state allows, and the penalty calculator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.cases import selectors, services
from shuangsuiji.cases.models import Case, LegalReview
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.domain import penalties


def _date(value: str | None, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise services.CaseError(f"{label}“{value or ''}”不是有效日期（YYYY-MM-DD）") from None


@require_perm(Perm.CASE_VIEW)
def board(request: HttpRequest) -> HttpResponse:
    rows = selectors.board(request.user, timezone.localdate())
    return render(request, "cases/board.html", {"rows": rows, "can_edit": has_perm(request.user, Perm.CASE_EDIT)})


@require_perm(Perm.CASE_EDIT)
def new_case(request: HttpRequest) -> HttpResponse:
    from shuangsuiji.directory.selectors import units_in_scope
    from shuangsuiji.inspections.selectors import visible_inspections
    from shuangsuiji.inspectors.selectors import eligible_inspectors

    user: Any = request.user
    inspection = None
    if (raw := request.GET.get("inspection") or request.POST.get("inspection")) and raw.isdigit():
        inspection = visible_inspections(user).filter(pk=int(raw)).first()
    handlers = list(eligible_inspectors(user.bureau, on=timezone.localdate()).order_by("name"))
    values: dict[str, Any] = {
        "uscc": inspection.unit.uscc if inspection else "",
        "source": "inspection" if inspection else "complaint",
        "facts": inspection.findings if inspection else "",
        "violation_end": inspection.inspected_on.isoformat() if inspection and inspection.inspected_on else "",
    }
    if request.method == "POST":
        values = request.POST.dict()
        try:
            unit = units_in_scope(user).filter(uscc=request.POST.get("uscc", "").strip().upper()).first()
            if unit is None:
                raise services.CaseError(f"名录库中没有统一社会信用代码为“{request.POST.get('uscc', '')}”的单位")
            chosen = [h for h in handlers if str(h.pk) in request.POST.getlist("handlers")]
            case = services.propose_case(
                actor=user,
                unit=unit,
                source=request.POST.get("source", ""),
                violations=request.POST.getlist("violations"),
                violation_end=_date(request.POST.get("violation_end"), "违法行为日期"),
                facts=request.POST.get("facts", ""),
                handlers=chosen,
                inspection=inspection,
            )
            messages.success(request, f"已提请立案 {case.code}，待局领导批准。")
            return redirect("cases:detail", case.pk)
        except services.CaseError as exc:
            messages.error(request, f"未能提请立案：{exc}")
    context = {
        "values": values,
        "inspection": inspection,
        "handlers": handlers,
        "violations": penalties.VIOLATIONS,
        "sources": Case.Source.choices,
        "chosen_violations": request.POST.getlist("violations"),
        "chosen_handlers": request.POST.getlist("handlers"),
    }
    return render(request, "cases/new.html", context)


@require_perm(Perm.CASE_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    proposal = None
    if case.status not in (Case.Status.PROPOSED, Case.Status.REFUSED):
        try:
            proposal = services.proposal_for(case, case.decided_on)
        except penalties.PenaltyError:
            proposal = None
    user: Any = request.user
    from shuangsuiji.cases.credit import qualifies

    context = {
        "case": case,
        "credit_listings": case.credit_listings.all(),
        "credit_qualifies": qualifies(case) and not case.credit_listings.exclude(status="expired").exists(),
        "proposal": proposal,
        "reviews": case.reviews.select_related("reviewer", "head"),
        "violations": [penalties.VIOLATION_BY_CODE[c] for c in case.violations if c in penalties.VIOLATION_BY_CODE],
        "severe_reasons": penalties.SEVERE_REASONS.items(),
        "checklist": services.REVIEW_CHECKLIST.items(),
        "opinions": LegalReview.Opinion.choices,
        "can_edit": has_perm(user, Perm.CASE_EDIT) and case.bureau_id == user.bureau_id,
        "can_approve": has_perm(user, Perm.CASE_APPROVE) and case.bureau_id == user.bureau_id,
        "can_review": has_perm(user, Perm.CASE_REVIEW) and case.bureau_id == user.bureau_id,
        "pending_disagreement": case.reviews.filter(opinion="disagree", head_decision="").first(),
        "today": timezone.localdate(),
        "days_left": (case.due_on - timezone.localdate()).days if case.due_on else None,
        "outcomes": [(v, label) for v, label in Case.Outcome.choices if v and v != "penalty"],
    }
    return render(request, "cases/detail.html", context)


@require_POST
@require_perm(Perm.CASE_VIEW)
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    user: Any = request.user
    post = request.POST
    if case.bureau_id != user.bureau_id:
        messages.error(request, "只能办理本局的案件。")
        return redirect("cases:detail", case.pk)
    try:
        if step == "approve":
            services.approve_opening(
                actor=user, case=case, approve=post.get("decision") == "approve", reason=post.get("reason", "")
            )
        elif step == "extend":
            services.extend(actor=user, case=case, reason=post.get("reason", ""))
        elif step == "investigate":
            fine = post.get("proposed_fine", "").strip()
            if not fine.isdigit():
                raise services.CaseError(f"拟罚款须为整数（元），“{fine}”不是")
            services.finish_investigation(
                actor=user,
                case=case,
                report=post.get("report", ""),
                severe_reasons=post.getlist("severe_reasons"),
                proposed_fine=int(fine),
                reasoning=post.get("reasoning", ""),
            )
        elif step == "review":
            checklist = {key: True for key in services.REVIEW_CHECKLIST if post.get(f"check_{key}")}
            services.review(
                actor=user,
                case=case,
                checklist=checklist,
                opinion=post.get("opinion", ""),
                reasons=post.get("reasons", ""),
            )
        elif step == "head":
            item = case.reviews.get(pk=int(post.get("review", "0")))
            services.head_decides_disagreement(
                actor=user, item=item, proceed=post.get("proceed") == "1", decision=post.get("decision", "")
            )
        elif step == "notify":
            services.notify(actor=user, case=case)
        elif step == "hearing_request":
            services.request_hearing(actor=user, case=case, requested_on=_date(post.get("requested_on"), "申请日期"))
        elif step == "hearing":
            services.hold_hearing(
                actor=user,
                case=case,
                hearing_on=_date(post.get("hearing_on"), "听证日期"),
                chair=post.get("chair", ""),
                noticed_on=_date(post.get("noticed_on"), "通知日期"),
            )
        elif step == "decide":
            fine = post.get("fine", "").strip()
            if not fine.isdigit():
                raise services.CaseError(f"罚款须为整数（元），“{fine}”不是")
            services.decide(actor=user, case=case, fine=int(fine))
        elif step == "serve":
            services.serve(actor=user, case=case, served_on=_date(post.get("served_on"), "送达日期"))
        elif step == "pay":
            services.record_payment(actor=user, case=case, paid_on=_date(post.get("paid_on"), "缴纳日期"))
        elif step == "close":
            services.close(actor=user, case=case, note=post.get("note", ""))
        elif step == "close_without_penalty":
            services.close_without_penalty(
                actor=user, case=case, outcome=post.get("outcome", ""), reason=post.get("reason", "")
            )
        elif step == "collective":
            services.record_collective_discussion(
                actor=user,
                case=case,
                held_on=_date(post.get("held_on"), "讨论日期"),
                participants=post.get("participants", ""),
                conclusion=post.get("conclusion", ""),
            )
        elif step == "revoke":
            services.revoke_decision(actor=user, case=case, reason=post.get("reason", ""))
        elif step.startswith("credit_"):
            _credit_step(user, case, step, post)
        else:
            raise services.CaseError("未知的办案步骤")
        messages.success(request, "已办理。")
    except (services.CaseError, LegalReview.DoesNotExist, ValueError) as exc:
        messages.error(request, f"未办理：{exc}")
    return redirect("cases:detail", case.pk)


def _credit_step(user: Any, case: Case, step: str, post: Any) -> None:
    from shuangsuiji.cases import credit

    if step == "credit_list":
        credit.list_unit(actor=user, case=case)
        return
    listing = case.credit_listings.filter(pk=int(post.get("listing", "0") or 0)).first()
    if listing is None:
        raise services.CaseError("没有这条名单记录")
    if step == "credit_repair":
        credit.apply_repair(
            actor=user, listing=listing, applied_on=_date(post.get("applied_on"), "申请日期"), note=post.get("note", "")
        )
    elif step == "credit_decide":
        credit.decide_repair(
            actor=user, listing=listing, accept=post.get("accept") == "1", reason=post.get("reason", "")
        )
    elif step == "credit_extend":
        credit.extend_listing(actor=user, listing=listing, reason=post.get("reason", ""))
    else:
        raise services.CaseError("未知的办案步骤")


@require_perm(Perm.CASE_VIEW)
def calculator(request: HttpRequest) -> HttpResponse:
    proposal, error = None, ""
    get = request.GET
    if get.getlist("violations"):
        try:
            proposal = penalties.propose(
                codes=get.getlist("violations"),
                party=get.get("party", penalties.ORGANISATION),
                severe_reasons=get.getlist("severe_reasons"),
                violation_end=_date(get.get("violation_end"), "违法行为日期"),
                decided_on=_date(get.get("decided_on") or timezone.localdate().isoformat(), "决定日期"),
                corrections_in_year=int(get.get("corrections") or 0),
            )
        except (penalties.PenaltyError, services.CaseError, ValueError) as exc:
            error = str(exc)
    context = {
        "proposal": proposal,
        "error": error,
        "violations": penalties.VIOLATIONS,
        "parties": penalties.PARTY_TYPES.items(),
        "severe_reasons": penalties.SEVERE_REASONS.items(),
        "get": get,
        "chosen": get.getlist("violations"),
        "chosen_severe": get.getlist("severe_reasons"),
        "today": timezone.localdate(),
    }
    return render(request, "cases/calculator.html", context)
