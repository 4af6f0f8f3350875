"""Reads of issued documents, scoped by the viewer's bureaus (another bureau's document is a 404)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from shuangsuiji.documents.models import Document
from shuangsuiji.documents.registry import DocumentError, DocumentKind
from shuangsuiji.organisations.selectors import visible_bureau_ids


def documents_in_scope(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related("bureau", "superseded_by")


def document_for(user: Any, pk: int) -> Document:
    return get_object_or_404(documents_in_scope(user), pk=pk)


def documents_of_bureau(user: Any, bureau_id: int, kind: str = "") -> QuerySet[Document]:
    documents = documents_in_scope(user).filter(bureau_id=bureau_id)
    return documents.filter(kind=kind) if kind else documents


def documents_about(user: Any, object_type: str, object_id: str) -> QuerySet[Document]:
    """Every document (current and superseded) about one object, newest first."""
    return documents_in_scope(user).filter(object_type=object_type, object_id=object_id)


def current_document(kind: str, obj: Model) -> Document | None:
    """The document of that kind now in force for obj (None when never issued)."""
    return (
        Document.objects.filter(kind=kind, object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .filter(superseded_by__isnull=True)
        .order_by("-id")
        .first()
    )


def current_documents_about(refs: list[tuple[str, str]]) -> list[Document]:
    """Documents in force about any of the (object_type, object_id) refs, oldest first (filing order)."""
    if not refs:
        return []
    condition = Q()
    for object_type, object_id in refs:
        condition |= Q(object_type=object_type, object_id=object_id)
    return list(Document.objects.filter(condition, superseded_by__isnull=True).order_by("created_at", "id"))


def document_bytes(document: Document) -> bytes:
    with document.pdf.open("rb") as handle:
        data: bytes = handle.read()
    return data


def object_of_kind(kind: DocumentKind, object_id: str) -> Any:
    """The object a kind documents, by id; DocumentError when there is none."""
    model = apps.get_model(kind.model)
    try:
        return model._default_manager.get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise DocumentError(f"没有编号为 {object_id} 的{model._meta.verbose_name}") from None


def owning_bureau_id(obj: Any) -> int | None:
    """The bureau an object belongs to: its own `bureau`, or its task's (a draw)."""
    if hasattr(obj, "bureau_id"):
        bureau_id: int | None = obj.bureau_id
        return bureau_id
    task = getattr(obj, "task", None)
    return getattr(task, "bureau_id", None)


def object_by_ref(user: Any, object_type: str, object_id: str) -> Any:
    """The object named by ("app_label.model", "pk") if its bureau is one the user sees; 404 otherwise."""
    try:
        model = apps.get_model(object_type)
        obj = model._default_manager.filter(pk=object_id).first()
    except (LookupError, ValueError, TypeError):
        raise Http404("没有该对象，或您无权查看") from None
    if obj is None or owning_bureau_id(obj) not in visible_bureau_ids(user):
        raise Http404("没有该对象，或您无权查看")
    return obj


def object_in_scope(user: Any, kind: DocumentKind, object_id: str) -> Any:
    """The object a kind documents, if the user sees its bureau; 404 otherwise."""
    return object_by_ref(user, kind.model, object_id)
