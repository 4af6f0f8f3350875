"""A 专业股室 specialist imports reported figures through the import page, runs the rules, opens a flagged unit
(trend chart beside its table), confirms 疑似违法; the 法制室 then sees the unit as a directed-check candidate on
the task page and adds it to the task."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.quality.demo import synthesize, write_wide_csv
from shuangsuiji.tasks.models import DirectedTarget
from shuangsuiji.tasks.services import tasks
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.factories import UnitFactory, published_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.js_errors = errors
    login(page, live_server.url, username, PASSWORD)
    return page


def test_import_finding_suspected_violation_and_directed_candidate(
    browser: Any, live_server: Any, world: Any, specialist: Any, coordinator: Any, tmp_path: Path
) -> None:
    units = [
        UnitFactory(
            bureau=world.county, revenue=Decimal(3000 + 300 * i), employees=30 + i, name=f"阳城浏览器{i}有限公司"
        )
        for i in range(24)
    ]
    data = synthesize(units, plant=1, seed=11)
    path = tmp_path / "阳城县联网直报.csv"
    write_wide_csv(data, units, path)
    mom_unit = next(u for u in units if (u.pk, "mom") in {(r[0], r[2]) for r in data.planted.iter_rows()})
    base = live_server.url

    zhuanye = as_user(browser, live_server, "specialist")
    zhuanye.goto(f"{base}/imports/reported_values/")
    zhuanye.set_input_files("input[type=file]", str(path))
    zhuanye.click("button[type=submit]")
    zhuanye.wait_for_selector("text=预检完成")
    zhuanye.click("#confirm-import")
    zhuanye.wait_for_selector("text=导入完成")

    zhuanye.goto(f"{base}/quality/")
    zhuanye.fill("input[name=period]", "2026-10")
    zhuanye.click("#run-rules")
    zhuanye.wait_for_selector("text=审核完成")
    assert zhuanye.is_visible("text=按专业股室")
    zhuanye.select_option("select[name=rule]", "mom")
    zhuanye.click("button:has-text('筛选')")
    zhuanye.locator("tr", has_text="环比变动异常").filter(has_text=mom_unit.name).locator("a").first.click()
    zhuanye.wait_for_selector("text=环比变动异常")
    zhuanye.wait_for_selector(".quality-chart canvas")
    assert zhuanye.is_visible("caption:has-text('营业收入')")
    zhuanye.click("#start-verify")
    zhuanye.check("input[name=outcome][value=suspected]")
    zhuanye.fill("textarea[name=note]", "与企业财务报表核对，营业收入多报")
    zhuanye.click("#save-review")
    zhuanye.wait_for_selector("#finding-status:has-text('疑似违法')")
    assert zhuanye.js_errors == []

    task = tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="2026年数据质量定向检查",
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 12, 31),
        items=[published_item(world.province)],
        adhoc_reason="数据质量监测",
        strata_components=["risk"],
        risk_ratios={"A": [5, 100], "B": [10, 100], "C": [20, 100], "D": [50, 100]},
        reserve_per_stratum=1,
        group_size=2,
    )
    fazhi = as_user(browser, live_server, "coordinator")
    fazhi.goto(f"{base}/tasks/{task.pk}/")
    fazhi.wait_for_selector("text=数据质量监测提出的定向检查候选")
    row = fazhi.locator("tr", has_text=mom_unit.name)
    assert "环比变动异常" in row.inner_text()
    row.locator("button:has-text('加入本任务')").click()
    fazhi.wait_for_load_state()
    assert DirectedTarget.objects.filter(task=task, unit_id=mom_unit.pk).exists()
