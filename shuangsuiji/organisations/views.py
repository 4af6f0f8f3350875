"""The bureau's own page: its details, departments, subordinate bureaus and the audit chain head."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.organisations import selectors


@login_required
def bureau(request: HttpRequest, code: str = "") -> HttpResponse:
    user = request.user
    current = selectors.bureau_for_user(user, code) if code else user.bureau  # type: ignore[union-attr]
    if current is None:
        return render(request, "organisations/no_bureau.html")
    context = {
        "bureau": current,
        "ancestors": selectors.ancestors(current),
        "departments": selectors.departments_of(current.pk),
        "children": selectors.bureaus_visible_to(user).filter(parent=current),
        "chain_head": getattr(current, "audit_head", None),
    }
    return render(request, "organisations/bureau.html", context)
