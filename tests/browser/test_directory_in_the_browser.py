"""A coordinator logs in, imports a 名录库 file through the page (preview, confirm, progress) and finds the unit."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.factories import valid_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_imports_a_file_and_finds_the_unit(
    live_server: Any, page: Any, coordinator: Any, tmp_path: Path
) -> None:
    code = valid_uscc()
    path = tmp_path / "阳城县名录.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["统一社会信用代码", "单位名称", "区划代码", "行业代码", "四上类别", "无关列"])
        writer.writerow([code, "阳城县浏览器测试煤业有限公司", "140522100001", "0610", "规上工业", "x"])
        writer.writerow(["91140522MA0K12345X", "校验位错误的公司", "140522100001", "0610", "规上工业", ""])
    login(page, live_server.url, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/imports/units/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button[type=submit]")
    page.wait_for_selector("text=预检完成")
    assert page.is_visible("text=无关列")
    assert page.is_visible("text=校验位错误")
    page.check("input[name=skip_invalid]")
    page.click("#confirm-import")
    page.wait_for_selector("text=导入完成")
    page.goto(f"{live_server.url}/directory/")
    page.fill("input[name=q]", "浏览器测试")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("text=阳城县浏览器测试煤业有限公司")
    page.click("text=阳城县浏览器测试煤业有限公司")
    page.wait_for_selector(f"text={code}")
    assert page.is_visible("text=通过导入文件")
    assert not page.is_visible("text=校验位错误的公司")


def test_the_unit_list_works_on_a_phone(live_server: Any, phone: Any, coordinator: Any, world: Any) -> None:
    from tests.factories import UnitFactory

    UnitFactory(bureau=world.county, name="手机上可见的单位有限公司")
    login(phone, live_server.url, "coordinator", PASSWORD)
    phone.goto(f"{live_server.url}/directory/")
    assert phone.is_visible("text=手机上可见的单位有限公司")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "the page must not scroll sideways on a phone (tables scroll inside their box)"
