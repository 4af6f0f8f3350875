"""The 询问笔录, 听证笔录 and 陈述申辩笔录 (with its 复核意见) pages of a case: long forms that keep what was typed
when the service refuses it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from shuangsuiji.cases import selectors, services
from shuangsuiji.cases.forms import (
    HearingRecordForm,
    InterviewForm,
    StatementForm,
    StatementReviewForm,
    add_service_errors,
)
from shuangsuiji.core.permissions import Perm, require_perm


@require_perm(Perm.CASE_EDIT)
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    handlers = list(case.handlers.all())
    initial = {"started_at": timezone.localtime().replace(second=0, microsecond=0), "place": case.unit.address}
    form = InterviewForm(request.POST or None, handlers=handlers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        by_id = {h.pk: h for h in handlers}
        data["asker"], data["recorder"] = by_id.get(data["asker"]), by_id.get(data["recorder"])
        try:
            item = services.record_interview(actor=request.user, case=case, **data)
        except services.CaseError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已记录{item}。")
            return redirect(f"/cases/{case.pk}/#evidence")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/interview_form.html", {"case": case, "form": form}, status=status)


@require_perm(Perm.CASE_EDIT)
def hearing_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    form = HearingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_hearing(actor=request.user, case=case, **form.cleaned_data)
        except services.CaseError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已记录听证笔录。")
            return redirect(f"/cases/{case.pk}/#hearing")
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "missing": services.missing_hearing_record(case)}
    return render(request, "cases/hearing_record_form.html", context, status=status)


@require_perm(Perm.CASE_EDIT)
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """The party's 陈述申辩 first; once it is recorded, the same page takes the 复核意见."""
    case = selectors.case_for(request.user, pk)
    item = services.statement_of(case)
    form: StatementForm | StatementReviewForm | None
    if item is not None and item.is_reviewed:
        form = None
    elif item is None:
        initial = {"stated_on": timezone.localdate(), "person": case.unit.legal_representative}
        form = StatementForm(request.POST or None, initial=initial)
    else:
        form = StatementReviewForm(request.POST or None, initial={"reviewed_fine": case.proposed_fine})
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if item is None:
                services.record_statement(actor=request.user, case=case, **form.cleaned_data)
            else:
                services.review_statement(actor=request.user, case=case, **form.cleaned_data)
        except services.CaseError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已记录陈述申辩笔录。" if item is None else "已记录复核意见。")
            return redirect(f"/cases/{case.pk}/#statement")
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "statement": item}
    return render(request, "cases/statement_form.html", context, status=status)
