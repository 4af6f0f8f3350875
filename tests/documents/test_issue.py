"""Issuing: gap-free 文号 per bureau, family and year; the stored PDF and its hash; re-issues keep the old one."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import time_machine
from django.db import transaction

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.documents.models import Document
from shuangsuiji.documents.registry import DocumentError
from shuangsuiji.documents.services import issue_document
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.tasks.models import Target


def test_issuing_numbers_stores_and_audits_the_document(target: Target, coordinator: Any, world: Any) -> None:
    with time_machine.travel("2026-06-01 10:00 +0800"):
        document = issue_document(actor=coordinator, kind_code="inspection_notice", obj=target, bureau=world.county)
    assert document.number == "阳统检〔2026〕1号"
    assert (document.object_type, document.object_id) == ("tasks.target", str(target.pk))
    stored = document.pdf.read()
    assert stored[:5] == b"%PDF-" and hashlib.sha256(stored).hexdigest() == document.sha256
    event = AuditEvent.objects.get(action="documents.issue")
    assert event.object_id == str(document.pk) and event.data["sha256"] == document.sha256
    assert event.data["refs"] == [f"tasks.target:{target.pk}"]


def test_numbers_run_per_family_and_restart_each_year(target: Target, inspection: Inspection, world: Any) -> None:
    with time_machine.travel("2026-06-01 10:00 +0800"):
        first = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
        query = issue_document(actor=None, kind_code="inspection_query", obj=target, bureau=world.county)
        record = issue_document(actor=None, kind_code="onsite_record", obj=inspection, bureau=world.county)
        second = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
    with time_machine.travel("2027-01-04 10:00 +0800"):
        next_year = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
    assert [first.number, query.number, record.number, second.number, next_year.number] == [
        "阳统检〔2026〕1号",
        "阳统查〔2026〕1号",
        "阳统录〔2026〕1号",
        "阳统检〔2026〕2号",
        "阳统检〔2027〕1号",
    ]


def test_other_bureaus_number_on_their_own(target: Target, world: Any) -> None:
    ours = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
    theirs = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.other_county)
    assert ours.seq == theirs.seq == 1 and theirs.number.startswith("高统检〔")


def test_a_rolled_back_issue_leaves_no_gap(target: Target, world: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
        raise RuntimeError("the caller's transaction fails afterwards")
    assert not Document.objects.exists()
    document = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
    assert document.seq == 1


def test_a_failed_render_allocates_nothing(inspection: Inspection, world: Any) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(follow_up="")
    inspection.refresh_from_db()
    with pytest.raises(DocumentError):
        issue_document(actor=None, kind_code="rectification_notice", obj=inspection, bureau=world.county)
    Inspection.objects.filter(pk=inspection.pk).update(follow_up="rectify")
    inspection.refresh_from_db()
    document = issue_document(actor=None, kind_code="rectification_notice", obj=inspection, bureau=world.county)
    assert document.seq == 1 and not AuditEvent.objects.filter(action="documents.issue").exclude(
        object_id=str(document.pk)
    )


def test_reissuing_supersedes_and_keeps_the_old_document(target: Target, coordinator: Any, world: Any) -> None:
    old = issue_document(actor=coordinator, kind_code="inspection_notice", obj=target, bureau=world.county)
    new = issue_document(actor=coordinator, kind_code="inspection_notice", obj=target, bureau=world.county)
    old.refresh_from_db()
    assert old.superseded_by == new and new.is_current and not old.is_current
    assert old.pdf.read()[:5] == b"%PDF-"
    reissue = AuditEvent.objects.get(action="documents.reissue")
    assert reissue.data["supersedes"] == old.number


def test_a_kind_is_refused_for_the_wrong_kind_of_object(inspection: Inspection, world: Any) -> None:
    with pytest.raises(DocumentError, match=r"针对的是 tasks\.target"):
        issue_document(actor=None, kind_code="inspection_notice", obj=inspection, bureau=world.county)
    assert not Document.objects.exists()


def test_the_case_file_files_issued_documents_with_their_numbers(inspection: Inspection, world: Any) -> None:
    from shuangsuiji.inspections.documents import case_file_parts

    target = inspection.target
    notice = issue_document(actor=None, kind_code="inspection_notice", obj=target, bureau=world.county)
    order = issue_document(actor=None, kind_code="rectification_notice", obj=inspection, bureau=world.county)
    parts, toc = case_file_parts(target)
    assert toc == [
        f"统计检查通知书 {notice.number}",
        "现场检查笔录（未编号）",
        "证据清单（未编号）",
        f"责令改正通知书 {order.number}",
    ]
    assert parts[0] == notice.pdf.open("rb").read()
    bundle = issue_document(actor=None, kind_code="case_file", obj=target, bureau=world.county)
    assert bundle.number.startswith("阳统卷〔")
