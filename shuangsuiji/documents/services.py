"""Making 执法文书: render a registered kind to PDF (WeasyPrint, Noto CJK), issue it with its 文号 (allocated under a
row lock, gap-free), store the PDF and its SHA-256 with an audit event, and bundle PDFs into a 案卷."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.documents.models import Document, DocumentCounter
from shuangsuiji.documents.registry import DocumentError, document_kind
from shuangsuiji.domain.documents import format_number, safe_file_stem

logger = logging.getLogger(__name__)


def html_to_pdf(html: str) -> bytes:
    """One HTML page (A4, CSS inside) to PDF bytes. Images come as data: URIs; file: and http: are refused, so a
    template can never read the server's files or reach the network."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
    return pdf


def render_pdf(kind_code: str, obj: Any, *, number: str | None = None) -> bytes:
    """The PDF of one document kind for `obj`; without a number it is a preview (文号 left blank)."""
    kind = document_kind(kind_code)
    if kind.render is not None:
        return kind.render(obj, number)
    context = {"kind": kind, "title": kind.title, "number": number or "", **kind.build_context(obj)}
    return html_to_pdf(render_to_string(kind.template, context))


def object_ref(obj: Model) -> tuple[str, str]:
    """How documents and audit events name an object: ("app_label.model", "pk")."""
    return obj._meta.label_lower, str(obj.pk)


def _next_seq(bureau_id: int, family: str, year: int) -> int:
    counter, _ = DocumentCounter.objects.get_or_create(bureau_id=bureau_id, family=family, year=year)
    counter = DocumentCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def issue_document(*, actor: Any, kind_code: str, obj: Any, bureau: Any) -> Document:
    """制发: allocate the next 文号 of (bureau, family, year), render, store the PDF with its SHA-256, supersede the
    current document of the same kind for the object, and audit — all in one transaction."""
    kind = document_kind(kind_code)
    object_type, object_id = object_ref(obj)
    if object_type != kind.model:
        raise DocumentError(f"{kind.title}针对的是 {kind.model}，不能用于 {object_type}")
    with transaction.atomic():
        year = timezone.localdate().year
        seq = _next_seq(bureau.pk, kind.number_word, year)
        number = format_number(bureau.doc_prefix, kind.number_word, year, seq)
        pdf = render_pdf(kind_code, obj, number=number)
        previous = (
            Document.objects.select_for_update()
            .filter(bureau=bureau, kind=kind.code, object_type=object_type, object_id=object_id)
            .filter(superseded_by__isnull=True)
            .first()
        )
        document = Document(
            bureau=bureau,
            kind=kind.code,
            family=kind.number_word,
            year=year,
            seq=seq,
            number=number,
            object_type=object_type,
            object_id=object_id,
            object_repr=str(obj)[:300],
            title=kind.title,
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            created_by=actor if getattr(actor, "pk", None) else None,
            created_by_name=str(getattr(actor, "username", actor or "system"))[:150],
        )
        document.pdf.save(safe_file_stem(kind.code, year, seq) + ".pdf", ContentFile(pdf), save=False)
        try:
            _save_issued(actor, document, previous)
        except BaseException:
            document.pdf.delete(save=False)
            raise
    return document


def _save_issued(actor: Any, document: Document, previous: Document | None) -> None:
    document.full_clean()
    document.save()
    if previous is not None:
        previous.superseded_by = document
        previous.save(update_fields=["superseded_by"])
    record_event(
        actor=actor,
        bureau_id=document.bureau_id,
        action="documents.issue" if previous is None else "documents.reissue",
        obj=document,
        summary=f"制发{document.title} {document.number}" + (f"（替代 {previous.number}）" if previous else ""),
        data={
            "kind": document.kind,
            "number": document.number,
            "sha256": document.sha256,
            "size": document.size,
            "refs": [f"{document.object_type}:{document.object_id}"],
            "supersedes": previous.number if previous else None,
        },
    )


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _cover(title: str, toc: list[str], counts: list[int], cover_pages: int) -> bytes:
    entries, page = [], cover_pages + 1
    for index, (label, count) in enumerate(zip(toc, counts, strict=True), start=1):
        entries.append({"index": index, "label": label, "page": page, "pages": count})
        page += count
    total = page - 1
    html = render_to_string("documents/bundle_cover.html", {"title": title, "entries": entries, "total": total})
    return html_to_pdf(html)


def bundle_pdf(parts: list[bytes], title: str, toc: list[str]) -> bytes:
    """A 案卷: a cover with the table of contents (each part's first page), then the parts in order, with
    bookmarks. `toc` names the parts one for one."""
    from pypdf import PdfReader, PdfWriter

    if len(parts) != len(toc):
        raise DocumentError(f"案卷目录有 {len(toc)} 项，但文件有 {len(parts)} 份")
    counts = [page_count(p) for p in parts]
    cover_pages = 1
    cover = _cover(title, toc, counts, cover_pages)
    while page_count(cover) != cover_pages:  # a long contents list pushes the numbers on
        cover_pages = page_count(cover)
        cover = _cover(title, toc, counts, cover_pages)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), import_outline=False)
    page = cover_pages
    for label, part, count in zip(toc, parts, counts, strict=True):
        writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
        writer.add_outline_item(title=label, page_number=page)
        page += count
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


DOCUMENT_FOLDER = "documents"


def orphan_files(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> list[str]:
    """Stored PDFs under documents/ that no Document names: left behind when the transaction that issued one was
    rolled back after the file was written (a storage write cannot join a database transaction). Only files
    older than `older_than` count, so a document being issued right now is never among them."""
    kept = set(Document.objects.values_list("pdf", flat=True))
    cutoff = timezone.now() - older_than
    found: list[str] = []
    pending = [DOCUMENT_FOLDER]
    while pending:
        folder = pending.pop()
        if not default_storage.exists(folder):
            continue
        folders, files = default_storage.listdir(folder)
        pending.extend(f"{folder}/{name}" for name in folders)
        for name in files:
            path = f"{folder}/{name}"
            if path not in kept and default_storage.get_modified_time(path) < cutoff:
                found.append(path)
    return sorted(found)


def delete_orphan_files(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> list[str]:
    """Delete the orphan_files; returns their names. No audit event: no record of any bureau ever named them."""
    orphans = orphan_files(older_than=older_than)
    for path in orphans:
        default_storage.delete(path)
        logger.info("deleted orphan document file %s", path)
    return orphans
