"""An inspector on a phone opens a drawn target, fills the checklist, photographs the ledger, both members sign,
the record is submitted; the coordinator accepts and publishes it; the portal shows the result."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from shuangsuiji.core.roles import Role
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.inspectors.services.inspectors import link_user
from shuangsuiji.tasks.services import tasks
from tests.browser.conftest import login
from tests.conftest import PASSWORD, _user
from tests.factories import county_inspectors, county_units, published_item
from tests.tasks.test_ceremony import confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _draw_signature(page: Any, canvas: Any) -> None:
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 18, box["y"] + 40 + (step % 3) * 25)
    page.mouse.up()


def test_an_inspector_records_on_a_phone_and_the_coordinator_publishes(
    browser: Any, live_server: Any, world: Any, coordinator: Any, leader: Any, tmp_path: Path
) -> None:
    item = published_item(world.province)
    county_units(world.county)
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
    group = target.assignments.get().group
    for n, member in enumerate(group.members.select_related("inspector")):
        user = _user(f"phone{n}", world.county, Role.INSPECTOR)
        link_user(actor=None, inspector=member.inspector, user=user)

    photo = tmp_path / "台账.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 180, 150)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    base = live_server.url
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, base, "phone0", PASSWORD)
    page.goto(f"{base}/inspections/mine/")
    page.get_by_text(target.unit.name).first.wait_for()
    page.locator(".target-card", has_text=target.unit.name).get_by_role("button", name="开始检查").click()
    page.wait_for_selector("#record-form")

    # A submission without anything filled keeps the page and says what is missing, keeping what was typed.
    page.fill("input[name=place]", "阳城县凤城镇东街8号")
    page.click("#submit-record")
    page.wait_for_selector("text=请选择检查方式")
    assert page.input_value("input[name=place]") == "阳城县凤城镇东街8号"

    page.check("input[name=methods][value=onsite]")
    page.fill("input[name=inspected_on]", dt.date.today().isoformat())
    for radio in page.locator("#checklist input[type=radio][value='是']").all():
        radio.check()
    page.check("input[name=outcomes][value=no_problem]")
    page.check("input[name=unit_response][value=acknowledged]")
    page.fill("input[name=unit_signer]", "李会计")
    page.click("#save-record")
    page.wait_for_selector("text=已保存")

    page.set_input_files("#evidence-file", str(photo))
    page.click("#upload-evidence")
    page.wait_for_selector("text=已上传 1 个文件")
    assert page.locator(".evidence img").count() == 1

    for index in range(group.members.count()):
        form = page.locator(".sign-form").nth(index)
        _draw_signature(page, form.locator("canvas"))
        form.locator(".sign-save").click()
        page.wait_for_selector("text=签字已保存")
    assert page.locator(".sig-img").count() == group.members.count()
    page.screenshot(path=str(tmp_path / "record.png"), full_page=True)

    page.click("#submit-record")
    page.wait_for_selector("text=检查记录已提交法制室审核")
    assert page.inner_text("#record-state") == "已提交"
    assert not errors, errors
    context.close()

    inspection = Inspection.objects.get(target=target)
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login(desk, base, "coordinator", PASSWORD)
    desk.goto(f"{base}/inspections/{inspection.pk}/")
    desk.click("#accept-record")
    desk.wait_for_selector("text=已审核通过")
    desk.click("#hand-over")
    desk.wait_for_selector("text=已移交公示")
    desk.goto(f"{base}/inspections/review/")
    desk.click("#publish-results")
    desk.wait_for_selector("text=已在门户网站公示 1 条检查结果")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/public/140522/results/")
    public.click(f"text={target.unit.name}")
    public.wait_for_selector("text=未发现问题")
    assert "抽查任务编号" in public.content()
