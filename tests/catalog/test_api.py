"""The items API: the bureau's list (own and inherited), versions with their checklists, the lifecycle, scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from shuangsuiji.accounts.services import issue_token
from shuangsuiji.catalog import services
from shuangsuiji.catalog.models import InspectionItem
from tests.catalog.helpers import item_values
from tests.conftest import World, client_for


@pytest.fixture
def standard(world: World) -> None:
    services.load_standard_items(world.province)
    services.load_standard_items(world.county)


def post(client: Client, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def test_the_list_has_own_and_inherited_items(world: World, coordinator: Any, standard: None) -> None:
    _, token = issue_token(actor=coordinator, user=coordinator, name="脚本")
    response = Client().get("/api/v1/items/", HTTP_AUTHORIZATION=f"Bearer {token}")
    codes = [i["code"] for i in response.json()]
    assert response.status_code == 200 and codes[:2] == ["140000-01", "140000-02"] and len(codes) == 11
    assert Client().get("/api/v1/items/").status_code == 401


def test_detail_and_versions_carry_the_checklist(world: World, coordinator: Any, standard: None) -> None:
    item = InspectionItem.objects.get(code="140522-09")
    client = client_for(coordinator)
    detail = client.get(f"/api/v1/items/{item.pk}").json()
    assert detail["current"]["ratio"] == "100%" and detail["current"]["frequency"] == "1次/年"
    assert detail["current"]["checkpoints"][0]["choices"] == ["委托涉外调查机构", "自行开展", "未开展"]
    revised = post(client, f"/api/v1/items/{item.pk}/revise", {"change_reason": "补充要点"})
    assert revised.status_code == 201 and revised.json()["number"] == 2 and not revised.json()["is_published"]
    versions = client.get(f"/api/v1/items/{item.pk}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]


def test_create_with_a_checklist_then_publish(world: World, coordinator: Any, specialist: Any) -> None:
    body = item_values() | {"checkpoints": [{"text": "是否设置台账？"}, {"text": "人数", "answer_type": "number"}]}
    assert post(client_for(specialist), "/api/v1/items/", body).status_code == 403
    client = client_for(coordinator)
    created = post(client, "/api/v1/items/", body)
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert created.json()["draft"]["checkpoints"][1]["answer_type"] == "number"
    pk = created.json()["id"]
    edited = client.put(
        f"/api/v1/items/{pk}/draft",
        json.dumps(item_values(ratio="5%") | {"checkpoints_text": "1.是否A；2.是否B；3.是否C"}),
        content_type="application/json",
    )
    assert edited.json()["draft"]["ratio"] == "5%" and len(edited.json()["draft"]["checkpoints"]) == 3
    published = post(client, f"/api/v1/items/{pk}/publish")
    assert published.json()["status"] == "published" and published.json()["current"]["number"] == 1
    refused = client.put(f"/api/v1/items/{pk}/draft", json.dumps(item_values()), content_type="application/json")
    assert refused.status_code == 422 and "已发布的版本不可修改" in refused.json()["detail"][0]["message"]
    bad = post(client, "/api/v1/items/", item_values(name="新", ratio="很多"))
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "ratio"


def test_scope_and_inherited_drafts(
    world: World, standard: None, coordinator: Any, other_county_user: Any, city_coordinator: Any
) -> None:
    own = InspectionItem.objects.get(code="140522-01")
    inherited = InspectionItem.objects.get(code="140000-01")
    services.revise_item(actor=None, item=inherited, change_reason="省局修订中")
    assert client_for(other_county_user).get(f"/api/v1/items/{own.pk}").status_code == 404
    county = client_for(coordinator)
    assert county.get(f"/api/v1/items/{inherited.pk}").json()["draft"] is None
    assert [v["number"] for v in county.get(f"/api/v1/items/{inherited.pk}/versions").json()] == [1]
    assert post(county, f"/api/v1/items/{inherited.pk}/retire", {"reason": "x"}).status_code == 403
    city = client_for(city_coordinator)
    assert city.get(f"/api/v1/items/{own.pk}").status_code == 200
    assert post(city, f"/api/v1/items/{own.pk}/retire", {"reason": "x"}).status_code == 403
    codes = [i["code"] for i in city.get("/api/v1/items/?bureau=140522&owner=own").json()]
    assert len(codes) == 9 and codes[0] == "140522-01"
