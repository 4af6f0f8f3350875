"""The 询问笔录 and 听证笔录 pages of a case: long forms that keep what was typed when the service refuses it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from shuangsuiji.cases import selectors, services
from shuangsuiji.cases.forms import HearingRecordForm, InterviewForm, add_service_errors
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
    return render(request, "cases/hearing_record_form.html", {"case": case, "form": form}, status=status)
