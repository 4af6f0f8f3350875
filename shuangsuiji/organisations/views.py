"""The bureau's own page: its details, departments, subordinate bureaus and the audit chain head."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.core.permissions import Perm, require_perm
from shuangsuiji.organisations import selectors


@login_required
def bureau(request: HttpRequest, code: str = "") -> HttpResponse:
    user = request.user
    current = selectors.bureau_for_user(user, code) if code else user.bureau  # type: ignore[union-attr]
    if current is None:
        return render(request, "organisations/no_bureau.html")
    context = {
        "bureau": current,
        # superior bureaus are named, but linked only when the user may open them (else a 404)
        "ancestors": [(a, a.pk in selectors.visible_bureau_ids(user)) for a in selectors.ancestors(current)],
        "departments": selectors.departments_of(current.pk),
        "children": selectors.bureaus_visible_to(user).filter(parent=current),
        "chain_head": getattr(current, "audit_head", None),
    }
    return render(request, "organisations/bureau.html", context)


@login_required
def chain_head_export(request: HttpRequest, code: str) -> HttpResponse:
    """The bureau's audit chain head as a JSON file, to be published or archived and compared later."""
    import json

    from shuangsuiji.core.integrity import export_head

    current = selectors.bureau_for_user(request.user, code)
    head = export_head(current)
    response = HttpResponse(json.dumps(head, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="audit-head-{current.code}-{head["seq"]}.json"'
    return response


@require_perm(Perm.AUDIT_VIEW)
def chain_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Walk the bureau's chain now and show OK or the first break."""
    from shuangsuiji.core.integrity import verify_bureau_chain

    current = selectors.bureau_for_user(request.user, code)
    report = verify_bureau_chain(current.pk)
    return render(request, "organisations/audit_verify.html", {"bureau": current, "report": report})
