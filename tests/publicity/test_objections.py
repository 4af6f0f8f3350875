"""异议: anyone objects to a published record from the portal, without a login; the bureau answers within the
deadline; the submitter reads the answer with its tracking code; other counties never see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.publicity import services
from shuangsuiji.publicity.models import Objection, Publication
from tests.conftest import client_for
from tests.factories import valid_uscc

pytestmark = pytest.mark.django_db
CODE = valid_uscc()
SAID = {
    "name": "张经理",
    "organisation": "阳城县某某有限公司",
    "uscc": CODE,
    "contact": "13800000000",
    "content": "公示的处罚金额有误，决定书载明为罚款 20,000 元。",
}


@pytest.fixture
def decision(world: Any, coordinator: Any) -> Publication:
    return services.publish(
        actor=coordinator,
        bureau=world.county,
        kind=Publication.Kind.DECISION,
        subject_type="cases.case",
        subject_id="9999",
        title="阳统罚决〔2026〕9号 行政处罚决定",
        payload={"fields": [["行政相对人名称", "阳城县某某有限公司"], ["处罚内容", "警告，罚款人民币 30,000 元"]]},
        unit_codes=[CODE],
    )


def test_an_objection_is_submitted_answered_and_followed_with_its_code(
    world: Any, decision: Publication, coordinator: Any, legal_reviewer: Any, other_county_user: Any
) -> None:
    public = Client(enforce_csrf_checks=True)
    detail = public.get(f"/public/p/{decision.pk}/").content.decode()
    assert f"/public/p/{decision.pk}/objection/" in detail
    form = public.get(f"/public/p/{decision.pk}/objection/")
    assert form.status_code == 200 and 'id="objection-form"' in form.content.decode()
    token = form.cookies["csrftoken"].value
    bad = public.post(
        f"/public/p/{decision.pk}/objection/",
        {**SAID, "contact": "x", "content": "错", "uscc": "91140522MA0000000X", "csrfmiddlewaretoken": token},
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "有效的联系电话" in page and "至少10个字" in page and "本条公示信息涉及" in page
    assert not Objection.objects.exists()
    done = public.post(f"/public/p/{decision.pk}/objection/", {**SAID, "csrfmiddlewaretoken": token})
    item = Objection.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/public/objection/{item.code}/"
    status = public.get(done["Location"]).content.decode()
    assert "待核实" in status and item.code in status and "13800000000" not in status
    deadline = Deadline.objects.get(kind="objection_reply", subject_id=str(item.pk))
    assert deadline.status == "open" and deadline.bureau_id == world.county.pk

    assert client_for(other_county_user).get(f"/publicity/objections/{item.pk}/").status_code == 404
    assert client_for(legal_reviewer).get("/publicity/objections/").status_code == 200
    with pytest.raises(services.PublicityError, match="只有本局法制室"):
        services.answer_objection(actor=legal_reviewer, objection=item, corrected=True, reply="已核实更正")
    staff = client_for(coordinator)
    assert "待核实 1" in staff.get("/publicity/").content.decode()
    refused = staff.post(f"/publicity/objections/{item.pk}/", {"decision": "corrected", "reply": ""})
    assert refused.status_code == 400 and "请写明核实情况与答复" in refused.content.decode()
    staff.post(f"/publicity/objections/{item.pk}/", {"decision": "corrected", "reply": "经核实金额有误，已更正公示。"})
    item.refresh_from_db()
    assert item.status == "corrected" and item.answered_by == coordinator
    assert Deadline.objects.get(pk=deadline.pk).status == "done"
    assert "经核实金额有误" in public.get(f"/public/objection/{item.code}/").content.decode()
    with pytest.raises(services.ObjectionError, match="已于"):
        services.answer_objection(actor=coordinator, objection=item, corrected=False, reply="再次答复内容")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"publicity.objection_received", "publicity.objection_answered"} <= actions


def test_no_objection_to_a_withdrawn_record_and_a_daily_limit_per_contact(
    decision: Publication, coordinator: Any
) -> None:
    for _ in range(services.objections.DAILY_LIMIT):
        services.submit_objection(publication=decision, **SAID)
    with pytest.raises(services.ObjectionError, match="每天最多"):
        services.submit_objection(publication=decision, **SAID)
    services.withdraw(actor=coordinator, publication=decision, reason="决定被撤销")
    decision.refresh_from_db()
    with pytest.raises(services.ObjectionError, match="已撤下或已更正"):
        services.submit_objection(publication=decision, **{**SAID, "contact": "a@b.cn"})
    assert Client().get("/public/objection/NOSUCHCODE/").status_code == 404
