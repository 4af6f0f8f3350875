"""A finding becomes a case in the browser: 立案, evidence preserved with the head's approval and decided on,
investigation with its 裁量基准 band, legal review refused then agreed, notice, decision, service, payment and
closure; the decision is on the portal, masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.cases.models import Case
from shuangsuiji.core.roles import Role
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspectors.services.inspectors import link_user
from shuangsuiji.tasks.services import tasks
from tests.browser.conftest import login
from tests.cases.test_cases import band_for
from tests.conftest import PASSWORD, _user
from tests.factories import county_inspectors, county_units, published_item
from tests.inspections.conftest import complete_data, signed
from tests.tasks.test_ceremony import confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login(page, live_server.url, username, PASSWORD)
    return page


def test_a_finding_goes_from_case_to_published_decision(
    browser: Any, live_server: Any, world: Any, coordinator: Any, leader: Any, legal_reviewer: Any
) -> None:
    item = published_item(world.province)
    county_units(world.county)
    county_inspectors(world.county)
    task = tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="2026年抽查",
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
    for gm in target.assignments.get().group.members.select_related("inspector"):
        link_user(actor=None, inspector=gm.inspector, user=_user(f"m{gm.pk}", world.county, Role.INSPECTOR))
    phone = target.assignments.get().group.members.first().inspector.user
    inspection = svc.open_inspection(actor=phone, target=target)
    data = complete_data(inspection, outcomes=["pending"], follow_up="case", findings="虚报营业收入约300万元")
    svc.save_record(actor=phone, inspection=inspection, data=data)
    signed(inspection, phone)
    svc.submit(actor=phone, inspection=inspection)
    svc.review(actor=coordinator, inspection=inspection, accept=True)
    base = live_server.url

    fazhi = _page(browser, live_server, "coordinator")
    fazhi.goto(f"{base}/inspections/{inspection.pk}/")
    fazhi.click("#propose-case")
    fazhi.check("input[name=violations][value=false_data]")
    for box in fazhi.locator("input[name=handlers]").all()[:2]:
        box.check()
    fazhi.click("#propose-case")
    fazhi.wait_for_selector("text=待局领导批准")
    case = Case.objects.get()
    url = f"{base}/cases/{case.pk}/"

    lingdao = _page(browser, live_server, "leader")
    lingdao.goto(url)
    lingdao.click("#approve-case")
    lingdao.wait_for_selector("#case-status:has-text('调查取证')")

    fazhi.goto(url)
    fazhi.click("#request-preservation summary")
    fazhi.fill("#items", "2026年统计台账 1册\n销售发票存根 2本")
    fazhi.fill("#preserve-reason", "台账可能被篡改")
    fazhi.fill("#preserve-place", "就地封存")
    fazhi.click("#request-preservation-button")
    fazhi.wait_for_selector("text=待局领导批准")
    preservation = case.preservations.get()
    lingdao.goto(url)
    lingdao.click(f"#approve-preservation-{preservation.pk}")
    lingdao.wait_for_selector("text=已批准，待实施")
    fazhi.goto(url)
    fazhi.click(f"#carry-out-{preservation.pk}")
    fazhi.wait_for_selector("text=处理决定期限")
    lingdao.goto(url)
    lingdao.fill(f"#preservation-{preservation.pk} input[name=note]", "已复制存档，退还当事人")
    lingdao.click(f"#decide-preservation-{preservation.pk}")
    lingdao.wait_for_selector("text=已作出处理决定")

    def investigate() -> None:
        fazhi.goto(url)
        fazhi.fill("#report", "经调取财务账簿核实，虚报属实")
        fazhi.fill("#proposed_fine", "30000")
        fazhi.fill("#reasoning", "首次违法，按“一般”档")
        fazhi.select_option("#band", value=band_for(case, 30_000))
        fazhi.click("#finish-investigation")
        fazhi.wait_for_selector("#case-status:has-text('调查终结')")

    investigate()
    shenhe = _page(browser, live_server, "reviewer")
    shenhe.goto(url)
    for box in shenhe.locator("#review-form input[type=checkbox]").all():
        box.check()
    shenhe.select_option("#opinion", "disagree")
    shenhe.fill("#reasons", "缺少询问笔录")
    shenhe.click("#submit-review")
    shenhe.wait_for_selector("text=缺少询问笔录")
    lingdao.goto(url)
    lingdao.fill("#decision", "补充询问笔录后再审")
    lingdao.click("button[name=proceed][value='0']")
    lingdao.wait_for_selector("#case-status:has-text('调查取证')")
    investigate()
    shenhe.goto(url)
    for box in shenhe.locator("#review-form input[type=checkbox]").all():
        box.check()
    shenhe.select_option("#opinion", "agree")
    shenhe.fill("#reasons", "事实清楚，证据充分")
    shenhe.click("#submit-review")
    shenhe.wait_for_selector("#case-status:has-text('法制审核通过')")

    fazhi.goto(url)
    fazhi.click("#notify")
    fazhi.wait_for_selector("#case-status:has-text('已事先告知')")
    # the party answers the notice in writing; the handlers review it before the decision
    fazhi.click("#record-statement")
    fazhi.select_option("#id_manner", "written")
    fazhi.fill("#id_person", "张经理")
    fazhi.fill("#id_person_role", "法定代表人")
    fazhi.fill("#id_statement", "多报系口径理解错误，请求从轻")
    fazhi.click("#save-statement")
    fazhi.wait_for_selector("#statement-review:has-text('待复核')")
    fazhi.click("#review-statement")
    fazhi.select_option("#id_opinion", "rejected")
    fazhi.fill("#id_reasons", "统计口径已在报表制度中明确，理由不成立")
    fazhi.click("#save-statement")
    fazhi.wait_for_selector("#statement-review:has-text('不予采纳')")
    lingdao.goto(url)
    lingdao.click("#decide")
    lingdao.wait_for_selector("#case-status:has-text('已决定')")
    fazhi.goto(url)
    fazhi.click("#serve")
    fazhi.wait_for_selector("#case-status:has-text('已送达')")
    fazhi.click("#pay")
    fazhi.wait_for_selector("#case-status:has-text('已执行')")
    fazhi.fill("#note", "罚款缴清，结案归档")
    fazhi.click("#close-case")
    fazhi.wait_for_selector("#case-status:has-text('已结案')")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/public/140522/decisions/")
    public.click("a:has-text('罚决〔')")
    public.wait_for_selector("text=处罚内容")
    text = public.inner_text("main")
    assert "罚款人民币 30,000 元" in text and target.unit.uscc in text
    if target.unit.legal_representative:
        assert target.unit.legal_representative not in text
