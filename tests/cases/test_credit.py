"""统计严重失信企业: listing after a severe decision, the portal list, repair after 6 months, extension on a false
repair, the entry disappearing when its term is over, and the documents of each step (认定决定书, 信用修复审核决定书,
延长公示期决定书)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from shuangsuiji.cases import credit
from shuangsuiji.cases import services as svc
from shuangsuiji.cases.documents import credit_extension_context, credit_notice_context, credit_repair_context
from shuangsuiji.cases.models import Case, CaseSettings, CreditListing
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.directory.models import Unit
from shuangsuiji.documents.registry import DocumentError
from shuangsuiji.documents.services import render_pdf
from shuangsuiji.domain.penalties import add_months
from tests.cases.test_cases import CHECKS, band_for, mark_hearing_held, opened
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def severe_decision(coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]) -> Case:
    case = opened(coordinator, leader, unit, handlers)
    case = svc.finish_investigation(
        actor=coordinator,
        case=case,
        report="暴力阻碍检查",
        severe_reasons=["violence"],
        proposed_fine=150_000,
        reasoning="情节严重",
        band=band_for(case, 150_000, severe=True),
    )
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    svc.request_hearing(actor=coordinator, case=case, requested_on=timezone.localdate())
    case = mark_hearing_held(case, legal_reviewer)
    svc.record_collective_discussion(
        actor=leader,
        case=case,
        held_on=timezone.localdate(),
        participants="局长、副局长、法制室主任",
        conclusion="同意处罚",
    )
    return svc.decide(actor=leader, case=case, fine=150_000)


def listed(case: Case, coordinator: Any, leader: Any) -> CreditListing:
    """Notified of the intended listing, the enterprise waives its statement, and the head lists it."""
    notice = credit.notify_listing(actor=coordinator, case=case)
    credit.record_listing_answer(
        actor=coordinator, listing=notice, answered_on=timezone.localdate(), kind="waiver", answer="书面放弃陈述申辩"
    )
    return credit.list_unit(actor=leader, case=case)


def test_a_severe_decision_is_listed_shown_and_extended_on_a_false_repair(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    listing = listed(case, coordinator, leader)
    unit.refresh_from_db()
    assert unit.risk_class == "D" and listing.expires_on.year == listing.listed_on.year + 1
    page = client.get("/public/140522/blacklist/").content.decode()
    assert unit.name in page
    with pytest.raises(svc.CaseError, match="满6个月"):
        credit.apply_repair(actor=coordinator, listing=listing, applied_on=timezone.localdate(), note="已整改")
    assert render_pdf("credit_listing", listing).startswith(b"%PDF")
    with pytest.raises(DocumentError, match="未申请信用修复"):
        render_pdf("credit_repair", listing)
    later = timezone.localdate() + dt.timedelta(days=200)
    with pytest.raises(svc.CaseError, match="不能晚于今天"):
        credit.apply_repair(actor=coordinator, listing=listing, applied_on=later, note="已整改并建立台账")
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=200), tick=False):
        listing = credit.apply_repair(actor=coordinator, listing=listing, applied_on=later, note="已整改并建立台账")
        due = Deadline.objects.get(kind="credit_repair_decision", subject_id=str(listing.pk))
        assert due.status == "open" and due.due_on == svc._workdays(later, 15)
        with pytest.raises(DocumentError, match="尚未审核"):
            render_pdf("credit_repair", listing)
        with pytest.raises(svc.CaseError, match="请写明延长公示期的理由"):
            credit.extend_listing(actor=leader, listing=listing, reason=" ")
        listing = credit.decide_repair(actor=leader, listing=listing, accept=False, reason="复查发现台账仍不完整")
    assert listing.extended and listing.expires_on == add_months(listing.listed_on, 24)
    assert listing.extended_on == later
    assert Deadline.objects.get(kind="credit_repair_decision", subject_id=str(listing.pk)).status == "done"
    context = credit_repair_context(listing)
    assert context["accepted"] is False and context["dated"] == later
    html = render_to_string("cases/documents/credit_repair.html", context)
    assert "不予信用修复" in html and f"{listing.expires_on:%Y年%-m月%-d日}" in html
    assert "延长至" in render_to_string("cases/documents/credit_extension.html", credit_extension_context(listing))
    for kind in ("credit_listing", "credit_repair", "credit_extension"):
        assert render_pdf(kind, listing).startswith(b"%PDF"), kind
    about = client_for(leader).get(f"/documents/about/cases.creditlisting/{listing.pk}/").content.decode()
    assert "统计严重失信企业认定决定书" in about and "延长公示期决定书" in about
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=800), tick=False):
        assert unit.name not in client.get("/public/140522/blacklist/").content.decode()
        assert credit.expire_listings(actor=None, today=timezone.localdate()) == 1
    unit.refresh_from_db()
    assert unit.risk_class != "D"


def test_a_verified_repair_removes_the_entry_and_an_ordinary_decision_does_not_qualify(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    listing = listed(case, coordinator, leader)
    with pytest.raises(svc.CaseError, match="已因本案列入"):
        credit.list_unit(actor=leader, case=case)
    later = timezone.localdate() + dt.timedelta(days=190)
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=190), tick=False):
        credit.apply_repair(actor=coordinator, listing=listing, applied_on=later, note="已整改")
        Deadline.objects.filter(kind="credit_repair_decision").delete()  # as for an application of before the deadline
        listing = credit.decide_repair(actor=leader, listing=listing, accept=True, reason="整改到位")
        assert unit.name not in client.get("/public/140522/blacklist/").content.decode()
    html = render_to_string("cases/documents/credit_repair.html", credit_repair_context(listing))
    assert "准予信用修复" in html and "移出统计严重失信企业名单" in html
    with pytest.raises(DocumentError, match="公示期未延长"):
        render_pdf("credit_extension", listing)
    ordinary = opened(coordinator, leader, unit, handlers)
    assert not credit.qualifies(ordinary)


def test_the_enterprise_is_told_before_it_is_listed_and_may_state_its_case(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    with pytest.raises(svc.CaseError, match="认定前须先送达拟认定告知书，企业可在5个工作日内陈述申辩"):
        credit.list_unit(actor=leader, case=case)
    notice = credit.notify_listing(actor=coordinator, case=case)
    ends = credit.notice_ends(notice)
    assert notice.status == "notified" and ends == svc._workdays(notice.notified_on, 5)
    with pytest.raises(svc.CaseError, match="已告知拟认定"):
        credit.notify_listing(actor=coordinator, case=case)
    with pytest.raises(svc.CaseError, match=f"至 {ends}）尚未届满"):
        credit.list_unit(actor=leader, case=case)
    assert unit.name not in client.get("/public/140522/blacklist/").content.decode()
    html = render_to_string("cases/documents/credit_notice.html", credit_notice_context(notice))
    assert f"5个工作日内（截至{ends:%Y年%-m月%-d日}）" in html
    with pytest.raises(svc.CaseError) as refused:
        credit.record_listing_answer(actor=coordinator, listing=notice, answered_on=ends, kind="x", answer="")
    assert set(refused.value.errors) == {"kind", "answer", "answered_on"}
    with time_machine.travel(timezone.make_aware(dt.datetime.combine(ends + dt.timedelta(days=1), dt.time(12)))):
        listing = credit.list_unit(actor=leader, case=Case.objects.get(pk=case.pk))
        assert listing.pk == notice.pk and listing.status == "listed" and listing.listed_on > notice.notified_on
    for kind in ("credit_notice", "credit_listing"):
        assert render_pdf(kind, listing).startswith(b"%PDF"), kind


def test_a_statement_that_holds_ends_in_no_listing(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    Unit.objects.filter(pk=unit.pk).update(risk_class="A")
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    notice = credit.notify_listing(actor=coordinator, case=case)
    notice = credit.record_listing_answer(
        actor=coordinator,
        listing=notice,
        answered_on=timezone.localdate(),
        kind="statement",
        answer="虚报系系统故障所致，已提供更正证明",
    )
    with pytest.raises(svc.CaseError, match="请写明不予认定的理由"):
        credit.drop_listing(actor=leader, listing=notice, reason="")
    dropped = credit.drop_listing(actor=leader, listing=notice, reason="陈述申辩成立，不予认定")
    assert dropped.status == "dropped" and Unit.objects.get(pk=unit.pk).risk_class == "C"  # the penalty's, not D
    with pytest.raises(svc.CaseError, match="已作出不予认定"):
        credit.list_unit(actor=leader, case=case)
    with pytest.raises(DocumentError, match="尚未认定"):
        render_pdf("credit_listing", dropped)


def test_a_bureau_without_the_notice_lists_at_once(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    CaseSettings.objects.update_or_create(bureau=world.county, defaults={"credit_notice_workdays": 0})
    client.force_login(leader)
    assert 'id="credit-list"' in client.get(f"/cases/{case.pk}/").content.decode()
    assert credit.list_unit(actor=leader, case=case).status == "listed"
    with pytest.raises(DocumentError, match="未送达拟认定告知书"):
        render_pdf("credit_notice", CreditListing.objects.get(case=case))


def test_the_notice_steps_on_the_case_page(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    client.force_login(coordinator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="credit-notify"' in page and 'id="credit-list"' not in page
    page = client.post(f"/cases/{case.pk}/credit_notify/", follow=True).content.decode()
    assert "送达拟认定告知书" in page and 'id="credit-answer"' in page
    notice = CreditListing.objects.get(case=case)
    today = f"{timezone.localdate():%Y-%m-%d}"
    answer = {"listing": notice.pk, "answered_on": today, "kind": "waiver", "answer": "书面放弃"}
    page = client.post(f"/cases/{case.pk}/credit_answer/", answer, follow=True).content.decode()
    assert "明确放弃陈述申辩：书面放弃" in page
    client.force_login(leader)
    page = client.post(f"/cases/{case.pk}/credit_list/", follow=True).content.decode()
    assert "公示中" in page and CreditListing.objects.get(case=case).status == "listed"
