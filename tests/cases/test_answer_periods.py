"""No decision before the party has had its say (行政处罚法 Art 62): the decision waits for the 陈述申辩 period of
the notice (and, with a hearing right, the period to ask for a hearing), unless the party stated its case or
expressly waived its rights; the periods are the bureau's deadline rules and the notice names their last days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.documents import filing_order, notice_context, waiver_context
from shuangsuiji.cases.models import Case, CaseSettings
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.deadlines.services.rules import change_rule
from shuangsuiji.documents.services import render_pdf
from tests.cases.test_statements import notified, state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday")]
WAIVER = {"person": "张经理", "person_role": "法定代表人", "waiver": "书面声明放弃陈述、申辩权利"}


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_the_decision_waits_until_the_statement_period_has_passed(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=30_000)
    assert not case.hearing_right
    [period] = svc.answer_periods(case)
    assert period["days"] == 3 and period["ends"] == svc._workdays(case.notified_on, 3) and period["pending"]
    with pytest.raises(svc.CaseError, match=f"陈述、申辩的期限（事先告知后3个工作日，至 {period['ends']}）尚未届满"):
        svc.decide(actor=leader, case=case, fine=30_000)
    with time_machine.travel(_noon(period["ends"]), tick=False), pytest.raises(svc.CaseError, match="尚未届满"):
        svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=30_000)
    with time_machine.travel(_noon(period["ends"] + dt.timedelta(days=1)), tick=False):
        assert not svc.answer_periods(Case.objects.get(pk=case.pk))[0]["pending"]
        assert svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=30_000).status == "decided"


def test_a_hearing_right_holds_the_decision_until_the_request_period_ends(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    change_rule(actor=coordinator, bureau=world.county, code="statement_period", counting="working_days", amount=2)
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=60_000)
    assert case.hearing_right
    statement, hearing = svc.answer_periods(case)
    assert statement["days"] == 2 and hearing["days"] == 5 and hearing["ends"] > statement["ends"]
    # the party states its case in writing and the handlers review it: the statement period no longer holds the
    # decision back, but the party may still ask for a hearing until its period ends
    state(case, coordinator)
    svc.review_statement(actor=coordinator, case=case, opinion="rejected", reasons="理由不成立")
    case = Case.objects.get(pk=case.pk)
    assert [p["pending"] for p in svc.answer_periods(case)] == [False, True]
    with pytest.raises(svc.CaseError, match=f"要求听证的期限（事先告知后5个工作日，至 {hearing['ends']}）尚未届满"):
        svc.decide(actor=leader, case=case, fine=60_000)
    with time_machine.travel(_noon(hearing["ends"] + dt.timedelta(days=1)), tick=False):
        assert svc.decide(actor=leader, case=Case.objects.get(pk=case.pk), fine=60_000).status == "decided"


def test_an_express_waiver_lets_the_decision_follow_at_once_and_is_checked(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=60_000)
    today = timezone.localdate()
    with pytest.raises(svc.CaseError) as refused:
        svc.record_waiver(
            actor=coordinator, case=case, waived_on=today - dt.timedelta(days=1), person="", person_role="", waiver=""
        )
    assert set(refused.value.errors) == {"waived_on", "person", "person_role", "waiver"}
    with pytest.raises(svc.CasePermissionError):
        svc.record_waiver(actor=legal_reviewer, case=case, waived_on=today, **WAIVER)
    case = svc.record_waiver(actor=coordinator, case=case, waived_on=today, **WAIVER)
    assert case.rights_waived_by == "张经理（法定代表人）" and not any(p["pending"] for p in svc.answer_periods(case))
    event = AuditEvent.objects.get(action="cases.rights_waived", object_id=str(case.pk))
    assert "放弃陈述、申辩及听证权利" in event.summary
    with pytest.raises(svc.CaseError, match=r"已于 .* 声明放弃权利"):
        svc.record_waiver(actor=coordinator, case=case, waived_on=today, **WAIVER)
    case = svc.decide(actor=leader, case=case, fine=60_000)
    assert case.status == "decided"
    html = render_to_string("cases/documents/waiver.html", waiver_context(case))
    assert "张经理（法定代表人）" in html and "陈述、申辩、要求听证" in html
    assert render_pdf("case_waiver", case).startswith(b"%PDF")
    codes = [code for code, _ in filing_order(case)]
    assert codes.index("case_notice") < codes.index("case_waiver") < codes.index("case_review")


def test_a_waiver_is_refused_after_a_hearing_request_or_a_statement_that_settles_everything(
    world: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    today = timezone.localdate()
    heard = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=60_000)
    heard = svc.request_hearing(actor=coordinator, case=heard, requested_on=today)
    with pytest.raises(svc.CaseError, match="已申请听证"):
        svc.record_waiver(actor=coordinator, case=heard, waived_on=today, **WAIVER)
    assert svc.answer_periods(heard)[0]["pending"] is False  # the hearing takes over: its record gates the decision
    with pytest.raises(svc.CaseError, match="须举行听证"):
        svc.decide(actor=leader, case=heard, fine=60_000)

    CaseSettings.objects.filter(bureau=world.county).delete()
    other = world.county.units.exclude(pk=unit.pk).filter(status="OPERATING").first()
    said = notified(coordinator, leader, legal_reviewer, other, handlers, fine=30_000)
    state(said, coordinator)
    with pytest.raises(svc.CaseError, match="已陈述申辩，无需记录放弃声明"):
        svc.record_waiver(actor=coordinator, case=said, waived_on=today, **WAIVER)


def test_the_case_page_and_the_notice_name_the_periods_and_the_page_records_a_waiver(
    client: Any, coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = notified(coordinator, leader, legal_reviewer, unit, handlers, fine=60_000)
    statement, hearing = svc.answer_periods(case)
    notice = render_to_string("cases/documents/notice.html", notice_context(case))
    assert f"3个工作日内（截至{statement['ends']:%Y年%-m月%-d日}）" in notice
    assert f"5个工作日内（截至{hearing['ends']:%Y年%-m月%-d日}）" in notice
    client.force_login(coordinator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"至 {statement['ends']:%Y-%m-%d}（<strong>未届满</strong>" in page and 'id="record-waiver"' in page
    bad = client.post(f"/cases/{case.pk}/waive/", {"waived_on": "", **WAIVER}, follow=True).content.decode()
    assert "未办理" in bad and "声明日期" in bad
    done = client.post(
        f"/cases/{case.pk}/waive/", {"waived_on": f"{timezone.localdate():%Y-%m-%d}", **WAIVER}, follow=True
    ).content.decode()
    assert "放弃权利声明" in done and "书面声明放弃陈述、申辩权利" in done and 'id="record-waiver"' not in done
    client.force_login(leader)
    assert 'id="waiting-' not in client.get(f"/cases/{case.pk}/").content.decode()
