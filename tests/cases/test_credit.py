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
from shuangsuiji.cases.documents import credit_extension_context, credit_repair_context
from shuangsuiji.cases.models import Case
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
    case = mark_hearing_held(case)
    svc.record_collective_discussion(
        actor=leader,
        case=case,
        held_on=timezone.localdate(),
        participants="局长、副局长、法制室主任",
        conclusion="同意处罚",
    )
    return svc.decide(actor=leader, case=case, fine=150_000)


def test_a_severe_decision_is_listed_shown_and_extended_on_a_false_repair(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = severe_decision(coordinator, leader, legal_reviewer, unit, handlers)
    listing = credit.list_unit(actor=leader, case=case)
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
        with pytest.raises(DocumentError, match="尚未审核"):
            render_pdf("credit_repair", listing)
        with pytest.raises(svc.CaseError, match="请写明延长公示期的理由"):
            credit.extend_listing(actor=leader, listing=listing, reason=" ")
        listing = credit.decide_repair(actor=leader, listing=listing, accept=False, reason="复查发现台账仍不完整")
    assert listing.extended and listing.expires_on == add_months(listing.listed_on, 24)
    assert listing.extended_on == later
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
    listing = credit.list_unit(actor=leader, case=case)
    with pytest.raises(svc.CaseError, match="已因本案列入"):
        credit.list_unit(actor=leader, case=case)
    later = timezone.localdate() + dt.timedelta(days=190)
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=190), tick=False):
        credit.apply_repair(actor=coordinator, listing=listing, applied_on=later, note="已整改")
        listing = credit.decide_repair(actor=leader, listing=listing, accept=True, reason="整改到位")
        assert unit.name not in client.get("/public/140522/blacklist/").content.decode()
    html = render_to_string("cases/documents/credit_repair.html", credit_repair_context(listing))
    assert "准予信用修复" in html and "移出统计严重失信企业名单" in html
    with pytest.raises(DocumentError, match="公示期未延长"):
        render_pdf("credit_extension", listing)
    ordinary = opened(coordinator, leader, unit, handlers)
    assert not credit.qualifies(ordinary)
