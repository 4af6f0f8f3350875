"""A case from an inspection finding to closure; the decision is refused without a clearing legal review, after
the 3-month limit, and while a requested hearing is pending; the reviewer is never a handler."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.models import Case, CaseSettings, HearingRecord
from shuangsuiji.cases.selectors import case_statistics
from shuangsuiji.core.roles import Role
from shuangsuiji.publicity.models import Publication
from tests.cases.conftest import waived
from tests.conftest import _user

pytestmark = pytest.mark.django_db
CHECKS = dict.fromkeys(svc.REVIEW_CHECKLIST, True)


def opened(coordinator: Any, leader: Any, unit: Any, handlers: list[Any]) -> Case:
    case = svc.propose_case(
        actor=coordinator,
        unit=unit,
        source="inspection",
        violations=["false_data"],
        violation_end=timezone.localdate() - dt.timedelta(days=30),
        facts="虚报营业收入",
        handlers=handlers,
    )
    return svc.approve_opening(actor=leader, case=case, approve=True)


def band_for(case: Case, fine: int, severe: bool = False) -> str:
    """The first band of the bureau's 裁量基准 that applies to the case and contains the fine."""
    return next(b.ref for b in svc.candidate_bands(case) if b.severe == severe and b.contains(fine))


def investigated(case: Case, coordinator: Any, fine: int = 60_000) -> Case:
    return svc.finish_investigation(
        actor=coordinator,
        case=case,
        report="经调查属实",
        severe_reasons=[],
        proposed_fine=fine,
        reasoning="按裁量基准中档",
        band=band_for(case, fine),
    )


def mark_hearing_held(case: Case, reviewer: Any) -> Case:
    """A hearing noticed and held today, and its 听证笔录 reviewed (the hearing rules themselves are tested above)."""
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        hearing_noticed_on=today, hearing_on=today, hearing_place="本局听证室", hearing_chair="王主持"
    )
    HearingRecord.objects.create(case=case, held_on=today, participants="双方", recorder="李记录", transcript="听证")
    case.refresh_from_db()
    svc.review(actor=reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="听证笔录已审，同意")
    case.refresh_from_db()
    return case


def test_the_whole_case_with_a_refused_then_agreed_review(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    assert case.status == "investigating" and case.due_on and case.code.endswith("1号")
    case = investigated(case, coordinator)
    assert case.is_major and case.law == "2024"
    with pytest.raises(svc.CaseError, match="法制审核"):
        svc.notify(actor=coordinator, case=case)
    first = svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="disagree", reasons="证据不足")
    case.refresh_from_db()
    assert case.status == "investigated" and not first.clears_the_decision
    svc.head_decides_disagreement(actor=leader, item=first, proceed=False, decision="补充调取台账")
    case.refresh_from_db()
    assert case.status == "investigating"
    case = investigated(case, coordinator)
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="事实清楚")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    assert case.hearing_right  # 60,000 ≥ the 50,000 default for organisations
    with pytest.raises(svc.CaseError, match=r"陈述、申辩的期限.*尚未届满.*第六十二条"):
        svc.decide(actor=leader, case=case, fine=60_000)
    case = waived(coordinator, case)
    type(unit).objects.filter(pk=unit.pk).update(risk_class="A")
    case = svc.decide(actor=leader, case=case, fine=60_000)
    assert case.status == "decided" and "罚决" in case.decision_number
    assert type(unit).objects.get(pk=unit.pk).risk_class == "C"  # the bureau's rule: a penalty → at least C
    publication = Publication.objects.get(kind="decision", subject_id=str(case.pk))
    labels = dict(publication.payload["fields"])
    assert labels["处罚内容"] == "警告，罚款人民币 60,000 元" and labels["统一社会信用代码"] == unit.uscc
    assert "决定书文号" in client.get(f"/public/p/{publication.pk}/").content.decode()
    case = svc.serve(actor=coordinator, case=case, served_on=timezone.localdate())
    case = svc.record_payment(actor=coordinator, case=case, paid_on=timezone.localdate())
    assert case.late_fee == 0
    case = svc.close(actor=coordinator, case=case, note="罚款已缴清，结案")
    assert case.status == "closed"
    today = timezone.localdate()
    stats = case_statistics([world.county.pk], today.replace(month=1, day=1), today)
    assert stats == {"opened": 1, "decisions": 1, "penalties": 1, "fines_total": 60_000, "closed": 1}


def test_no_decision_without_a_clearing_review(coordinator: Any, leader: Any, unit: Any, handlers: list[Any]) -> None:
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator)
    with pytest.raises(svc.CaseError, match="法制审核"):
        svc.decide(actor=leader, case=case, fine=60_000)
    case.refresh_from_db()
    assert case.status == "investigated" and not Publication.objects.filter(kind="decision").exists()


