"""The annual plan's life: draft → submitted → approved → published; adjustments are new versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.catalog.models import InspectionItem, ItemVersion
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.planning import services
from shuangsuiji.planning.models import PlanVersion
from shuangsuiji.planning.selectors import plan_warning
from tests.conftest import client_for


@pytest.fixture
def item(world: Any) -> ItemVersion:
    base = InspectionItem.objects.create(bureau=world.province, code="1", status="published")
    version = ItemVersion.objects.create(
        item=base,
        number=1,
        name="统计调查对象执行统计法及国家有关规定情况",
        legal_basis="《统计法》",
        inspecting_bodies="省、市、县三级统计局",
        object_type="统计调查对象",
        ratio_min_percent=Decimal(3),
        ratio_max_percent=Decimal(3),
        frequency_min=1,
        frequency_max=2,
        method="现场检查或书面检查",
        content="1.调查对象依法提供统计资料情况",
        published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    base.current_version = version
    base.save()
    return version


def _draft(world: Any, coordinator: Any, item: ItemVersion) -> PlanVersion:
    version = services.create_plan(actor=coordinator, bureau=world.county, year=2026)
    services.add_line(
        actor=coordinator,
        version=version,
        item_version=item,
        ratio_percent=Decimal(3),
        frequency=1,
        scope={"scale_categories": ["IND"]},
        schedule=["Q2"],
    )
    return version


def test_a_plan_goes_from_draft_to_published(world: Any, coordinator: Any, leader: Any, item: ItemVersion) -> None:
    version = _draft(world, coordinator, item)
    services.submit(actor=coordinator, version=version)
    services.approve(actor=leader, version=version, note="同意")
    services.publish(actor=coordinator, version=version)
    version.refresh_from_db()
    assert version.status == "published" and version.plan.current_version == version
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"planning.plan_submitted", "planning.plan_approved", "planning.plan_published"} <= actions


def test_one_plan_per_bureau_and_year(world: Any, coordinator: Any) -> None:
    services.create_plan(actor=coordinator, bureau=world.county, year=2026)
    with pytest.raises(services.PlanError, match="已有2026年度"):
        services.create_plan(actor=coordinator, bureau=world.county, year=2026)


def test_a_ratio_outside_the_item_range_is_refused(world: Any, coordinator: Any, item: ItemVersion) -> None:
    version = services.create_plan(actor=coordinator, bureau=world.county, year=2026)
    with pytest.raises(services.PlanError, match="超出事项清单规定的范围"):
        services.add_line(actor=coordinator, version=version, item_version=item, ratio_percent=Decimal(5), frequency=1)
    with pytest.raises(services.PlanError, match="抽查频次"):
        services.add_line(actor=coordinator, version=version, item_version=item, ratio_percent=Decimal(3), frequency=3)


def test_states_are_enforced(world: Any, coordinator: Any, leader: Any, item: ItemVersion) -> None:
    version = _draft(world, coordinator, item)
    with pytest.raises(services.PlanError, match="只有待审批"):
        services.approve(actor=leader, version=version)
    with pytest.raises(services.PlanError, match="只有已批准"):
        services.publish(actor=coordinator, version=version)
    services.submit(actor=coordinator, version=version)
    with pytest.raises(services.PlanError, match="只有草稿"):
        services.update_version(actor=coordinator, version=version, title="改名")


def test_a_returned_plan_goes_back_to_draft_with_the_reason(
    world: Any, coordinator: Any, leader: Any, item: ItemVersion
) -> None:
    version = _draft(world, coordinator, item)
    services.submit(actor=coordinator, version=version)
    services.return_for_changes(actor=leader, version=version, reason="四下企业比例偏低")
    version.refresh_from_db()
    assert version.status == "draft" and "四下企业比例偏低" in version.approval_note


def test_an_adjustment_is_a_new_version_and_the_old_one_stays_visible(
    world: Any, coordinator: Any, leader: Any, item: ItemVersion
) -> None:
    version = _draft(world, coordinator, item)
    for step in (services.submit, services.approve, services.publish):
        step(actor=leader if step is services.approve else coordinator, version=version)
    new = services.adjust(actor=coordinator, plan=version.plan, reason="上级下派任务增加，调整比例")
    assert new.number == 2 and new.lines.count() == 1 and new.status == "draft"
    for step in (services.submit, services.approve, services.publish):
        step(actor=leader if step is services.approve else coordinator, version=new)
    version.refresh_from_db()
    assert version.status == "superseded"
    page = client_for(coordinator).get(reverse("planning:plan", args=[version.plan_id]), {"v": 1}).content.decode()
    assert "已被调整版本替代" in page and "第2版" in page


def test_the_home_page_warns_from_march_when_the_plan_is_missing(world: Any) -> None:
    assert plan_warning(world.county.pk, dt.date(2026, 2, 28)) == ""
    assert "3月31日 前" in plan_warning(world.county.pk, dt.date(2026, 3, 1))
    assert "已超过" in plan_warning(world.county.pk, dt.date(2026, 4, 2))


def test_only_a_leader_approves_and_another_county_sees_nothing(
    world: Any, coordinator: Any, leader: Any, other_county_user: Any, item: ItemVersion
) -> None:
    version = _draft(world, coordinator, item)
    services.submit(actor=coordinator, version=version)
    url = reverse("planning:version_action", args=[version.pk, "approve"])
    assert client_for(coordinator).post(url).status_code == 403
    assert client_for(other_county_user).post(url).status_code == 404
    assert client_for(other_county_user).get(reverse("planning:plan", args=[version.plan_id])).status_code == 404
    assert client_for(leader).post(url).status_code == 302
    version.refresh_from_db()
    assert version.status == "approved"
