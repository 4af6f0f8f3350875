"""Who sees and changes which units: the persona matrix on pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.accounts.services import issue_token
from shuangsuiji.directory.models import Unit, UnitChange
from tests.conftest import client_for
from tests.factories import UnitFactory


@pytest.fixture
def our_unit(world: Any) -> Unit:
    return UnitFactory(bureau=world.county, name="阳城县凤城煤业有限公司")


@pytest.fixture
def their_unit(world: Any) -> Unit:
    return UnitFactory(bureau=world.other_county, name="高平市某某有限公司")


PERSONAS_WHO_SEE_OUR_UNIT = [
    "coordinator",
    "specialist",
    "inspector_user",
    "legal_reviewer",
    "leader",
    "admin",
    "city_coordinator",
]


@pytest.mark.parametrize("persona", PERSONAS_WHO_SEE_OUR_UNIT)
def test_every_role_of_the_county_and_its_superior_sees_the_unit(request: Any, persona: str, our_unit: Unit) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("directory:unit", args=[our_unit.pk]))
    assert response.status_code == 200
    assert "阳城县凤城煤业有限公司" in response.content.decode()


def test_another_county_gets_404_not_someone_elses_data(other_county_user: Any, our_unit: Unit) -> None:
    client = client_for(other_county_user)
    for name, args in [("directory:unit", [our_unit.pk]), ("directory:unit_edit", [our_unit.pk])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 404
        assert "阳城县凤城煤业" not in response.content.decode()
    listing = client.get(reverse("directory:units")).content.decode()
    assert "阳城县凤城煤业" not in listing


def test_the_list_shows_only_units_in_scope(coordinator: Any, our_unit: Unit, their_unit: Unit) -> None:
    page = client_for(coordinator).get(reverse("directory:units")).content.decode()
    assert our_unit.name in page and their_unit.name not in page


def test_the_superior_bureau_sees_all_counties_below_it(
    city_coordinator: Any, our_unit: Unit, their_unit: Unit
) -> None:
    page = client_for(city_coordinator).get(reverse("directory:units")).content.decode()
    assert our_unit.name in page and their_unit.name in page


def test_the_superior_bureau_reads_but_does_not_change_a_county_unit(city_coordinator: Any, our_unit: Unit) -> None:
    response = client_for(city_coordinator).post(reverse("directory:unit_exit", args=[our_unit.pk]), {"reason": "x"})
    assert response.status_code == 403
    our_unit.refresh_from_db()
    assert our_unit.is_in_directory


def test_an_inspector_cannot_change_the_directory(inspector_user: Any, our_unit: Unit) -> None:
    assert client_for(inspector_user).get(reverse("directory:unit_edit", args=[our_unit.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(db: Any, our_unit: Unit) -> None:
    response = client_for(None).get(reverse("directory:unit", args=[our_unit.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_list_filters_by_category_and_risk(coordinator: Any, world: Any) -> None:
    UnitFactory(bureau=world.county, name="甲工业公司", scale_category="IND", risk_class="D")
    UnitFactory(bureau=world.county, name="乙零售公司", scale_category="RET", risk_class="A")
    page = client_for(coordinator).get(reverse("directory:units"), {"scale_category": "IND", "risk_class": "D"})
    text = page.content.decode()
    assert "甲工业公司" in text and "乙零售公司" not in text


def test_the_list_pages_with_a_cursor_and_a_fixed_number_of_queries(
    coordinator: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    UnitFactory.create_batch(60, bureau=world.county)
    client = client_for(coordinator)
    client.get(reverse("directory:units"))
    with django_assert_max_num_queries(10):
        first = client.get(reverse("directory:units"))
    assert first.context["page"].has_next and len(first.context["page"].items) == 50
    after = first.context["page"].items[-1].pk
    second = client.get(reverse("directory:units"), {"after": after})
    assert len(second.context["page"].items) == 10 and not second.context["page"].has_next


def test_an_htmx_filter_returns_only_the_rows(coordinator: Any, our_unit: Unit) -> None:
    response = client_for(coordinator).get(reverse("directory:units"), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "<table>" in text and "<html" not in text


def test_a_coordinator_enters_changes_and_exits_a_unit_with_history(coordinator: Any, world: Any) -> None:
    from tests.factories import valid_uscc

    client = client_for(coordinator)
    code = valid_uscc()
    data = {
        "uscc": code,
        "name": "阳城县新入库商贸有限公司",
        "region_code": "140522100001",
        "industry_code": "5193",
        "scale_category": "WHS",
        "risk_class": "B",
        "status": "OPERATING",
        "reason": "达到限上标准",
    }
    response = client.post(reverse("directory:unit_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(uscc=code)
    data.update(name="阳城县新入库商贸集团有限公司", reason="更名")
    assert client.post(reverse("directory:unit_edit", args=[unit.pk]), data).status_code == 302
    assert client.post(reverse("directory:unit_exit", args=[unit.pk]), {"reason": "注销"}).status_code == 302
    kinds = list(UnitChange.objects.filter(unit=unit).order_by("id").values_list("kind", flat=True))
    assert kinds == ["enter", "change", "exit"]
    page = client.get(reverse("directory:unit", args=[unit.pk])).content.decode()
    assert "更名" in page and "单位详细名称" in page and "退库" in page


def test_the_form_shows_the_validation_message_next_to_the_field(coordinator: Any) -> None:
    data = {
        "uscc": "91140522MA0K12345X",
        "name": "甲",
        "region_code": "140522100001",
        "industry_code": "0610",
        "risk_class": "B",
        "status": "OPERATING",
        "reason": "新设",
    }
    response = client_for(coordinator).post(reverse("directory:unit_create"), data)
    assert response.status_code == 400
    assert "校验位错误" in response.content.decode()
    assert Unit.objects.count() == 0


def test_the_api_applies_the_same_scope(coordinator: Any, other_county_user: Any, our_unit: Unit) -> None:
    _, token = issue_token(actor=other_county_user, user=other_county_user, name="test")
    client = client_for(None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/units/{our_unit.pk}", **auth).status_code == 404
    listing = client.get("/api/v1/units/", **auth).json()
    assert listing["items"] == []
    _, ours = issue_token(actor=coordinator, user=coordinator, name="test")
    body = client.get(f"/api/v1/units/{our_unit.pk}", HTTP_AUTHORIZATION=f"Bearer {ours}").json()
    assert body["uscc"] == our_unit.uscc


def test_the_api_refuses_a_missing_or_revoked_token(db: Any, our_unit: Unit) -> None:
    assert client_for(None).get("/api/v1/units/").status_code == 401
    assert client_for(None).get("/api/v1/units/", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_the_api_creates_a_unit_and_reports_field_errors(coordinator: Any) -> None:
    from tests.factories import valid_uscc

    _, token = issue_token(actor=coordinator, user=coordinator, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    payload = {
        "uscc": valid_uscc(),
        "name": "接口新增公司",
        "region_code": "140522100001",
        "industry_code": "7010",
        "reason": "接口测试",
    }
    response = client_for(None).post("/api/v1/units/", payload, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    payload["uscc"] = "123"
    bad = client_for(None).post("/api/v1/units/", payload, content_type="application/json", **auth)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "uscc"


def test_exports_contain_only_units_in_scope(coordinator: Any, our_unit: Unit, their_unit: Unit) -> None:
    response = client_for(coordinator).get(reverse("directory:export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert our_unit.uscc in body and their_unit.uscc not in body


def test_the_region_filter_finds_the_same_units_as_a_prefix(city_coordinator: Any, world: Any) -> None:
    from shuangsuiji.directory.filters import UnitFilter

    codes = ["140522100001", "140522199999", "140523000001", "140521999999", "140599000001", "140600000001"]
    for code in codes:
        UnitFactory(bureau=world.county, region_code=code)
    for prefix in ["1405", "140522", "14052210", "140599", "1499", "9"]:
        found = UnitFilter(region=prefix).apply(Unit.objects.all(), {})
        assert sorted(found.values_list("region_code", flat=True)) == sorted(c for c in codes if c.startswith(prefix))
    page = client_for(city_coordinator).get(reverse("directory:units"), {"region": "140522"}).content.decode()
    assert "140522100001" in page and "140523000001" not in page


def test_a_scope_of_several_bureaus_is_labelled_by_estimate_on_postgresql(
    city_coordinator: Any, coordinator: Any, our_unit: Unit, their_unit: Unit
) -> None:
    from django.db import connection

    city = client_for(city_coordinator).get(reverse("directory:units")).content.decode()
    county = client_for(coordinator).get(reverse("directory:units")).content.decode()
    assert "共 1 条" in county, "one bureau: counted"
    assert ("约 " if connection.vendor == "postgresql" else "共 2 条") in city
