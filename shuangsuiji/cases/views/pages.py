"""Case pages: the board with the time left, a new case (from an inspection finding or by hand), the case with
the step its state allows, and the penalty calculator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from shuangsuiji.cases import selectors, services
from shuangsuiji.cases.models import Case, CreditListing, EvidencePreservation, HearingRecord, LegalReview
from shuangsuiji.cases.views.parsing import parse_date
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.domain import penalties
from shuangsuiji.organisations.selectors import can_write_bureau


def labelled_bands(bands: list[penalties.Band]) -> list[tuple[str, penalties.Band]]:
    return [
        (penalties.VIOLATION_BY_CODE[b.violation].label, b) for b in bands if b.violation in penalties.VIOLATION_BY_CODE
    ]


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
                violation_end=parse_date(request.POST.get("violation_end"), "违法行为日期"),
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
    from shuangsuiji.cases.credit import notice_ends, qualifies

    own = can_write_bureau(user, case.bureau_id)
    context = {
        "case": case,
        "credit_listings": [(item, notice_ends(item)) for item in case.credit_listings.all()],
        "credit_qualifies": qualifies(case) and not case.credit_listings.exclude(status="expired").exists(),
        "credit_notice_days": services.settings_for(case.bureau).credit_notice_workdays,
        "credit_answers": CreditListing.Answer.choices,
        "proposal": proposal,
        "bands": labelled_bands(services.candidate_bands(case)) if case.status == Case.Status.INVESTIGATING else [],
        "reviews": case.reviews.select_related("reviewer", "head"),
        "violations": [penalties.VIOLATION_BY_CODE[c] for c in case.violations if c in penalties.VIOLATION_BY_CODE],
        "severe_reasons": penalties.SEVERE_REASONS.items(),
        "checklist": services.REVIEW_CHECKLIST.items(),
        "opinions": LegalReview.Opinion.choices,
        "can_edit": has_perm(user, Perm.CASE_EDIT) and own,
        "can_approve": has_perm(user, Perm.CASE_APPROVE) and own,
        "can_review": has_perm(user, Perm.CASE_REVIEW) and own,
        "pending_disagreement": case.reviews.filter(opinion="disagree", head_decision="").first(),
        "today": timezone.localdate(),
        "days_left": (case.due_on - timezone.localdate()).days if case.due_on else None,
        "outcomes": [(v, label) for v, label in Case.Outcome.choices if v and v != "penalty"],
        "interviews": case.interviews.select_related("asker", "recorder"),
        "preservations": [(p, services.decision_due_on(p)) for p in case.preservations.select_related("head")],
        "preservation_decisions": EvidencePreservation.Decision.choices,
        "hearing_record": HearingRecord.objects.filter(case=case).first(),
        "statement": services.statement_of(case),
        "periods": {period["code"]: period for period in services.answer_periods(case)},
        "missing_hearing": services.missing_hearing_record(case),
        "hearing_review": services.hearing_review_pending(case) if case.status == Case.Status.NOTIFIED else "",
        "awaits_hearing_review": services.awaits_hearing_review(case),
    }
    return render(request, "cases/detail.html", context)


@require_perm(Perm.CASE_VIEW)
def calculator(request: HttpRequest) -> HttpResponse:
    proposal, error = None, ""
    get, user = request.GET, request.user
    bands = services.bands_for(user.bureau) if getattr(user, "bureau_id", None) else []  # type: ignore[union-attr]
    if get.getlist("violations"):
        try:
            proposal = penalties.propose(
                codes=get.getlist("violations"),
                party=get.get("party", penalties.ORGANISATION),
                severe_reasons=get.getlist("severe_reasons"),
                violation_end=parse_date(get.get("violation_end"), "违法行为日期"),
                decided_on=parse_date(get.get("decided_on") or timezone.localdate().isoformat(), "决定日期"),
                corrections_in_year=int(get.get("corrections") or 0),
                bands=bands,
            )
        except (penalties.PenaltyError, services.CaseError, ValueError) as exc:
            error = str(exc)
    context = {
        "proposal": proposal,
        "band_rows": labelled_bands(proposal.bands if proposal else []),
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
