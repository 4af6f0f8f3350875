"""The item pages: the list (own and inherited), an item with its versions, the draft form with its checklist
formset and htmx add-row, publish / revise / retire, permissions and scope."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.catalog import services
from shuangsuiji.catalog.models import InspectionItem
from tests.catalog.helpers import item_values
from tests.conftest import World, client_for


@pytest.fixture
def standard(world: World) -> None:
    services.load_standard_items(world.province)
    services.load_standard_items(world.county)


def form_data(**overrides: str) -> dict[str, str]:
    data = item_values(name="统计台账专项检查") | {"category": "重点检查事项", "ratio": "不低于5%"}
    data |= {
        "cp-TOTAL_FORMS": "3",
        "cp-INITIAL_FORMS": "0",
        "cp-MIN_NUM_FORMS": "0",
        "cp-MAX_NUM_FORMS": "50",
        "cp-0-text": "是否设置统计台账？",
        "cp-0-answer_type": "yes_no",
        "cp-1-text": "台账形式",
        "cp-1-answer_type": "choice",
        "cp-1-choices": "纸质/电子",
        "cp-1-optional": "on",
        "cp-2-text": "",
        "cp-2-answer_type": "yes_no",
    }
    return data | overrides


def test_the_list_shows_own_and_inherited_items_in_few_queries(
    world: World, coordinator: Any, standard: None, django_assert_max_num_queries: Any
) -> None:
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):  # whatever the number of items: items, versions, checkpoints
        response = client.get("/items/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "140000-01" in body and "山西省统计局" in body and "140522-09" in body and "依法进行涉外调查情况" in body


def test_the_filters_answer_with_the_rows_partial(world: World, coordinator: Any, standard: None) -> None:
    response = client_for(coordinator).get("/items/?owner=inherited", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "140000-02" in body and "140522-01" not in body


def test_the_detail_shows_every_version_and_its_checklist(world: World, coordinator: Any, standard: None) -> None:
    item = InspectionItem.objects.get(code="140522-03")
    services.revise_item(actor=coordinator, item=item, change_reason="调整比例")
    body = client_for(coordinator).get(f"/items/{item.pk}/").content.decode()
    assert "第1版" in body and "当前版本" in body and "第2版" in body and "调整比例" in body
    assert "核查指标的报表数（万元）" in body and "数值" in body and "发布第2版" in body


def test_creating_a_draft_with_its_checklist_then_publishing(world: World, coordinator: Any) -> None:
    client = client_for(coordinator)
    assert client.get("/items/new/").status_code == 200
    response = client.post("/items/new/", form_data())
    item = InspectionItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/items/{item.pk}/"
    version = item.versions.get()
    assert version.category == "key" and version.ratio_max_percent == 100
    points = list(version.checkpoints.order_by("order"))
    assert [p.answer_type for p in points] == ["yes_no", "choice"] and points[1].choices == ["纸质", "电子"]
    assert not points[1].is_required
    client.post(f"/items/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.status == "published"


def test_form_errors_are_shown_and_nothing_is_saved(world: World, coordinator: Any) -> None:
    response = client_for(coordinator).post("/items/new/", form_data(ratio="一些", **{"cp-1-choices": "只有一个"}))
    body = response.content.decode()
    assert response.status_code == 400 and "抽查比例“一些”" in body
    response = client_for(coordinator).post("/items/new/", form_data(**{"cp-1-choices": "只有一个"}))
    assert response.status_code == 400 and "至少需要两个不同的选项" in response.content.decode()
    assert not InspectionItem.objects.exists()


def test_revise_edit_and_retire(world: World, coordinator: Any, standard: None) -> None:
    client = client_for(coordinator)
    item = InspectionItem.objects.get(code="140522-01")
    assert client.get(f"/items/{item.pk}/edit/").status_code == 302  # published: nothing to edit
    response = client.post(f"/items/{item.pk}/revise/", {"reason": "依据新办法"})
    assert response.status_code == 302 and response["Location"] == f"/items/{item.pk}/edit/"
    edit = client.get(f"/items/{item.pk}/edit/")
    assert edit.status_code == 200 and "统计人员是否依法独立开展统计调查" in edit.content.decode()
    data = form_data(name="统计机构和统计人员依法独立行使职权情况（修订）", **{"cp-INITIAL_FORMS": "0"})
    assert client.post(f"/items/{item.pk}/edit/", data).status_code == 302
    client.post(f"/items/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.current_version is not None and item.current_version.number == 2
    client.post(f"/items/{item.pk}/retire/", {"reason": "合并到其他事项"})
    item.refresh_from_db()
    assert item.status == "retired"


def test_the_add_row_partial_extends_the_formset(world: World, coordinator: Any) -> None:
    response = client_for(coordinator).get("/items/checkpoint-row/", {"cp-TOTAL_FORMS": "3"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'name="cp-3-text"' in body and 'value="4"' in body and 'hx-swap-oob="true"' in body
    assert client_for(coordinator).get("/items/checkpoint-row/", {"cp-TOTAL_FORMS": "50"}).status_code == 404


def test_loading_the_standard_list_from_the_page(world: World, coordinator: Any) -> None:
    client = client_for(coordinator)
    assert "加载标准事项（9 项）" in client.get("/items/").content.decode()
    client.post("/items/standard/")
    assert InspectionItem.objects.filter(bureau=world.county, status="published").count() == 9
    assert "加载标准事项" not in client.get("/items/").content.decode()


def test_permissions_and_scope(
    world: World, standard: None, specialist: Any, city_coordinator: Any, other_county_user: Any, coordinator: Any
) -> None:
    own = InspectionItem.objects.get(code="140522-01")
    inherited = InspectionItem.objects.get(code="140000-01")
    assert client_for(specialist).get("/items/new/").status_code == 403
    assert client_for(other_county_user).get(f"/items/{own.pk}/").status_code == 404
    assert client_for(other_county_user).get("/items/?bureau=140522").status_code == 404
    assert client_for(other_county_user).get(f"/items/{inherited.pk}/").status_code == 200
    city = client_for(city_coordinator)
    assert city.get(f"/items/{own.pk}/").status_code == 200
    assert "140522-01" in city.get("/items/?bureau=140522").content.decode()
    assert city.post(f"/items/{own.pk}/retire/", {"reason": "x"}).status_code == 403
    county = client_for(coordinator)
    assert county.post(f"/items/{inherited.pk}/revise/", {"reason": "x"}).status_code == 403
    assert "只读" in county.get(f"/items/{inherited.pk}/").content.decode()


def test_the_export_writes_the_bureau_s_own_items(world: World, coordinator: Any, standard: None) -> None:
    response = client_for(coordinator).get("/items/export.csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert content.startswith("事项编码,抽查事项名称") and "140522-09" in content and "140000-01" not in content
