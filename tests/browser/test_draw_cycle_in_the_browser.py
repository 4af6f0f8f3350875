"""The full cycle as a coordinator walks it: plan, approval by a 局领导, publication, task from the plan line,
commitment, the ceremony with dice and a witness, confirmation by both, a substitution, and the verification kit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.tasks.models import Draw, Target
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.factories import county_inspectors, county_units, published_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login(page, live_server.url, username, PASSWORD)
    return page


def test_a_coordinator_walks_plan_task_draw_and_substitution(
    browser: Any, live_server: Any, world: Any, coordinator: Any, leader: Any, tmp_path: Path
) -> None:
    published_item(world.province)
    county_units(world.county)
    county_inspectors(world.county)
    base = live_server.url
    fazhi = as_user(browser, live_server, "coordinator")
    fazhi.goto(f"{base}/plans/")
    fazhi.fill("input[name=year]", "2026")
    fazhi.click("button:has-text('新建')")
    fazhi.click("a:has-text('添加抽查事项')")
    fazhi.fill("input[name=ratio_percent]", "3")
    fazhi.check("input[name=scale_categories][value=IND]")
    fazhi.check("input[name=scale_categories][value=RET]")
    fazhi.click("button:has-text('添加')")
    fazhi.click("button:has-text('提交局领导审批')")
    fazhi.wait_for_selector("text=已提交审批")
    plan_url = fazhi.url
    lingdao = as_user(browser, live_server, "leader")
    lingdao.goto(plan_url)
    lingdao.click("button:has-text('批准')")
    lingdao.wait_for_selector("text=已批准")
    fazhi.goto(plan_url)
    fazhi.click("button:has-text('发布')")
    fazhi.wait_for_selector("text=已发布")

    fazhi.goto(f"{base}/tasks/new/")
    fazhi.fill("input[name=name]", "2026年四上企业双随机抽查")
    fazhi.select_option("select[name=plan_line]", index=1)
    fazhi.check("input[name=items]")
    fazhi.fill("input[name=period_start]", "2026-05-01")
    fazhi.fill("input[name=period_end]", "2026-12-31")
    for risk, value in zip("ABCD", ("5", "10", "20", "50"), strict=True):
        fazhi.fill(f"input[name=ratio_{risk}]", value)
    fazhi.click("button:has-text('保存')")
    fazhi.wait_for_selector("text=进入抽样框")
    fazhi.fill("input[name=ceremony_place]", "阳城县统计局会议室")
    fazhi.click("button:has-text('准备摇号')")
    fazhi.click("#commit")
    fazhi.wait_for_selector("text=已公告承诺")
    fazhi.click("#go-ceremony")
    fazhi.wait_for_load_state("load")  # the digit boxes are bound by a deferred script
    fazhi.fill("input[name=dice]", "27182818284590452353")
    fazhi.wait_for_function(
        "document.querySelector('#dice-display').textContent.replace(/\\s/g, '').startsWith('2718')", timeout=5000
    )
    fazhi.fill("input[name=witness_1]", "王建华，县纪委监委派驻纪检组")
    fazhi.click("#reveal")
    fazhi.wait_for_selector("text=抽中的检查对象")
    draw = Draw.objects.get()
    fazhi.goto(f"{base}/tasks/draws/{draw.pk}/")
    fazhi.click("#confirm-coordinator")
    lingdao.goto(f"{base}/tasks/draws/{draw.pk}/")
    lingdao.click("#confirm-leader")
    lingdao.wait_for_selector("text=已确认")

    target = Target.objects.filter(draw=draw, kind="random").first()
    from shuangsuiji.tasks.services.substitutions import report_out_of_scope

    report_out_of_scope(actor=coordinator, target=target, reason="经核实已注销")
    lingdao.goto(f"{base}/tasks/draws/{draw.pk}/")
    lingdao.click("button:has-text('批准以备选替换')")
    lingdao.wait_for_selector("text=已由备选对象")
    with fazhi.expect_download() as download:
        fazhi.goto(f"{base}/tasks/draws/{draw.pk}/")
        fazhi.click("a:has-text('RESULT.json')")
    result_path = tmp_path / "RESULT.json"
    download.value.save_as(result_path)
    assert len(json.loads(result_path.read_text(encoding="utf-8"))["substitutions"]) == 1
    for name in ("frame.csv", "inspectors.csv"):
        with fazhi.expect_download() as extra:
            fazhi.click(f"a:has-text('{name}')")
        extra.value.save_as(tmp_path / name)
    verifier = Path(__file__).resolve().parents[2] / "shuangsuiji" / "verifier" / "verify_draw.py"
    checked = subprocess.run(
        [
            sys.executable,
            str(verifier),
            str(result_path),
            "--frame",
            str(tmp_path / "frame.csv"),
            "--inspectors",
            str(tmp_path / "inspectors.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
