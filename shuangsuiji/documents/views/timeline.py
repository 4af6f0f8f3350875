"""The timeline page (全过程记录 · 实时调阅) of a unit, an inspection, a draw or a document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.documents import selectors
from shuangsuiji.documents import timeline as records

SUBJECTS = {
    "directory.unit": "检查对象",
    "inspections.inspection": "检查记录",
    "tasks.draw": "摇号",
    "tasks.target": "检查对象（任务）",
    "documents.document": "执法文书",
}


# An inspector follows the record of his own inspection (the object lookup applies his scope).
INSPECTOR_SUBJECTS = {"inspections.inspection", "tasks.target"}


@login_required
def timeline(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    if object_type not in SUBJECTS:
        from django.http import Http404

        raise Http404("该类对象没有全过程记录页面")
    allowed = has_perm(request.user, Perm.AUDIT_VIEW) or (
        object_type in INSPECTOR_SUBJECTS and has_perm(request.user, Perm.INSPECTION_VIEW)
    )
    if not allowed:
        raise PermissionDenied("无权查看全过程记录")
    if object_type == "inspections.inspection":
        from shuangsuiji.inspections.selectors import inspection_for

        inspection_for(request.user, int(object_id) if object_id.isdigit() else 0)  # 404 outside his groups
    obj = selectors.object_by_ref(request.user, object_type, object_id)
    context = {
        "obj": obj,
        "subject": SUBJECTS[object_type],
        "object_type": object_type,
        "object_id": object_id,
        "events": records.timeline_events(request.user, obj),
        "limit": records.LIMIT,
    }
    return render(request, "documents/timeline.html", context)
