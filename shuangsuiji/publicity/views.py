"""The bureau's own view of what it has published: the list, withdrawal (撤下) with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.core.pagination import keyset_page
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.organisations.selectors import can_write_bureau, visible_bureau_ids
from shuangsuiji.publicity import selectors, services
from shuangsuiji.publicity.models import Objection, Publication


@require_perm(Perm.PUBLICATION_VIEW)
def manage(request: HttpRequest) -> HttpResponse:
    qs = selectors.manageable(request.user)
    kind = request.GET.get("kind", "")
    if kind in Publication.Kind.values:
        qs = qs.filter(kind=kind)
    page = keyset_page(qs, request.GET, per_page=50)
    context = {
        "page": page,
        "kinds": Publication.Kind.choices,
        "kind": kind,
        "can_withdraw": has_perm(request.user, Perm.PUBLICATION_MANAGE),
        "open_objections": Objection.objects.filter(
            bureau_id__in=visible_bureau_ids(request.user), status=Objection.Status.RECEIVED
        ).count(),
    }
    return render(request, "publicity/manage.html", context)


@require_perm(Perm.PUBLICATION_MANAGE)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.manageable(request.user), pk=pk)
    if not can_write_bureau(request.user, item.bureau_id):
        raise PermissionDenied
    try:
        services.withdraw(actor=request.user, publication=item, reason=request.POST.get("reason", ""))
        messages.success(request, f"已撤下：{item.title}")
    except services.PublicityError as exc:
        messages.error(request, str(exc))
    return redirect("publicity:manage")
