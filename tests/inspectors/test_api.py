"""The inspectors API: token or session auth, the same scope and services as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from shuangsuiji.accounts.services import issue_token
from shuangsuiji.inspectors.models import Inspector
from tests.conftest import World, client_for
from tests.factories import InspectorFactory, valid_uscc

NEW = {
    "name": "许永进",
    "sex": "男",
    "certificate_no": "14052200002",
    "certificate_valid_until": "2029-12-31",
    "department": "法制室",
    "expertise": "投资、房地产",
}


@pytest.fixture
def zhang(world: World) -> Inspector:
    return InspectorFactory(bureau=world.county, name="张学功", certificate_no="14052200001")


def token_client(user: Any) -> tuple[Client, dict[str, str]]:
    _, token = issue_token(actor=user, user=user, name="测试")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_a_token_lists_the_inspectors_in_scope(world: World, coordinator: Any, zhang: Inspector) -> None:
    InspectorFactory(bureau=world.other_county)
    client, auth = token_client(coordinator)
    response = client.get("/api/v1/inspectors/", **auth)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["name"] for i in items] == ["张学功"] and items[0]["is_eligible"] is True
    assert Client().get("/api/v1/inspectors/").status_code == 401


def test_filters_and_paging(world: World, coordinator: Any) -> None:
    for _ in range(3):
        InspectorFactory(bureau=world.county)
    InspectorFactory(bureau=world.county, status="on_leave")
    client = client_for(coordinator)
    first = client.get("/api/v1/inspectors/?limit=2&eligibility=eligible").json()
    assert len(first["items"]) == 2 and first["next_after"]
    rest = client.get(f"/api/v1/inspectors/?limit=2&eligibility=eligible&after={first['next_after']}").json()
    assert len(rest["items"]) == 1 and rest["next_after"] is None
    on_leave = client.get("/api/v1/inspectors/?status=on_leave").json()["items"]
    assert [i["ineligibility_reason"] for i in on_leave] == ["状态为请假"]


def test_another_county_gets_404_and_the_city_may_read_but_not_write(
    world: World, zhang: Inspector, other_county_user: Any, city_coordinator: Any
) -> None:
    other = client_for(other_county_user)
    assert other.get(f"/api/v1/inspectors/{zhang.pk}").status_code == 404
    assert post(other, f"/api/v1/inspectors/{zhang.pk}/status", {"status": "请假", "reason": "x"}).status_code == 404
    city = client_for(city_coordinator)
    assert city.get(f"/api/v1/inspectors/{zhang.pk}").status_code == 200
    assert post(city, f"/api/v1/inspectors/{zhang.pk}/status", {"status": "请假", "reason": "x"}).status_code == 403


def test_create_update_status_and_certificate(world: World, coordinator: Any, specialist: Any) -> None:
    assert post(client_for(specialist), "/api/v1/inspectors/", NEW).status_code == 403
    client, auth = token_client(coordinator)
    created = post(client, "/api/v1/inspectors/", NEW, **auth)
    assert created.status_code == 201 and created.json()["expertise"] == ["投资", "房地产"]
    pk = created.json()["id"]
    bad = post(client, "/api/v1/inspectors/", NEW | {"certificate_no": "14052200003", "sex": "?"}, **auth)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "sex"
    updated = client.put(
        f"/api/v1/inspectors/{pk}",
        json.dumps({"post": "执法监督", "reason": "调岗"}),
        content_type="application/json",
        **auth,
    )
    assert updated.status_code == 200 and updated.json()["post"] == "执法监督"
    status = post(client, f"/api/v1/inspectors/{pk}/status", {"status": "借调", "reason": "借调市局"}, **auth)
    assert status.json()["status"] == "借调" and status.json()["is_eligible"] is False
    renewed = post(client, f"/api/v1/inspectors/{pk}/certificate", {"valid_until": "2035-01-01"}, **auth)
    assert renewed.json()["certificate_valid_until"] == "2035-01-01"
    history = client.get(f"/api/v1/inspectors/{pk}/history", **auth).json()
    assert [h["kind"] for h in history] == ["certificate", "status", "change", "add"]


def test_conflicts_are_declared_listed_and_withdrawn(world: World, coordinator: Any, zhang: Inspector) -> None:
    client = client_for(coordinator)
    code = valid_uscc()
    created = post(client, f"/api/v1/inspectors/{zhang.pk}/conflicts", {"unit_uscc": code, "reason": "亲属"})
    assert created.status_code == 201 and created.json()["is_active"]
    again = post(client, f"/api/v1/inspectors/{zhang.pk}/conflicts", {"unit_uscc": code, "reason": "亲属"})
    assert again.status_code == 422
    cid = created.json()["id"]
    withdrawn = post(client, f"/api/v1/inspectors/{zhang.pk}/conflicts/{cid}/withdraw", {"reason": "已离职"})
    assert withdrawn.json()["is_active"] is False
    assert client.get(f"/api/v1/inspectors/{zhang.pk}/conflicts").json()[0]["withdraw_reason"] == "已离职"
