"""The public portal as a citizen and an enterprise use it (no login): a confirmed draw and an accepted,
published inspection result are found with masking applied, and the self-check box answers correctly for a
selected and a non-selected code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.core.roles import Role
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspectors.services.inspectors import link_user
from shuangsuiji.tasks.services import tasks
from tests.conftest import _user
from tests.factories import county_inspectors, county_units, published_item, valid_uscc
from tests.inspections.conftest import complete_data, signed
from tests.tasks.test_ceremony import confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_finds_the_draw_and_a_masked_result_and_checks_its_code(
    browser: Any, live_server: Any, world: Any, coordinator: Any, leader: Any
) -> None:
    item = published_item(world.province)
    units = county_units(world.county)
    county_inspectors(world.county)
    task = tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="2026年四上企业抽查",
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 12, 31),
        items=[item],
        adhoc_reason="测试",
        strata_components=["risk"],
        risk_ratios={"A": [5, 100], "B": [10, 100], "C": [20, 100], "D": [50, 100]},
        group_size=2,
    )
    draw = confirmed(task, coordinator, leader)
    target = draw.targets.filter(kind="random").order_by("ticket_order").first()
    assert target is not None
    unit = target.unit
    # the drawn unit is a 个体工商户 (code 92…): its operator is a natural person whose name must be masked
    unit.name, unit.legal_representative, unit.uscc = "阳城县李秀英便利店", "李秀英", valid_uscc(individual=True)
    unit.save(update_fields=["name", "legal_representative", "uscc"])
    phone = _user("insp", world.county, Role.INSPECTOR)
    member = target.assignments.get().group.members.first()
    link_user(actor=None, inspector=member.inspector, user=phone)
    phone.refresh_from_db()
    inspection = svc.open_inspection(actor=phone, target=target)
    data = complete_data(inspection, outcomes=["corrected"], findings="台账不全，已当场责令改正")
    svc.save_record(actor=phone, inspection=inspection, data=data)
    for gm in target.assignments.get().group.members.select_related("inspector"):
        if gm.inspector.user_id is None:
            link_user(actor=None, inspector=gm.inspector, user=_user(f"m{gm.pk}", world.county, Role.INSPECTOR))
    signed(inspection, phone)
    svc.submit(actor=phone, inspection=inspection)
    svc.review(actor=coordinator, inspection=inspection, accept=True)
    svc.hand_over(actor=coordinator, inspection=inspection)
    svc.publish_results(actor=coordinator, inspections=[inspection])

    base = live_server.url
    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/public/140522/")
    page.click("text=摇号公告与结果")
    page.click(f"text=摇号结果（{draw.draw_id}）")
    page.wait_for_selector("text=RESULT.json")
    assert draw.seed_sha256 in page.content() or draw.draw_id in page.content()

    page.goto(f"{base}/public/140522/results/")
    page.click("text=抽查结果（")
    text = page.inner_text("main")
    assert "发现问题已责令改正" in text and unit.uscc in text and "阳城县李**便利店" in text
    assert "李秀英" not in page.content() and "台账不全" not in text  # masked; findings stay internal

    chosen = set(draw.targets.values_list("frame_id", flat=True))
    other = next(u.uscc for u in units if u.uscc not in chosen and u.status == "OPERATING")
    page.goto(f"{base}/public/140522/check/")
    page.fill("#uscc", target.frame_id)
    page.click("button:has-text('查询')")
    page.wait_for_selector("text=签号 ≤ 阈值：被抽中")
    page.fill("#uscc", other)
    page.click("button:has-text('查询')")
    page.wait_for_selector("text=未被抽中")
    assert "签号 ≤ 阈值：被抽中" not in page.inner_text("main")
    assert not errors, errors
