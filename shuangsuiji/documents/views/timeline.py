"""The timeline page (全过程记录 · 实时调阅) of a unit, an inspection, a draw or a document."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.core.permissions import Perm, require_perm
from shuangsuiji.documents import selectors
from shuangsuiji.documents import timeline as records

SUBJECTS = {
    "directory.unit": "检查对象",
    "inspections.inspection": "检查记录",
    "tasks.draw": "摇号",
    "tasks.target": "检查对象（任务）",
    "documents.document": "执法文书",
}


@require_perm(Perm.AUDIT_VIEW)
def timeline(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    if object_type not in SUBJECTS:
        from django.http import Http404

        raise Http404("该类对象没有全过程记录页面")
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
