"""Document pages: the bureau's list, the documents about one object (with issue buttons), a document's page,
its PDF (inline or download) and a PNG preview. Scope: the viewer's bureaus; another bureau's document is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.documents import previews, selectors, services
from shuangsuiji.documents.registry import DocumentError, document_kind, kinds, kinds_for_model
from shuangsuiji.organisations.selectors import bureau_by_id, bureau_for_user, can_write_bureau


def _pdf_response(pdf: bytes, name: str, *, download: bool) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("bureau", "")
    bureau = bureau_for_user(request.user, code) if code else request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise PermissionDenied("您的账号未归属统计局")
    kind = request.GET.get("kind", "")
    documents = selectors.documents_of_bureau(request.user, bureau.pk, kind)[:200]
    context = {"bureau": bureau, "documents": documents, "kinds": kinds(), "kind": kind}
    return render(request, "documents/document_list.html", context)


@login_required
def documents_about(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    obj = selectors.object_by_ref(request.user, object_type, object_id)
    bureau_id = selectors.owning_bureau_id(obj)
    can_issue = has_perm(request.user, Perm.DOCUMENT_ISSUE) and can_write_bureau(request.user, bureau_id or 0)
    context = {
        "obj": obj,
        "object_type": object_type,
        "object_id": object_id,
        "documents": selectors.documents_about(request.user, object_type, object_id),
        "kinds": kinds_for_model(object_type),
        "can_issue": can_issue,
    }
    return render(request, "documents/documents_about.html", context)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    history = selectors.documents_about(request.user, document.object_type, document.object_id).filter(
        kind=document.kind
    )
    return render(request, "documents/document_detail.html", {"document": document, "history": history})


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    pdf = selectors.document_bytes(document)
    return _pdf_response(pdf, document.file_name, download=request.GET.get("download") == "1")


@login_required
def document_png(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    try:
        png = previews.first_page_png(selectors.document_bytes(document))
    except previews.PreviewUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(png, content_type="image/png")


def _kind_and_object(request: HttpRequest, kind_code: str, object_id: str) -> tuple[Any, Any]:
    try:
        kind = document_kind(kind_code)
    except DocumentError:
        from django.http import Http404

        raise Http404("没有这种文书") from None
    return kind, selectors.object_in_scope(request.user, kind, object_id)


@login_required
def document_preview(request: HttpRequest, kind_code: str, object_id: str) -> HttpResponse:
    """The document as it would be issued now, without a number (nothing is stored)."""
    kind, obj = _kind_and_object(request, kind_code, object_id)
    try:
        pdf = services.render_pdf(kind.code, obj)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("documents:about", kind.model, object_id)
    return _pdf_response(pdf, f"{kind.title}（预览）.pdf", download=False)


@require_POST
@login_required
def document_issue(request: HttpRequest, kind_code: str, object_id: str) -> HttpResponse:
    kind, obj = _kind_and_object(request, kind_code, object_id)
    bureau_id = selectors.owning_bureau_id(obj) or 0
    if not has_perm(request.user, Perm.DOCUMENT_ISSUE) or not can_write_bureau(request.user, bureau_id):
        raise PermissionDenied("您无权为该对象制发文书")
    try:
        bureau = bureau_by_id(bureau_id)
        document = services.issue_document(actor=request.user, kind_code=kind.code, obj=obj, bureau=bureau)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("documents:about", args=[kind.model, object_id]))
    messages.success(request, f"已制发：{document.title} {document.number}")
    return redirect("documents:document", document.pk)
