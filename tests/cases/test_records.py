"""询问笔录 and 听证笔录: taken by two handlers with the IDs shown, the 问/答 text, the stored 听证通知 date checked
against the hearing, the hearing record the decision waits for, and the 案卷 in the filing order of §2.4."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.documents import file_note_context, filing_order
from shuangsuiji.cases.models import Case, CaseSettings, Interview
from shuangsuiji.documents.registry import DocumentError
from shuangsuiji.documents.services import render_pdf
from shuangsuiji.domain.transcripts import TranscriptError, parse_transcript
from tests.cases.test_cases import CHECKS, investigated, opened
from tests.cases.test_preservation import preserved
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday")]
QA = "问：你单位是否设置统计台账？\n答：没有。\n只有报表底稿。\n问：由谁负责？\n答：统计员赵某。"


def interview(case: Case, coordinator: Any, handlers: list[Any], **changes: Any) -> Interview:
    start = timezone.now() - dt.timedelta(minutes=5)
    values = {
        "actor": coordinator,
        "case": case,
        "person": "赵统计",
        "person_role": "统计员",
        "asker": handlers[0],
        "recorder": handlers[1],
        "started_at": start,
        "ended_at": start + dt.timedelta(minutes=4),
        "place": "该单位会议室",
        "transcript": QA,
        "ids_shown": True,
        **changes,
    }
    return svc.record_interview(**values)


def test_the_transcript_is_read_as_questions_and_answers() -> None:
    assert parse_transcript(QA)[1] == ("答", "没有。\n只有报表底稿。")
    assert parse_transcript("问:姓名?\n答:赵某") == [("问", "姓名?"), ("答", "赵某")]
    with pytest.raises(TranscriptError, match="第1行"):
        parse_transcript("你好\n问：x\n答：y")
    with pytest.raises(TranscriptError, match="一问一答"):
        parse_transcript("问：只有问题")


def test_an_interview_is_taken_by_two_handlers_who_showed_their_ids(
    coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    from tests.factories import InspectorFactory

    outsider = InspectorFactory(bureau=unit.bureau, certificate_no="14052299999", name="非承办人")
    case = opened(coordinator, leader, unit, handlers)
    with pytest.raises(svc.CaseError) as refused:
        interview(case, coordinator, handlers, recorder=handlers[0], ids_shown=False, transcript="问：x")
    assert set(refused.value.errors) == {"recorder", "ids_shown", "transcript"}
    with pytest.raises(svc.CaseError, match="询问人须为本案承办人"):
        interview(case, coordinator, handlers, asker=outsider)
    late = timezone.now() + dt.timedelta(hours=2)
    with pytest.raises(svc.CaseError, match="不能晚于现在"):
        interview(case, coordinator, handlers, started_at=late, ended_at=late + dt.timedelta(hours=1))
    item = interview(case, coordinator, handlers)
    assert render_pdf("case_interview", item).startswith(b"%PDF")
    investigated(case, coordinator)
    with pytest.raises(svc.CaseError, match="调查终结"):
        interview(Case.objects.get(pk=case.pk), coordinator, handlers)


def test_the_interview_page_keeps_the_text_and_names_the_field(
    coordinator: Any, leader: Any, unit: Any, handlers: list[Any], other_county_user: Any
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    url = f"/cases/{case.pk}/interview/"
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(other_county_user).get(url).status_code == 404
    assert client_for(leader).get(url).status_code == 403
    data = {
        "person": "赵统计",
        "person_role": "统计员",
        "asker": handlers[0].pk,
        "recorder": handlers[0].pk,
        "started_at": (timezone.localtime() - dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "ended_at": (timezone.localtime() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "place": "会议室",
        "transcript": QA,
        "ids_shown": "on",
    }
    response = client_for(coordinator).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400 and "记录人不能与询问人为同一人" in page and "只有报表底稿" in page
    response = client_for(coordinator).post(url, {**data, "recorder": handlers[1].pk})
    assert response.status_code == 302 and Interview.objects.filter(case=case).count() == 1
    assert "赵统计" in client_for(coordinator).get(f"/cases/{case.pk}/").content.decode()


def notified_with_hearing(
    world: Any, coordinator: Any, leader: Any, reviewer: Any, unit: Any, handlers: list[Any]
) -> Case:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=20_000)
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=20_000)
    svc.review(actor=reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    return svc.request_hearing(actor=coordinator, case=case, requested_on=timezone.localdate())


def test_the_hearing_notice_date_is_stored_and_checked(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = notified_with_hearing(world, coordinator, leader, legal_reviewer, unit, handlers)
    today = timezone.localdate()
    hearing_on = current_workdays(today, 7)
    with pytest.raises(svc.CaseError) as refused:
        svc.schedule_hearing(
            actor=coordinator, case=case, noticed_on=today, hearing_on=current_workdays(today, 6), place="", chair=""
        )
    assert set(refused.value.errors) == {"hearing_on", "place", "chair"}
    with pytest.raises(svc.CaseError, match="通知日期应在申请听证日期"):
        svc.schedule_hearing(
            actor=coordinator,
            case=case,
            noticed_on=today - dt.timedelta(days=1),
            hearing_on=hearing_on,
            place="听证室",
            chair="王主持",
        )
    case = svc.schedule_hearing(
        actor=coordinator, case=case, noticed_on=today, hearing_on=hearing_on, place="听证室", chair="王主持"
    )
    assert (case.hearing_noticed_on, case.hearing_on, case.hearing_place) == (today, hearing_on, "听证室")
    # the bureau's own period counts: a 10-working-day notice makes the same date too late
    from shuangsuiji.deadlines.models import DeadlineRule

    DeadlineRule.objects.create(bureau=world.county, code="hearing_notice", counting="working_days", amount=10)
    with pytest.raises(svc.CaseError, match="10个工作日前"):
        svc.schedule_hearing(
            actor=coordinator, case=case, noticed_on=today, hearing_on=hearing_on, place="听证室", chair="王主持"
        )


def current_workdays(start: dt.date, n: int) -> dt.date:
    from shuangsuiji.deadlines.selectors import current_calendar

    return current_calendar().add_workdays(start, n).on


def test_a_party_that_stays_away_waives_and_the_decision_follows_the_record(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = notified_with_hearing(world, coordinator, leader, legal_reviewer, unit, handlers)
    today = timezone.localdate()
    hearing_on = current_workdays(today, 8)
    svc.schedule_hearing(
        actor=coordinator, case=case, noticed_on=today, hearing_on=hearing_on, place="听证室", chair="王主持"
    )
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=(hearing_on - today).days)):
        record = {"actor": coordinator, "case": case, "participants": "调查人员", "recorder": "李记录"}
        with pytest.raises(svc.CaseError) as refused:
            svc.record_hearing(
                **record, party_attended=True, investigator_statement="", party_statement="", transcript="经过"
            )
        assert set(refused.value.errors) == {"investigator_statement", "party_statement"}
        item = svc.record_hearing(
            **record,
            party_attended=False,
            investigator_statement="",
            party_statement="",
            transcript="当事人经通知未到场",
        )
        assert item.held_on == hearing_on and not item.party_attended
        with pytest.raises(svc.CaseError, match="不能重新通知"):
            svc.schedule_hearing(
                actor=coordinator, case=case, noticed_on=today, hearing_on=hearing_on, place="x", chair="王主持"
            )
        case = svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=20_000)
        assert render_pdf("case_hearing_record", case).startswith(b"%PDF")
        assert render_pdf("case_hearing", case).startswith(b"%PDF")


def test_the_case_file_follows_the_filing_order(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    interview(case, coordinator, handlers)
    item = preserved(case, coordinator, leader)
    svc.decide_preservation(
        actor=leader, preservation=item, decision="released", note="已复制", decided_on=timezone.localdate()
    )
    kinds = [code for code, _ in filing_order(case)]
    expected = [
        "case_opening",
        "case_interview",
        "case_preservation_notice",
        "case_preservation_decision",
        "case_report",
        "case_notice",
        "case_waiver",
        "case_statement",
        "case_hearing",
        "case_hearing_record",
        "case_review",
        "case_decision_approval",
        "case_decision",
        "case_no_penalty",
        "case_transfer",
        "case_judicial_transfer",
        "case_service",
        "case_closing",
    ]
    assert kinds == expected
    with pytest.raises(DocumentError, match="尚未举行听证"):
        render_pdf("case_hearing_record", case)
    dossier = render_pdf("case_dossier", case)
    assert dossier.startswith(b"%PDF")
    from pypdf import PdfReader

    outline = [entry.title for entry in PdfReader(io.BytesIO(dossier)).outline]
    assert outline[-1] == "卷内备考表" and outline[0] == "立案审批表"
    note = file_note_context(case, [render_pdf("case_opening", case)])
    assert note["documents"] == 1 and note["pages"] >= 1
    assert any("原物不入卷" in n and item.place in n for n in note["notes"])


def test_the_hearing_forms_on_the_case_page(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    CaseSettings.objects.create(bureau=world.county, hearing_threshold_organisation=20_000)
    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=20_000)
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk))
    fazhi, today = client_for(coordinator), timezone.localdate()
    assert "记录听证申请" in fazhi.get(f"/cases/{case.pk}/").content.decode()
    fazhi.post(f"/cases/{case.pk}/hearing_request/", {"requested_on": today.isoformat()})
    too_soon = {"noticed_on": today.isoformat(), "hearing_on": today.isoformat(), "place": "听证室", "chair": "王主持"}
    page = fazhi.post(f"/cases/{case.pk}/hearing_notice/", too_soon, follow=True).content.decode()
    assert "听证通知书应于听证7个工作日前送达" in page
    hearing_on = current_workdays(today, 7)
    fazhi.post(f"/cases/{case.pk}/hearing_notice/", {**too_soon, "hearing_on": hearing_on.isoformat()})
    case.refresh_from_db()
    assert case.hearing_noticed_on == today and case.hearing_on == hearing_on
    url = f"/cases/{case.pk}/hearing-record/"
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=(hearing_on - today).days)):
        fazhi = client_for(coordinator)  # the session from before the hearing has expired
        form = {"participants": "双方", "recorder": "李记录", "party_attended": "1", "transcript": "经过"}
        refused = fazhi.post(url, form)
        assert refused.status_code == 400 and "请填写当事人的陈述、申辩和质证意见" in refused.content.decode()
        done = fazhi.post(url, {**form, "investigator_statement": "属实", "party_statement": "请求从轻"})
        assert done.status_code == 302 and done["Location"].endswith("#hearing")
        assert "参加人员：双方" in fazhi.get(f"/cases/{case.pk}/").content.decode()


def test_a_hearing_date_without_its_record_is_not_invented_but_asked_for(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    """Data from before the 听证笔录: a hearing date with no notice date and no record. Nothing is made up from the
    date; the page and the services say what to enter, and a decided case takes the paper record as a 补录."""
    case = notified_with_hearing(world, coordinator, leader, legal_reviewer, unit, handlers)
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(hearing_on=today)
    case.refresh_from_db()
    assert "请先补录听证通知" in svc.missing_hearing_record(case)
    record = {"participants": "双方", "recorder": "李记录", "party_attended": False}
    texts = {"investigator_statement": "", "party_statement": "", "transcript": "未到场"}
    with pytest.raises(svc.CaseError, match="请先补录听证通知"):
        svc.record_hearing(actor=coordinator, case=case, **record, **texts)
    with pytest.raises(svc.CaseError, match="请先补录听证通知"):
        svc.decide(actor=leader, case=case, fine=20_000)
    page = client_for(coordinator).get(f"/cases/{case.pk}/").content.decode()
    assert "未记录听证通知书的送达日期" in page and "记录听证通知" in page
    # decided before the platform kept the record: the paper record is entered afterwards, marked as such
    Case.objects.filter(pk=case.pk).update(status="decided", decided_on=today, fine=20_000, outcome="penalty")
    case.refresh_from_db()
    assert "请按纸质听证笔录补录" in svc.missing_hearing_record(case)
    assert "补录听证笔录" in client_for(coordinator).get(f"/cases/{case.pk}/").content.decode()
    item = svc.record_hearing(actor=coordinator, case=case, **record, **texts)
    assert item.held_on == today and svc.missing_hearing_record(case) == ""
    from shuangsuiji.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="cases.hearing_backfilled", object_id=str(case.pk)).exists()
    assert render_pdf("case_hearing_record", case).startswith(b"%PDF")
    with pytest.raises(svc.CaseError, match="已有听证笔录"):
        svc.record_hearing(actor=coordinator, case=case, **record, **texts)


def test_each_outcome_without_a_penalty_has_its_document(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    from django.template.loader import render_to_string

    from shuangsuiji.cases.documents import judicial_transfer_context, no_penalty_context, transfer_context

    case = investigated(opened(coordinator, leader, unit, handlers), coordinator, fine=20_000)
    with pytest.raises(DocumentError, match="未作出不予行政处罚决定"):
        render_pdf("case_no_penalty", case)
    with pytest.raises(svc.CaseError, match="接收移送的机关") as refused:
        svc.close_without_penalty(actor=leader, case=case, outcome="judicial", reason="虚报数额巨大，涉嫌犯罪")
    assert list(refused.value.errors) == ["transferred_to"]
    closed = svc.close_without_penalty(
        actor=leader, case=case, outcome="judicial", reason="虚报数额巨大，涉嫌犯罪", transferred_to="阳城县公安局"
    )
    assert closed.transferred_to == "阳城县公安局"
    html = render_to_string("cases/documents/judicial_transfer.html", judicial_transfer_context(closed))
    assert "阳城县公安局：" in html and "虚报数额巨大，涉嫌犯罪" in html
    assert "涉嫌犯罪案件调查报告" in html and "3日内" in html
    assert render_pdf("case_judicial_transfer", closed).startswith(b"%PDF")
    assert "case_judicial_transfer" in [code for code, _ in filing_order(closed)]

    other_unit = type(unit).objects.filter(bureau=world.county, status="OPERATING").exclude(pk=unit.pk).first()
    first = investigated(opened(coordinator, leader, other_unit, handlers), coordinator, fine=20_000)
    with pytest.raises(svc.CaseError, match="法制审核"):
        svc.close_without_penalty(actor=leader, case=first, outcome="no_penalty", reason="初次违法且及时改正")
    svc.review(actor=legal_reviewer, case=first, checklist=CHECKS, opinion="agree", reasons="同意不予处罚")
    spared = svc.close_without_penalty(
        actor=leader, case=first, outcome="no_penalty", reason="初次违法且危害后果轻微并及时改正", transferred_to="x"
    )
    assert spared.transferred_to == ""  # only a transfer names a receiving body
    text = render_to_string("cases/documents/no_penalty.html", no_penalty_context(spared))
    assert "不予行政处罚" in text and "第三十三条" in text
    with pytest.raises(DocumentError):
        transfer_context(spared)
    assert render_pdf("case_dossier", spared).startswith(b"%PDF")