def test_a_handler_cannot_review_and_the_checklist_must_be_complete(
    world: Any, coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    from shuangsuiji.inspectors.services.inspectors import link_user

    reviewer = _user("reviewer2", world.county, Role.LEGAL_REVIEWER)
    link_user(actor=None, inspector=handlers[0], user=reviewer)
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator)
    with pytest.raises(svc.CaseError, match="承办人不能"):
        svc.review(actor=reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    other = _user("reviewer3", world.county, Role.LEGAL_REVIEWER)
    with pytest.raises(svc.CaseError, match="逐项审查"):
        svc.review(actor=other, case=case, checklist={"facts": True}, opinion="agree", reasons="同意")


def test_the_three_month_limit_and_its_single_extension(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=30_000)
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    later = timezone.localtime() + dt.timedelta(days=100)
    with time_machine.travel(later, tick=False):
        with pytest.raises(svc.CaseError, match="超过办案期限"):
            svc.decide(actor=leader, case=case, fine=30_000)
        case = svc.extend(actor=leader, case=case, reason="需调取外省资料")
        with pytest.raises(svc.CaseError, match="只能延长一次"):
            svc.extend(actor=leader, case=case, reason="再次延长")
        assert svc.decide(actor=leader, case=case, fine=30_000).status == "decided"


def test_the_hearing_threshold_request_window_notice_and_chair(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=20_000)
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=20_000)
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    assert case.hearing_right
    today = timezone.localdate()
    with pytest.raises(svc.CaseError, match="5个工作日"):
        svc.request_hearing(actor=coordinator, case=case, requested_on=today + dt.timedelta(days=20))
    case = svc.request_hearing(actor=coordinator, case=case, requested_on=today)
    from shuangsuiji.documents.registry import DocumentError
    from shuangsuiji.documents.services import render_pdf

    with pytest.raises(DocumentError, match="听证日期"):
        render_pdf("case_hearing", case)
    with pytest.raises(svc.CaseError, match="须举行听证"):
        svc.decide(actor=leader, case=case, fine=20_000)
    notice = {"actor": coordinator, "case": case, "noticed_on": today, "place": "本局听证室"}
    with pytest.raises(svc.CaseError, match="承办人担任") as refused:
        svc.schedule_hearing(**notice, hearing_on=today + dt.timedelta(days=20), chair=handlers[0].name)
    assert refused.value.errors == {"chair": "听证主持人不能由本案承办人担任（行政处罚法第六十四条）"}
    with pytest.raises(svc.CaseError, match="7个工作日前") as refused:
        svc.schedule_hearing(**notice, hearing_on=today + dt.timedelta(days=3), chair="王主持")
    assert list(refused.value.errors) == ["hearing_on"]
    case = svc.schedule_hearing(**notice, hearing_on=today + dt.timedelta(days=20), chair="王主持")
    assert case.hearing_noticed_on == today
    with pytest.raises(svc.CaseError, match="尚未到期"):
        svc.record_hearing(
            actor=coordinator,
            case=case,
            participants="调查人员、当事人",
            recorder="李记录",
            party_attended=True,
            investigator_statement="虚报属实",
            party_statement="请求从轻",
            transcript="主持人宣布听证开始……",
        )
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=20), tick=False):
        assert render_pdf("case_hearing", case).startswith(b"%PDF")
        svc.record_hearing(
            actor=coordinator,
            case=case,
            participants="调查人员、当事人",
            recorder="李记录",
            party_attended=True,
            investigator_statement="虚报属实",
            party_statement="请求从轻",
            transcript="主持人宣布听证开始……",
        )
        # 经过听证的决定 is reviewed again, on the 听证笔录: first refused (不同意), then the head decides
        with pytest.raises(svc.CaseError, match="听证后须就听证笔录再经法制审核"):
            svc.decide(actor=leader, case=case, fine=15_000)
        again = svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="disagree", reasons="罚款偏高")
        assert Case.objects.get(pk=case.pk).status == "notified"
        with pytest.raises(svc.CaseError, match="须由局领导作出决定"):
            svc.decide(actor=leader, case=case, fine=15_000)
        with pytest.raises(svc.CaseError, match="当前不需要法制审核"):
            svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="再审")
        svc.head_decides_disagreement(actor=leader, item=again, proceed=True, decision="按听证意见减轻至 15,000 元")
        case = Case.objects.get(pk=case.pk)
        assert case.status == "notified"
        with pytest.raises(svc.CaseError, match="不得高于"):
            svc.decide(actor=leader, case=case, fine=25_000)
        assert svc.decide(actor=leader, case=case, fine=15_000).fine == 15_000
    from shuangsuiji.cases.documents import review_context

    filed = review_context(case)
    assert [r.opinion for r in filed["earlier"]] == ["agree"] and filed["review"].after_hearing
    assert filed["review"].head_decision.startswith("继续作出决定")


