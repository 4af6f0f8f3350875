"""异议 pages: the public form on a published record and the status page of its tracking code (no login, never
cached: they carry a CSRF token or a private answer), and the bureau's list and answer page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from shuangsuiji.core.pagination import keyset_page
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.organisations.selectors import can_write_bureau, visible_bureau_ids
from shuangsuiji.publicity import selectors, services
from shuangsuiji.publicity.models import Objection

FIELDS = ("name", "organisation", "uscc", "contact", "content")


@never_cache
def objection_form(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.publication(pk)
    values: dict[str, Any] = {name: request.POST.get(name, "") for name in FIELDS}
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            objection = services.submit_objection(publication=item, **values)
        except services.ObjectionError as exc:
            errors = exc.errors
        else:
            return redirect("portal:objection_status", code=objection.code)
    context = {"item": item, "bureau": item.bureau, "values": values, "errors": errors}
    return render(request, "publicity/portal/objection_form.html", context, status=400 if errors else 200)


@never_cache
def objection_status(request: HttpRequest, code: str) -> HttpResponse:
    objection = Objection.objects.select_related("publication", "bureau").filter(code=code.upper()).first()
    if objection is None:
        raise Http404("没有这个查询码")
    context = {"objection": objection, "item": objection.publication, "bureau": objection.bureau}
    return render(request, "publicity/portal/objection_status.html", context)


@require_perm(Perm.PUBLICATION_VIEW)
def objections(request: HttpRequest) -> HttpResponse:
    qs = Objection.objects.filter(bureau_id__in=visible_bureau_ids(request.user)).select_related(
        "publication", "bureau"
    )
    status = request.GET.get("status", "")
    if status in Objection.Status.values:
        qs = qs.filter(status=status)
    page = keyset_page(qs, request.GET, per_page=50)
    context = {"page": page, "statuses": Objection.Status.choices, "status": status}
    return render(request, "publicity/objections.html", context)


@require_perm(Perm.PUBLICATION_VIEW)
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    qs = Objection.objects.filter(bureau_id__in=visible_bureau_ids(request.user)).select_related("publication")
    item = get_object_or_404(qs, pk=pk)
    may_answer = has_perm(request.user, Perm.PUBLICATION_MANAGE) and can_write_bureau(request.user, item.bureau_id)
    error = ""
    if request.method == "POST":
        try:
            services.answer_objection(
                actor=request.user,
                objection=item,
                corrected=request.POST.get("decision") == "corrected",
                reply=request.POST.get("reply", ""),
            )
        except services.PublicityError as exc:
            error = str(exc)
        else:
            messages.success(request, "已答复。")
            return redirect("publicity:objection", pk=item.pk)
    context = {"objection": item, "may_answer": may_answer, "error": error, "reply": request.POST.get("reply", "")}
    return render(request, "publicity/objection.html", context, status=400 if error else 200)
