"""证据先行登记保存: the head's approval before it is carried out, the decision within 7 working days on the board,
no decision but a release once the period is over, and no 调查终结 while evidence is still held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.models import Case, EvidencePreservation
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.deadlines.selectors import current_calendar, due_board
from shuangsuiji.documents.registry import DocumentError
from shuangsuiji.documents.services import render_pdf
from tests.cases.test_cases import investigated, opened
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def requested(case: Case, coordinator: Any) -> EvidencePreservation:
    return svc.request_preservation(
        actor=coordinator,
        case=case,
        items=["2026年统计台账 1册", "", "销售发票存根 3本"],
        reason="当事人拟销毁台账",
        place="就地封存，由当事人保管",
    )


def preserved(case: Case, coordinator: Any, leader: Any) -> EvidencePreservation:
    item = svc.approve_preservation(actor=leader, preservation=requested(case, coordinator), approve=True)
    return svc.carry_out_preservation(actor=coordinator, preservation=item, preserved_on=timezone.localdate())


def test_preservation_needs_the_heads_approval_before_it_is_carried_out(
    coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    item = requested(case, coordinator)
    assert item.items == ["2026年统计台账 1册", "销售发票存根 3本"] and item.status == "requested"
    with pytest.raises(svc.CaseError, match=r"须经局领导.*批准后才能实施"):
        svc.carry_out_preservation(actor=coordinator, preservation=item, preserved_on=timezone.localdate())
    with pytest.raises(svc.CasePermissionError, match="局领导"):
        svc.approve_preservation(actor=coordinator, preservation=item, approve=True)
    with pytest.raises(svc.CaseError, match="不予批准须写明理由") as refused:
        svc.approve_preservation(actor=leader, preservation=item, approve=False)
    assert refused.value.errors == {"opinion": "不予批准须写明理由"}
    item = svc.approve_preservation(actor=leader, preservation=item, approve=False, opinion="证据已复制，无需保存")
    with pytest.raises(svc.CaseError, match="不予批准，不能实施"):
        svc.carry_out_preservation(actor=coordinator, preservation=item, preserved_on=timezone.localdate())
    assert not Deadline.objects.filter(kind="preservation_decision").exists()
    assert AuditEvent.objects.filter(action="cases.preservation_refused").count() == 1


def test_the_request_names_each_missing_field(coordinator: Any, leader: Any, unit: Any, handlers: list[Any]) -> None:
    case = opened(coordinator, leader, unit, handlers)
    with pytest.raises(svc.CaseError) as refused:
        svc.request_preservation(actor=coordinator, case=case, items=[" "], reason="", place="")
    assert set(refused.value.errors) == {"items", "reason", "place"}
    investigated(case, coordinator)
    with pytest.raises(svc.CaseError, match="调查终结"):
        requested(Case.objects.get(pk=case.pk), coordinator)


def test_the_decision_deadline_is_on_the_board_and_closed_by_the_decision(
    coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    item = preserved(case, coordinator, leader)
    today = timezone.localdate()
    deadline = Deadline.objects.get(kind="preservation_decision", subject_id=str(item.pk))
    assert deadline.due_on == current_calendar().add_workdays(today, 7).on
    assert deadline.subject_url == f"/cases/{case.pk}/#preservation-{item.pk}"
    assert svc.decision_due_on(item) == deadline.due_on
    with pytest.raises(svc.CaseError, match="未作出处理决定"):
        investigated(Case.objects.get(pk=case.pk), coordinator)
    with pytest.raises(svc.CaseError, match="未作出处理决定"):
        svc.close_without_penalty(actor=leader, case=case, outcome="dropped", reason="违法事实不成立")
    with time_machine.travel(timezone.localtime() + dt.timedelta(days=deadline.due_on.toordinal() - today.toordinal())):
        board = due_board(coordinator, deadline.due_on)
        assert deadline in board.due_soon
        page = client_for(coordinator).get("/deadlines/board/").content.decode()
        assert f"{case.code} 登记保存的证据" in page
        item = svc.decide_preservation(
            actor=leader,
            preservation=item,
            decision="transferred",
            note="涉嫌伪造统计资料，移交公安机关",
            decided_on=deadline.due_on,
        )
    deadline.refresh_from_db()
    assert deadline.status == "done" and item.status == "decided"
    assert investigated(Case.objects.get(pk=case.pk), coordinator).status == "investigated"
    assert render_pdf("case_preservation_notice", item).startswith(b"%PDF")
    assert render_pdf("case_preservation_decision", item).startswith(b"%PDF")


def test_past_the_seven_working_days_only_a_release_is_accepted(
    coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    item = preserved(case, coordinator, leader)
    with pytest.raises(DocumentError, match="尚未对登记保存的证据作出处理决定"):
        render_pdf("case_preservation_decision", item)
    due = svc.decision_due_on(item)
    assert due is not None
    later = due + dt.timedelta(days=3)
    with time_machine.travel(
        timezone.localtime() + dt.timedelta(days=later.toordinal() - timezone.localdate().toordinal())
    ):
        with pytest.raises(svc.CaseError, match="超过处理期限") as refused:
            svc.decide_preservation(
                actor=leader, preservation=item, decision="copied_released", note="复制后退还", decided_on=later
            )
        assert list(refused.value.errors) == ["decision"]
        item.refresh_from_db()
        assert item.status == "preserved"
        item = svc.decide_preservation(
            actor=leader, preservation=item, decision="released", note="逾期未处理，解除并退还", decided_on=later
        )
    assert Deadline.objects.get(kind="preservation_decision", subject_id=str(item.pk)).status == "done_late"
    assert item.decision == "released"


def test_the_preservation_steps_on_the_case_page(
    coordinator: Any, leader: Any, unit: Any, handlers: list[Any], other_county_user: Any
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    fazhi, lingdao = client_for(coordinator), client_for(leader)
    response = fazhi.post(
        f"/cases/{case.pk}/preserve_request/", {"items": "台账 1册\n凭证 2本", "reason": "可能灭失", "place": "本局"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#evidence")
    item = EvidencePreservation.objects.get()
    assert "批准登记保存" in lingdao.get(f"/cases/{case.pk}/").content.decode()
    fazhi.post(f"/cases/{case.pk}/preserve_carry_out/", {"preservation": item.pk, "preserved_on": "2026-01-01"})
    item.refresh_from_db()
    assert item.status == "requested"
    lingdao.post(f"/cases/{case.pk}/preserve_approve/", {"preservation": item.pk, "approve": "1"})
    today = timezone.localdate().isoformat()
    page = fazhi.post(
        f"/cases/{case.pk}/preserve_carry_out/", {"preservation": item.pk, "preserved_on": "2026-02-30"}, follow=True
    )
    assert "登记保存日期“2026-02-30”不是有效日期" in page.content.decode()
    fazhi.post(f"/cases/{case.pk}/preserve_carry_out/", {"preservation": item.pk, "preserved_on": today})
    item.refresh_from_db()
    assert item.status == "preserved"
    assert "处理决定期限" in fazhi.get(f"/cases/{case.pk}/").content.decode()
    assert client_for(other_county_user).post(f"/cases/{case.pk}/preserve_decide/", {}).status_code == 404
    lingdao.post(
        f"/cases/{case.pk}/preserve_decide/",
        {"preservation": item.pk, "decision": "copied_released", "note": "已复印", "decided_on": today},
    )
    item.refresh_from_db()
    assert item.status == "decided"
    about = fazhi.get(f"/documents/about/cases.evidencepreservation/{item.pk}/")
    assert about.status_code == 200 and "证据登记保存通知书" in about.content.decode()
    assert (
        client_for(other_county_user).get(f"/documents/about/cases.evidencepreservation/{item.pk}/").status_code == 404
    )
