"""执法文书 over REST (for a future mobile app): the kinds, documents about an object, issuing, and the PDF."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router
from ninja.responses import Status

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.documents import selectors, services
from shuangsuiji.documents.models import Document
from shuangsuiji.documents.registry import DocumentError, document_kind, kinds
from shuangsuiji.documents.schemas import DocumentOut, ErrorOut, IssueIn, KindOut
from shuangsuiji.organisations.selectors import bureau_by_id, can_write_bureau

router = Router(tags=["执法文书"])


def _out(document: Document) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        kind=document.kind,
        title=document.title,
        number=document.number,
        bureau=document.bureau.code,
        object_type=document.object_type,
        object_id=document.object_id,
        object_repr=document.object_repr,
        sha256=document.sha256,
        size=document.size,
        created_at=document.created_at,
        created_by=document.created_by_name,
        superseded_by=document.superseded_by_id,
        pdf_url=reverse("documents:pdf", args=[document.pk]),
    )


@router.get("/kinds", response=list[KindOut])
def list_kinds(request: HttpRequest) -> Any:
    return [KindOut(code=k.code, title=k.title, number_word=k.number_word, model=k.model) for k in kinds()]


@router.get("/", response=list[DocumentOut])
def list_documents(request: HttpRequest, object_type: str, object_id: str) -> Any:
    selectors.object_by_ref(request.user, object_type, object_id)
    return [_out(d) for d in selectors.documents_about(request.user, object_type, object_id)]


@router.get("/{int:pk}", response=DocumentOut)
def get_document(request: HttpRequest, pk: int) -> Any:
    return _out(selectors.document_for(request.user, pk))


@router.get("/{int:pk}/pdf")
def get_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    return HttpResponse(selectors.document_bytes(document), content_type="application/pdf")


@router.post("/issue", response={201: DocumentOut, 422: ErrorOut})
def issue(request: HttpRequest, payload: IssueIn) -> Any:
    try:
        kind = document_kind(payload.kind)
    except DocumentError as exc:
        return Status(422, {"detail": str(exc)})
    obj = selectors.object_in_scope(request.user, kind, payload.object_id)
    bureau_id = selectors.owning_bureau_id(obj)
    if bureau_id is None:
        raise Http404
    if not has_perm(request.user, Perm.DOCUMENT_ISSUE) or not can_write_bureau(request.user, bureau_id):
        raise PermissionDenied("您无权为该对象制发文书")
    try:
        document = services.issue_document(
            actor=request.user, kind_code=kind.code, obj=obj, bureau=bureau_by_id(bureau_id)
        )
    except DocumentError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, _out(document))
