"""A bureau's list: its own items and the published items of the bureaus above; other counties never see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from shuangsuiji.catalog import selectors, services
from shuangsuiji.catalog.filters import ItemFilter
from shuangsuiji.catalog.models import InspectionItem
from tests.catalog.helpers import POINTS, item_values
from tests.conftest import World


@pytest.fixture
def lists(world: World, coordinator: Any) -> dict[str, InspectionItem]:
    province_published = services.load_standard_items(world.province)[0]
    province_draft = services.create_item(actor=None, bureau=world.province, values=item_values(name="省局草稿"))
    own = services.load_standard_items(world.county, actor=coordinator)[0]
    own_draft = services.create_item(actor=coordinator, bureau=world.county, values=item_values(name="县局草稿"))
    other = services.create_item(
        actor=None, bureau=world.other_county, values=item_values(name="高平事项"), checkpoints=POINTS
    )
    return {
        "province_published": province_published,
        "province_draft": province_draft,
        "own": own,
        "own_draft": own_draft,
        "other": services.publish_item(actor=None, item=other),
    }


def test_a_bureau_sees_its_own_items_and_the_published_items_above(world: World, lists: dict[str, Any]) -> None:
    items = list(selectors.items_for_bureau(world.county))
    assert lists["province_published"] in items and lists["own"] in items and lists["own_draft"] in items
    assert lists["province_draft"] not in items and lists["other"] not in items
    assert items[0].bureau == world.province  # the province's list comes first
    assert len(items) == 2 + 9 + 1


def test_a_retired_item_above_leaves_the_list(world: World, lists: dict[str, Any]) -> None:
    services.retire_item(actor=None, item=lists["province_published"], reason="废止")
    assert lists["province_published"] not in selectors.items_for_bureau(world.county)
    assert lists["province_published"] not in selectors.published_items_for_bureau(world.county)


def test_filters_pick_own_or_inherited_and_categories(world: World, coordinator: Any, lists: dict[str, Any]) -> None:
    _, own = selectors.item_list(coordinator, ItemFilter(owner="own"))
    assert {i.bureau_id for i in own} == {world.county.pk}
    _, inherited = selectors.item_list(coordinator, ItemFilter(owner="inherited"))
    assert [i.code for i in inherited] == ["140000-01", "140000-02"]
    _, key = selectors.item_list(coordinator, ItemFilter(category="key"))
    assert len(key) == 2 and all(i.shown_version.category == "key" for i in key)
    _, found = selectors.item_list(coordinator, ItemFilter(q="涉外"))
    assert {i.code for i in found} == {"140000-02", "140522-09"}


def test_item_detail_scope(
    world: World, coordinator: Any, city_coordinator: Any, other_county_user: Any, lists: dict[str, Any]
) -> None:
    assert selectors.item_detail(coordinator, lists["province_published"].pk)
    assert selectors.item_detail(city_coordinator, lists["own_draft"].pk)  # the city sees the counties below it
    for user, key in ((coordinator, "province_draft"), (coordinator, "other"), (other_county_user, "own")):
        with pytest.raises(Http404):
            selectors.item_detail(user, lists[key].pk)
    with pytest.raises(Http404):
        selectors.item_list(other_county_user, ItemFilter(bureau="140522"))


def test_loading_the_standard_items_twice_changes_nothing(world: World, lists: dict[str, Any]) -> None:
    assert services.load_standard_items(world.county) == []
    assert services.load_standard_items(world.province) == []
    assert InspectionItem.objects.filter(bureau=world.county).count() == 9 + 1  # and the draft of the fixture
    own = InspectionItem.objects.filter(bureau=world.county, status="published").prefetch_related(
        "versions__checkpoints"
    )
    for item in own:
        assert 2 <= item.current_version.checkpoints.count() <= 5
    assert selectors.missing_standard_count(world.county) == 0
