"""陈述申辩笔录 and 复核意见: recorded after the notice when no hearing was asked for, reviewed before the decision,
and never a reason for a heavier fine; the 集体讨论记录 and 处罚决定审批表 documents, and the 案卷 that files them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.documents import filing_order
from shuangsuiji.cases.models import Case, CaseSettings, PartyStatement
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.documents.registry import DocumentError
from shuangsuiji.documents.services import render_pdf
from tests.cases.test_cases import CHECKS, investigated, opened
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
SAID = {
    "manner": "written",
    "person": "张经理",
    "person_role": "法定代表人",
    "recorder": "",
    "statement": "营业收入多报系会计口径理解错误，已主动更正，请求从轻处罚。",
}


def notified(coordinator: Any, leader: Any, reviewer: Any, unit: Any, handlers: list[Any], fine: int = 30_000) -> Case:
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=fine)
    svc.review(actor=reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    return svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))


def state(case: Case, actor: Any, **changes: Any) -> PartyStatement:
    values = {"actor": actor, "case": case, "stated_on": timezone.localdate(), **SAID, **changes}
    return svc.record_statement(**values)


def test_a_decision_after_a_statement_may_not_be_heavier_than_the_notice(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=100_000)
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=30_000)
    state(case, coordinator)
    with pytest.raises(svc.CaseError, match="须先对其提出的事实、理由和证据进行复核"):
        svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=30_000)
    with pytest.raises(svc.CaseError, match="不得因当事人陈述、申辩而给予更重的处罚") as refused:
        svc.review_statement(actor=coordinator, case=case, opinion="partly", reasons="部分成立", reviewed_fine=35_000)
    assert list(refused.value.errors) == ["reviewed_fine"]
    svc.review_statement(actor=coordinator, case=case, opinion="rejected", reasons="口径明确，理由不成立")
    with pytest.raises(svc.CaseError, match="不得因当事人陈述、申辩而给予更重的处罚") as refused:
        svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=30_001)
    assert list(refused.value.errors) == ["fine"]
    assert not Case.objects.get(pk=case.pk).decided_on
    decided = svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=30_000)
    assert decided.fine == 30_000
    actions = set(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {"cases.statement_recorded", "cases.statement_reviewed"} <= actions


def test_an_accepted_defence_lowers_the_fine_the_decision_may_reach(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=100_000)
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=30_000)
    state(case, coordinator)
    with pytest.raises(svc.CaseError, match="请填写复核后的拟罚款"):
        svc.review_statement(actor=coordinator, case=case, opinion="accepted", reasons="已更正")
    item = svc.review_statement(
        actor=coordinator, case=case, opinion="partly", reasons="已主动更正", reviewed_fine=25_000
    )
    assert item.reviewed_fine == 25_000 and item.reviewed_on == timezone.localdate()
    with pytest.raises(svc.CaseError, match="已复核"):
        svc.review_statement(actor=coordinator, case=case, opinion="rejected", reasons="再审")
    with pytest.raises(svc.CaseError, match="调整为 25,000 元"):
        svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=28_000, reason="x")
    decided = svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=25_000)
    assert decided.fine == 25_000
    assert render_pdf("case_statement", decided).startswith(b"%PDF")


def test_the_statement_is_checked_and_refused_once_a_hearing_was_requested(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=20_000)
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=30_000)
    with pytest.raises(svc.CaseError) as refused:
        state(
            case,
            coordinator,
            stated_on=case.notified_on - dt.timedelta(days=1),
            manner="oral",
            person=" ",
            statement="",
        )
    assert set(refused.value.errors) == {"stated_on", "person", "recorder", "statement"}
    with pytest.raises(svc.CasePermissionError):
        state(case, leader)
    with pytest.raises(DocumentError, match="没有陈述申辩笔录"):
        render_pdf("case_statement", case)
    svc.request_hearing(actor=coordinator, case=case, requested_on=timezone.localdate())
    with pytest.raises(svc.CaseError, match="记入听证笔录"):
        state(Case.objects.get(pk=case.pk), coordinator)


def test_the_statement_page_takes_the_statement_then_the_review(
    world: Any,
    coordinator: Any,
    leader: Any,
    legal_reviewer: Any,
    unit: Any,
    handlers: list[Any],
    other_county_user: Any,
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=100_000)
    case = notified(coordinator, leader, legal_reviewer, unit, handlers)
    url = f"/cases/{case.pk}/statement/"
    fazhi = client_for(coordinator)
    assert "记录陈述申辩笔录" in fazhi.get(f"/cases/{case.pk}/").content.decode()
    assert client_for(other_county_user).get(url).status_code == 404
    assert client_for(leader).get(url).status_code == 403
    form = {**SAID, "stated_on": timezone.localdate().isoformat(), "manner": "oral"}
    refused = fazhi.post(url, form)
    assert refused.status_code == 400 and "口头陈述申辩须填写记录人" in refused.content.decode()
    assert "会计口径" in refused.content.decode()
    assert fazhi.post(url, {**form, "recorder": "李记录"}).status_code == 302
    page = fazhi.get(url).content.decode()
    assert "保存复核意见" in page and "会计口径" in page
    refused = fazhi.post(url, {"opinion": "partly", "reasons": "部分成立", "reviewed_fine": "40000"})
    assert refused.status_code == 400 and "不得因当事人陈述、申辩而给予更重的处罚" in refused.content.decode()
    done = fazhi.post(url, {"opinion": "partly", "reasons": "部分成立", "reviewed_fine": "20000"})
    assert done.status_code == 302 and done["Location"].endswith("#statement")
    assert "复核后拟罚款 20000 元" in fazhi.get(f"/cases/{case.pk}/").content.decode()
    page = fazhi.get(url).content.decode()
    assert "保存复核意见" not in page and "部分采纳：部分成立" in page
    assert fazhi.post(url, {"opinion": "rejected", "reasons": "再"}).status_code == 400


def test_the_statement_over_the_api(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=100_000)
    case = notified(coordinator, leader, legal_reviewer, unit, handlers)
    api = client_for(coordinator)
    body = {**SAID, "stated_on": timezone.localdate().isoformat()}
    created = api.post(f"/api/v1/cases/{case.pk}/statement", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["statement"]["person"] == "张经理"
    path = f"/api/v1/cases/{case.pk}/statement/review"
    heavier = {"opinion": "partly", "reasons": "部分成立", "reviewed_fine": 31_000}
    refused = api.post(path, heavier, content_type="application/json")
    assert refused.status_code == 422 and "reviewed_fine" in refused.json()["errors"]
    assert client_for(leader).post(path, heavier, content_type="application/json").status_code == 403
    done = api.post(path, {**heavier, "reviewed_fine": 20_000}, content_type="application/json")
    assert done.status_code == 200 and done.json()["statement"]["reviewed_fine"] == 20_000


def test_the_case_file_files_the_discussion_and_the_approval_form_in_order(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(
        bureau=world.county, hearing_threshold_organisation=200_000, collective_fine_threshold=30_000
    )
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=30_000)
    assert case.collective_required
    discussion = svc.record_collective_discussion(
        actor=leader, case=case, held_on=timezone.localdate(), participants="局长、副局长", conclusion="同意罚款"
    )
    assert render_pdf("case_discussion", discussion).startswith(b"%PDF")
    page = client_for(coordinator).get(f"/cases/{case.pk}/").content.decode()
    assert f"/documents/about/cases.collectivediscussion/{discussion.pk}/" in page
    about = client_for(coordinator).get(f"/documents/about/cases.collectivediscussion/{discussion.pk}/")
    assert about.status_code == 200 and "案件集体讨论记录" in about.content.decode()
    with pytest.raises(DocumentError, match="没有处罚决定审批表"):
        render_pdf("case_decision_approval", case)
    state(case, coordinator)
    svc.review_statement(actor=coordinator, case=case, opinion="rejected", reasons="理由不成立")
    case = svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=30_000)
    kinds = [code for code, _ in filing_order(case)]
    assert kinds[kinds.index("case_notice") :] == [
        "case_notice",
        "case_waiver",
        "case_statement",
        "case_hearing",
        "case_hearing_record",
        "case_review",
        "case_discussion",
        "case_decision_approval",
        "case_decision",
        "case_no_penalty",
        "case_transfer",
        "case_judicial_transfer",
        "case_service",
        "case_closing",
    ]
    from shuangsuiji.cases.documents import decision_approval_context

    context = decision_approval_context(case)
    assert context["approved_by"] and context["discussions"] == [discussion]
    assert render_pdf("case_decision_approval", case).startswith(b"%PDF")
    assert render_pdf("case_dossier", case).startswith(b"%PDF")


def test_a_reviewed_fine_stays_inside_the_legal_range(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    from tests.cases.test_cases import band_for

    case = opened(coordinator, leader, unit, handlers)
    case = svc.finish_investigation(
        actor=coordinator,
        case=case,
        report="虚报数额巨大",
        severe_reasons=["serious_consequences"],
        proposed_fine=150_000,
        reasoning="情节严重",
        band=band_for(case, 150_000, severe=True),
    )
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    state(case, coordinator)
    with pytest.raises(svc.CaseError, match="情节严重的，罚款不得低于 100,000 元") as refused:
        svc.review_statement(actor=coordinator, case=case, opinion="partly", reasons="部分成立", reviewed_fine=50_000)
    assert list(refused.value.errors) == ["reviewed_fine"]
    item = svc.review_statement(
        actor=coordinator, case=case, opinion="partly", reasons="部分成立", reviewed_fine=120_000
    )
    assert item.reviewed_fine == 120_000
