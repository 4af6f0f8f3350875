"""The item lifecycle and its versioning rules: a published version never changes; revising makes a new one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from shuangsuiji.catalog import services
from shuangsuiji.catalog.models import CheckPoint, InspectionItem, ItemVersion
from shuangsuiji.catalog.services import items as item_services
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.domain.checklists import CheckPointSpec
from tests.catalog.helpers import POINTS, item_values
from tests.conftest import World


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="catalog.").order_by("id").values_list("action", flat=True)
    )


def published(world: World, actor: Any, **overrides: str) -> InspectionItem:
    item = services.create_item(actor=actor, bureau=world.county, values=item_values(**overrides), checkpoints=POINTS)
    return services.publish_item(actor=actor, item=item)


def test_a_new_item_is_a_draft_first_version_with_an_automatic_code(world: World, coordinator: Any) -> None:
    item = services.create_item(actor=coordinator, bureau=world.county, values=item_values(), checkpoints=POINTS)
    assert item.code == "140522-01" and item.status == InspectionItem.Status.DRAFT and item.current_version is None
    version = item.versions.get()
    assert version.number == 1 and not version.is_published and version.created_by == coordinator
    assert (version.ratio_min_percent, version.ratio_max_percent) == (Decimal(3), Decimal(5))
    assert [p.text for p in version.checkpoints.order_by("order")] == [p.text for p in POINTS]
    assert actions() == ["catalog.item_created"]


def test_without_a_checklist_the_numbered_content_gives_one(world: World, coordinator: Any) -> None:
    item = services.create_item(actor=coordinator, bureau=world.county, values=item_values())
    texts = list(CheckPoint.objects.filter(version__item=item).order_by("order").values_list("text", flat=True))
    assert texts == ["设置原始记录情况是否符合规定？", "设置统计台账情况是否符合规定？"]


def test_creating_reports_bad_values_and_duplicate_codes_or_names(world: World, coordinator: Any) -> None:
    with pytest.raises(services.ItemInputError) as caught:
        services.create_item(actor=coordinator, bureau=world.county, values=item_values(ratio="很多", frequency=""))
    assert {k for k, _ in caught.value.errors} == {"ratio", "frequency"}
    services.create_item(actor=coordinator, bureau=world.county, values=item_values(code="A-1"))
    with pytest.raises(services.ItemInputError, match="本局已有编码为 A-1 的事项"):
        services.create_item(actor=coordinator, bureau=world.county, values=item_values(code="A-1", name="另一事项"))
    with pytest.raises(services.ItemInputError, match="本局已有名为"):
        services.create_item(actor=coordinator, bureau=world.county, values=item_values(code="A-2"))
    bad_points = [CheckPointSpec("选择", answer_type="choice", choices=("一",))]
    with pytest.raises(services.ItemInputError, match="至少需要两个不同的选项"):
        services.create_item(
            actor=coordinator, bureau=world.county, values=item_values(name="新"), checkpoints=bad_points
        )
    assert InspectionItem.objects.count() == 1


def test_a_draft_can_be_edited_and_the_change_is_audited(world: World, coordinator: Any) -> None:
    item = services.create_item(actor=coordinator, bureau=world.county, values=item_values(), checkpoints=POINTS)
    version = services.edit_draft(
        actor=coordinator, item=item, values=item_values(ratio="不低于5%"), checkpoints=POINTS[:1]
    )
    assert (version.ratio_min_percent, version.ratio_max_percent) == (Decimal(5), Decimal(100))
    assert version.checkpoints.count() == 1
    event = AuditEvent.objects.get(action="catalog.draft_edited")
    assert event.data["changes"]["ratio_min_percent"] == ["3", "5"] and "checkpoints" in event.data["changes"]


def test_publishing_freezes_the_version_and_makes_it_current(world: World, coordinator: Any) -> None:
    item = published(world, coordinator)
    version = item.current_version
    assert item.status == InspectionItem.Status.PUBLISHED and version is not None and version.is_published
    with pytest.raises(services.ItemInputError, match="已发布的版本不可修改"):
        services.edit_draft(actor=coordinator, item=item, values=item_values(ratio="10%"))
    with pytest.raises(services.ItemInputError, match="第1版已发布，不可修改"):
        item_services.update_draft(version, item_services.validate_values(item_values(ratio="10%")))
    version.refresh_from_db()
    assert version.ratio_max_percent == Decimal(5)
    assert actions() == ["catalog.item_created", "catalog.item_published"]


def test_publishing_needs_a_checklist(world: World, coordinator: Any) -> None:
    item = services.create_item(actor=coordinator, bureau=world.county, values=item_values(content="检查台账。"))
    with pytest.raises(services.ItemInputError, match="至少需要一个检查要点"):
        services.publish_item(actor=coordinator, item=item)


def test_revising_copies_the_current_version_and_keeps_the_old_one(world: World, coordinator: Any) -> None:
    item = published(world, coordinator)
    first = item.current_version
    assert first is not None
    used_by_an_inspection = ItemVersion.objects.get(pk=first.pk)  # what an inspection would hold on to
    draft = services.revise_item(actor=coordinator, item=item, change_reason="新办法调整比例")
    assert draft.number == 2 and draft.change_reason == "新办法调整比例" and not draft.is_published
    assert [p.text for p in draft.checkpoints.order_by("order")] == [p.text for p in POINTS]
    services.edit_draft(actor=coordinator, item=item, values=item_values(ratio="5%"), checkpoints=POINTS[::-1])
    item.refresh_from_db()
    assert item.current_version_id == first.pk  # the revision is not in force until published
    services.publish_item(actor=coordinator, item=item)
    item.refresh_from_db()
    assert item.current_version_id == draft.pk
    used_by_an_inspection.refresh_from_db()
    assert used_by_an_inspection.ratio_max_percent == Decimal(5) and used_by_an_inspection.ratio_min_percent == 3
    assert [p.text for p in used_by_an_inspection.checkpoints.order_by("order")] == [p.text for p in POINTS]
    event = AuditEvent.objects.filter(action="catalog.item_published").last()
    assert event is not None and event.data["previous_version"] == 1 and event.data["version"] == 2


def test_revising_refuses_a_missing_reason_a_second_draft_and_a_draft_item(world: World, coordinator: Any) -> None:
    draft_item = services.create_item(actor=coordinator, bureau=world.county, values=item_values(name="草稿事项"))
    with pytest.raises(services.ItemInputError, match="只有已发布的事项可以修订"):
        services.revise_item(actor=coordinator, item=draft_item, change_reason="x")
    item = published(world, coordinator)
    with pytest.raises(services.ItemInputError, match="请填写修订原因"):
        services.revise_item(actor=coordinator, item=item, change_reason=" ")
    services.revise_item(actor=coordinator, item=item, change_reason="一")
    with pytest.raises(services.ItemInputError, match="已有未发布的修订草稿（第2版）"):
        services.revise_item(actor=coordinator, item=item, change_reason="二")


def test_a_revision_can_be_discarded_but_not_a_first_draft(world: World, coordinator: Any) -> None:
    item = published(world, coordinator)
    services.revise_item(actor=coordinator, item=item, change_reason="试改")
    services.discard_draft(actor=coordinator, item=item)
    assert list(item.versions.values_list("number", flat=True)) == [1]
    fresh = services.create_item(actor=coordinator, bureau=world.county, values=item_values(name="新事项"))
    with pytest.raises(services.ItemInputError, match="没有可放弃的修订草稿"):
        services.discard_draft(actor=coordinator, item=fresh)
    assert "catalog.draft_discarded" in actions()


def test_retiring_keeps_the_versions_and_blocks_further_changes(world: World, coordinator: Any) -> None:
    item = published(world, coordinator)
    with pytest.raises(services.ItemInputError, match="请填写停用原因"):
        services.retire_item(actor=coordinator, item=item, reason="")
    retired = services.retire_item(actor=coordinator, item=item, reason="法规废止")
    assert retired.status == InspectionItem.Status.RETIRED and retired.retire_reason == "法规废止"
    assert retired.current_version is not None and retired.versions.count() == 1
    with pytest.raises(services.ItemInputError, match="该事项已停用"):
        services.retire_item(actor=coordinator, item=item, reason="again")
    with pytest.raises(services.ItemInputError):
        services.revise_item(actor=coordinator, item=item, change_reason="x")
    assert actions()[-1] == "catalog.item_retired"


def test_the_database_allows_one_draft_per_item(world: World, coordinator: Any) -> None:
    from django.db import IntegrityError, transaction

    item = services.create_item(actor=coordinator, bureau=world.county, values=item_values())
    version = item.versions.get()
    version.pk, version.number = None, 2
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()