def test_opening_checks_handlers_recusal_and_limitation(
    world: Any, coordinator: Any, unit: Any, handlers: list[Any]
) -> None:
    from shuangsuiji.inspectors.models import InspectorConflict

    base = {"actor": coordinator, "unit": unit, "source": "complaint", "violations": ["late"], "facts": "迟报"}
    today = timezone.localdate()
    with pytest.raises(svc.CaseError, match="不得少于两人"):
        svc.propose_case(**base, violation_end=today, handlers=handlers[:1])
    with pytest.raises(svc.CaseError, match="超过2年"):
        svc.propose_case(**base, violation_end=today - dt.timedelta(days=800), handlers=handlers)
    InspectorConflict.objects.create(inspector=handlers[1], unit_uscc=unit.uscc, reason="亲属", declared_on=today)
    with pytest.raises(svc.CaseError, match="回避"):
        svc.propose_case(**base, violation_end=today, handlers=handlers)
    assert not Case.objects.exists()


def test_pages_work_for_each_role(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], other_county_user: Any
) -> None:
    from tests.conftest import client_for

    case = investigated(opened(coordinator, leader, unit, handlers), coordinator)
    for user in (coordinator, leader, legal_reviewer):
        for url in (
            "/cases/",
            f"/cases/{case.pk}/",
            "/cases/calculator/?violations=late&party=organisation&violation_end=2024-05-01",
        ):
            assert client_for(user).get(url).status_code == 200, (user, url)
    assert client_for(other_county_user).get(f"/cases/{case.pk}/").status_code == 404
    page = client_for(legal_reviewer).get(f"/cases/{case.pk}/").content.decode()
    assert "提交法制审核意见" in page
    calc = client_for(coordinator).get(
        "/cases/calculator/?violations=late&party=organisation&violation_end=2024-05-01&decided_on=2025-01-01"
    )
    assert "0 — 10000 元" in calc.content.decode()
    response = client_for(coordinator).post(
        "/cases/new/",
        {"uscc": unit.uscc, "source": "complaint", "violations": ["late"], "violation_end": "2026-13-01", "facts": "x"},
    )
    assert "不是有效日期" in response.content.decode()


def test_the_case_documents_render_as_the_case_reaches_them(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    from shuangsuiji.documents.registry import DocumentError
    from shuangsuiji.documents.services import render_pdf

    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=20_000)
    assert render_pdf("case_opening", case).startswith(b"%PDF")
    assert render_pdf("case_report", case).startswith(b"%PDF")
    with pytest.raises(DocumentError, match="尚未作出处罚决定"):
        render_pdf("case_decision", case)
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    case = svc.decide(actor=leader, case=waived(coordinator, case), fine=20_000)
    for kind in ("case_review", "case_notice", "case_decision", "case_service", "case_dossier"):
        assert render_pdf(kind, case).startswith(b"%PDF"), kind


def test_a_revoked_decision_is_withdrawn_from_the_portal(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any], client: Any
) -> None:
    from shuangsuiji.deadlines.models import Deadline

    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=20_000)
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    case = svc.decide(actor=leader, case=waived(coordinator, case), fine=20_000)
    publication = Publication.objects.get(kind="decision")
    case = svc.revoke_decision(actor=leader, case=case, reason="行政复议决定撤销")
    publication.refresh_from_db()
    assert publication.withdrawn_at is not None and case.outcome == "dropped"
    page = client.get(f"/public/p/{publication.pk}/").content.decode()
    assert "撤下" in page and "处罚内容" not in page
    assert Deadline.objects.get(kind="decision_withdrawal", subject_id=str(case.pk)).status == "done"


def test_a_heavy_penalty_needs_a_collective_discussion_first(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=100_000)
    assert case.collective_required
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    svc.request_hearing(actor=coordinator, case=case, requested_on=timezone.localdate())
    case = mark_hearing_held(case, legal_reviewer)
    with pytest.raises(svc.CaseError, match="集体讨论"):
        svc.decide(actor=leader, case=case, fine=100_000)
    with pytest.raises(svc.CaseError, match="参加人员"):
        svc.record_collective_discussion(
            actor=leader, case=case, held_on=timezone.localdate(), participants="", conclusion=""
        )
    svc.record_collective_discussion(
        actor=leader,
        case=case,
        held_on=timezone.localdate(),
        participants="局长、分管副局长、法制室",
        conclusion="同意",
    )
    assert svc.decide(actor=leader, case=case, fine=100_000).status == "decided"
