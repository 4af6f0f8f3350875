"""The cases API: the list and one case are scoped to the viewer's bureau; statistics count what the reports count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from shuangsuiji.cases.models import Case
from tests.cases.test_cases import CHECKS, band_for, opened
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday")]


def test_the_api_lists_and_shows_cases_in_scope(
    coordinator: Any, leader: Any, other_county_user: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    client = client_for(coordinator)
    listed = client.get("/api/v1/cases/").json()
    assert [c["id"] for c in listed] == [case.pk] and listed[0]["status"] == "investigating"
    assert client.get("/api/v1/cases/?status=closed").json() == []
    assert client.get("/api/v1/cases/?status=nonsense").status_code == 422
    one = client.get(f"/api/v1/cases/{case.pk}").json()
    assert one["facts"] == "虚报营业收入" and one["unit_uscc"] == unit.uscc and one["reviews"] == []
    today = timezone.localdate()
    stats = client.get(f"/api/v1/cases/statistics?start={today - dt.timedelta(days=1)}&end={today}").json()
    assert stats["opened"] == 1 and stats["closed"] == 0
    assert client.get(f"/api/v1/cases/statistics?start={today}&end={today - dt.timedelta(days=1)}").status_code == 422
    other = client_for(other_county_user)
    assert other.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert other.get("/api/v1/cases/").json() == []


def test_the_api_needs_a_login(coordinator: Any, leader: Any, unit: Any, handlers: list[Any]) -> None:
    case = opened(coordinator, leader, unit, handlers)
    assert client_for(None).get(f"/api/v1/cases/{case.pk}").status_code in (302, 401, 403)


def _bearer(user: Any) -> dict[str, str]:
    from shuangsuiji.accounts.services import issue_token

    _, token = issue_token(actor=None, user=user, name="测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_case_steps_over_the_api_with_tokens(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    from django.test import Client

    api, fazhi, lingdao, shenhe = Client(), _bearer(coordinator), _bearer(leader), _bearer(legal_reviewer)
    today = timezone.localdate()

    def post(path: str, auth: dict[str, str], body: dict[str, Any] | None = None) -> Any:
        return api.post(f"/api/v1/cases/{path}", body or {}, content_type="application/json", **auth)

    proposal = {
        "unit_uscc": unit.uscc.lower(),
        "source": "complaint",
        "violations": ["false_data"],
        "violation_end": str(today - dt.timedelta(days=30)),
        "facts": "虚报营业收入",
        "handler_ids": [h.pk for h in handlers],
    }
    assert post("", {}, proposal).status_code == 401
    created = post("", fazhi, proposal)
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert post(f"{case_id}/approve", fazhi, {"approve": True}).status_code == 403
    assert post(f"{case_id}/approve", lingdao, {"approve": True}).json()["status"] == "investigating"

    preservation = post(
        f"{case_id}/preservations", fazhi, {"items": ["台账 1册"], "reason": "可能灭失", "place": "本局"}
    )
    assert preservation.status_code == 201
    pid = preservation.json()["preservations"][0]["id"]
    refused = post(f"{case_id}/preservations/{pid}/carry-out", fazhi, {"preserved_on": str(today)})
    assert refused.status_code == 422 and "批准" in refused.json()["detail"]
    post(f"{case_id}/preservations/{pid}/approve", lingdao, {"approve": True})
    done = post(f"{case_id}/preservations/{pid}/carry-out", fazhi, {"preserved_on": str(today)}).json()
    assert done["preservations"][0]["decision_due_on"] is not None
    decision = {"decision": "copied_released", "note": "已复制", "decided_on": str(today)}
    assert post(f"{case_id}/preservations/{pid}/decide", lingdao, decision).json()["preservations"][0]["status"] == (
        "decided"
    )
    start = timezone.localtime() - dt.timedelta(minutes=10)
    talk = {
        "person": "赵统计",
        "person_role": "统计员",
        "asker_id": handlers[0].pk,
        "recorder_id": handlers[1].pk,
        "started_at": start.isoformat(),
        "ended_at": (start + dt.timedelta(minutes=5)).isoformat(),
        "place": "会议室",
        "transcript": "问：有无台账？\n答：没有。",
        "ids_shown": True,
    }
    assert post(f"{case_id}/interviews", fazhi, talk).json()["interviews"][0]["person"] == "赵统计"

    case = Case.objects.get(pk=case_id)
    investigation = {"report": "属实", "proposed_fine": 200_000, "reasoning": "中档", "band": band_for(case, 30_000)}
    too_much = post(f"{case_id}/investigation", fazhi, investigation)
    assert too_much.status_code == 422 and list(too_much.json()["errors"]) == ["proposed_fine"]
    assert post(f"{case_id}/investigation", fazhi, {**investigation, "proposed_fine": 30_000}).status_code == 200
    checks = dict.fromkeys(CHECKS, True)
    review = post(f"{case_id}/reviews", shenhe, {"checklist": checks, "opinion": "agree", "reasons": "同意"})
    assert review.status_code == 201 and review.json()["status"] == "reviewed"
    notified = post(f"{case_id}/notify", fazhi).json()
    assert notified["status"] == "notified"
    assert [(p["code"], p["days"], p["pending"]) for p in notified["answer_periods"]] == [("statement_period", 3, True)]
    early = post(f"{case_id}/decide", lingdao, {"fine": 30_000})
    assert early.status_code == 422 and "尚未届满" in early.json()["detail"]
    waiver = {"waived_on": str(today), "person": "张经理", "person_role": "法定代表人", "waiver": ""}
    refused = post(f"{case_id}/waiver", fazhi, waiver)
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["waiver"]
    waived = post(f"{case_id}/waiver", fazhi, {**waiver, "waiver": "书面声明放弃"}).json()
    assert waived["waiver"]["by"] == "张经理（法定代表人）" and not waived["answer_periods"][0]["pending"]
    assert post(f"{case_id}/decide", lingdao, {"fine": 30_000}).json()["decision_number"]
    assert post(f"{case_id}/serve", fazhi, {"served_on": str(today)}).json()["status"] == "served"
    assert post(f"{case_id}/payment", fazhi, {"paid_on": str(today)}).json()["status"] == "executed"
    missing = post(f"{case_id}/close", fazhi, {"note": " "})
    assert missing.status_code == 422 and missing.json()["errors"] == {"note": "请填写结案报告"}
    assert post(f"{case_id}/close", fazhi, {"note": "结案"}).json()["status"] == "closed"


def test_the_api_steps_refuse_other_bureaus_bad_input_and_wrong_roles(
    coordinator: Any, leader: Any, other_county_user: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    other, own = client_for(other_county_user), client_for(coordinator)
    url = f"/api/v1/cases/{case.pk}"
    assert other.post(f"{url}/extend", {"reason": "x"}, content_type="application/json").status_code == 404
    body = {"items": ["台账"], "reason": "x", "place": "y"}
    assert other.post(f"{url}/preservations", body, content_type="application/json").status_code == 404
    schema = own.post(f"{url}/investigation", {"report": "x"}, content_type="application/json")
    assert schema.status_code == 422 and "proposed_fine" in str(schema.json())
    assert own.post(f"{url}/extend", {"reason": "x"}, content_type="application/json").status_code == 403
    bad_unit = own.post(
        "/api/v1/cases/",
        {
            "unit_uscc": "91000000000000000X",
            "source": "complaint",
            "violations": ["late"],
            "violation_end": str(timezone.localdate()),
            "facts": "x",
            "handler_ids": [],
        },
        content_type="application/json",
    )
    assert bad_unit.status_code == 422 and list(bad_unit.json()["errors"]) == ["unit_uscc"]
    late = own.post(
        f"{url}/preservations/999/carry-out", {"preserved_on": "2026-01-01"}, content_type="application/json"
    )
    assert late.status_code == 422 and list(late.json()["errors"]) == ["preservation_id"]
    assert (
        own.post(f"{url}/hearing/notice", {"noticed_on": "2026-02-30"}, content_type="application/json").status_code
        == 422
    )
