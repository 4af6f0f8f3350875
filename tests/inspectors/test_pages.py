"""The inspector pages: wiring, permissions, scope (another county is a 404), htmx partials, query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.inspectors.models import Inspector, InspectorConflict
from tests.conftest import World, client_for
from tests.factories import InspectorFactory, UnitFactory


@pytest.fixture
def zhang(world: World) -> Inspector:
    return InspectorFactory(bureau=world.county, name="张学功", certificate_no="14052200001", phone="13800000001")


FORM = {
    "name": "许永进",
    "sex": "男",
    "certificate_no": "14052200002",
    "certificate_valid_until": "2029-12-31",
    "department": "法制室",
    "post": "执法检查员",
    "area": "阳城县全域",
    "expertise": "投资 房地产",
    "status": "在岗",
    "reason": "",
}


def test_the_list_is_paged_with_a_bounded_number_of_queries(
    world: World, coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(60):
        InspectorFactory(bureau=world.county, expertise="|工业|")
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):  # session, user, scope ×3, rows, count, filters ×3, nav, header
        response = client.get("/inspectors/")
    assert response.status_code == 200 and "执法检查人员名录库" in response.content.decode()
    assert "下一页" in response.content.decode() and "共 60 条" in response.content.decode()


def test_filters_answer_with_the_rows_partial_for_htmx(world: World, coordinator: Any, zhang: Inspector) -> None:
    InspectorFactory(bureau=world.county, name="过期者", certificate_valid_until=dt.date(2020, 1, 1))
    response = client_for(coordinator).get("/inspectors/?eligibility=ineligible", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "过期者" in body and "张学功" not in body and "证件过期" in body


def test_anonymous_visitors_are_sent_to_the_login(world: World, zhang: Inspector) -> None:
    response = client_for(None).get(f"/inspectors/{zhang.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_another_county_gets_a_404_and_the_city_reads_only(
    world: World, zhang: Inspector, other_county_user: Any, city_coordinator: Any
) -> None:
    assert client_for(other_county_user).get(f"/inspectors/{zhang.pk}/").status_code == 404
    assert client_for(other_county_user).get(f"/inspectors/{zhang.pk}/edit/").status_code == 404
    assert "张学功" not in client_for(other_county_user).get("/inspectors/").content.decode()
    city = client_for(city_coordinator)
    page = city.get(f"/inspectors/{zhang.pk}/")
    assert page.status_code == 200 and "变更信息" not in page.content.decode()
    assert city.post(f"/inspectors/{zhang.pk}/status/", {"status": "请假", "reason": "x"}).status_code == 403


def test_only_editors_may_add(world: World, specialist: Any, coordinator: Any) -> None:
    assert client_for(specialist).get("/inspectors/new/").status_code == 403
    client = client_for(coordinator)
    assert client.get("/inspectors/new/").status_code == 200
    response = client.post("/inspectors/new/", FORM)
    inspector = Inspector.objects.get(certificate_no="14052200002")
    assert response.status_code == 302 and response["Location"] == f"/inspectors/{inspector.pk}/"
    assert inspector.expertise_list == ["投资", "房地产"]


def test_bad_input_is_shown_on_the_form_in_chinese(world: World, coordinator: Any) -> None:
    response = client_for(coordinator).post("/inspectors/new/", FORM | {"certificate_valid_until": "2029-02-30"})
    assert response.status_code == 400 and "不是有效日期" in response.content.decode()
    assert not Inspector.objects.exists()


def test_editing_status_and_certificate_go_through_their_own_actions(
    world: World, coordinator: Any, zhang: Inspector
) -> None:
    client = client_for(coordinator)
    edit = client.post(f"/inspectors/{zhang.pk}/edit/", FORM | {"name": "张学功", "reason": "岗位调整"})
    assert edit.status_code == 302
    client.post(f"/inspectors/{zhang.pk}/status/", {"status": "请假", "reason": "病假"})
    renew = client.post(f"/inspectors/{zhang.pk}/certificate/", {"valid_until": "2035-12-31", "certificate_no": ""})
    assert renew.status_code == 302
    zhang.refresh_from_db()
    assert zhang.post == "执法检查员" and zhang.status == "on_leave"
    assert zhang.certificate_valid_until == dt.date(2035, 12, 31) and zhang.certificate_no == "14052200001"
    page = client.get(f"/inspectors/{zhang.pk}/").content.decode()
    assert "岗位调整" in page and "病假" in page and "执法证换发" in page and "状态为请假" in page


def test_declaring_and_withdrawing_a_conflict(world: World, coordinator: Any, zhang: Inspector) -> None:
    unit = UnitFactory(bureau=world.county, name="阳城测试煤业有限公司")
    client = client_for(coordinator)
    assert client.get(f"/inspectors/{zhang.pk}/conflicts/new/").status_code == 200
    lookup = client.get("/inspectors/units-lookup/", {"unit_uscc": "测试煤业"}, HTTP_HX_REQUEST="true")
    assert f'<option value="{unit.uscc}">阳城测试煤业有限公司</option>' in lookup.content.decode()
    bad = client.post(f"/inspectors/{zhang.pk}/conflicts/new/", {"unit_uscc": "123", "reason": "亲属"})
    assert bad.status_code == 400 and "18位" in bad.content.decode()
    client.post(f"/inspectors/{zhang.pk}/conflicts/new/", {"unit_uscc": unit.uscc, "reason": "妻子任会计"})
    conflict = InspectorConflict.objects.get()
    assert conflict.unit_name == unit.name and conflict.is_active
    client.post(f"/inspectors/{zhang.pk}/conflicts/{conflict.pk}/withdraw/", {"reason": "已离职"})
    conflict.refresh_from_db()
    assert not conflict.is_active
    assert "已撤回" in client.get(f"/inspectors/{zhang.pk}/").content.decode()


def test_linking_an_account(world: World, coordinator: Any, inspector_user: Any, zhang: Inspector) -> None:
    client = client_for(coordinator)
    assert "inspector" in client.get(f"/inspectors/{zhang.pk}/account/").content.decode()
    client.post(f"/inspectors/{zhang.pk}/account/", {"user": inspector_user.pk})
    zhang.refresh_from_db()
    assert zhang.user == inspector_user


def test_the_export_and_the_public_preview(world: World, coordinator: Any, zhang: Inspector) -> None:
    client = client_for(coordinator)
    response = client.get("/inspectors/export.csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert content.startswith("姓名,性别,执法证号") and "14052200001" in content
    public = client.get("/inspectors/public/").content.decode()
    assert "14052200001" in public and "13800000001" not in public
    assert client.get("/inspectors/export.pdf").status_code == 404


def test_the_home_page_shows_the_inspector_panel_to_coordinators(
    world: World, coordinator: Any, zhang: Inspector
) -> None:
    body = client_for(coordinator).get("/").content.decode()
    assert "执法检查人员名录库" in body and "证件30天内到期" in body
