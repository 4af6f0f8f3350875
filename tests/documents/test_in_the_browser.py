"""On a phone: a coordinator opens a drawn target's documents from the draw page, issues the 统计检查通知书, sees its
number and the page preview, and opens the unit's 全过程记录, where the issue is listed."""

from __future__ import annotations

import os
from typing import Any

import pytest

from shuangsuiji.documents.models import Document
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_issues_a_notice_on_a_phone(
    browser: Any,
    live_server: Any,
    target: Any,
    coordinator: Any,
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    base = live_server.url
    login(phone, base, "coordinator", PASSWORD)
    phone.goto(f"{base}/tasks/draws/{target.draw_id}/")
    phone.click(f"a[href='/documents/about/tasks.target/{target.pk}/']")
    phone.click("#issue-inspection_notice")
    phone.wait_for_selector("#download")
    document = Document.objects.get()
    assert document.number in phone.inner_text("h1")
    phone.wait_for_function("document.querySelector('.card img').naturalWidth > 0")
    if os.environ.get("DOCUMENTS_PNG_DIR"):
        phone.screenshot(path=os.path.join(os.environ["DOCUMENTS_PNG_DIR"], "phone-document.png"), full_page=True)
    phone.goto(f"{base}/directory/{target.unit_id}/")
    phone.click("#unit-timeline")
    assert f"制发统计检查通知书 {document.number}" in phone.inner_text("#timeline")
    context.close()
