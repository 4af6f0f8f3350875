"""Document pages, timelines and the bureau's chain head: wiring, permissions (another bureau's object is a 404)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.documents.models import Document
from shuangsuiji.documents.services import issue_document
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.tasks.models import Target
from tests.conftest import client_for


@pytest.fixture
def notice(target: Target, coordinator: Any, world: Any) -> Document:
    return issue_document(actor=coordinator, kind_code="inspection_notice", obj=target, bureau=world.county)


def test_an_inspector_issues_a_notice_from_the_target_page(target: Target, inspector_user: Any) -> None:
    client = client_for(inspector_user)
    page = client.get(f"/documents/about/tasks.target/{target.pk}/")
    assert page.status_code == 200 and "统计检查通知书" in page.content.decode()
    response = client.post(f"/documents/issue/inspection_notice/{target.pk}/")
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    assert document.created_by == inspector_user


def test_a_leader_cannot_issue(target: Target, leader: Any) -> None:
    assert client_for(leader).post(f"/documents/issue/inspection_notice/{target.pk}/").status_code == 403
    assert not Document.objects.exists()


def test_a_document_that_does_not_apply_is_refused_with_a_message(inspection: Inspection, coordinator: Any) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(follow_up="")
    client = client_for(coordinator)
    response = client.post(f"/documents/issue/rectification_notice/{inspection.pk}/", follow=True)
    assert "未作出责令限期改正" in response.content.decode() and not Document.objects.exists()


def test_another_county_sees_nothing(target: Target, notice: Document, other_county_user: Any) -> None:
    client = client_for(other_county_user)
    for url in [
        f"/documents/{notice.pk}/",
        f"/documents/{notice.pk}/pdf",
        f"/documents/about/tasks.target/{target.pk}/",
        f"/documents/preview/inspection_notice/{target.pk}/",
        f"/timeline/tasks.target/{target.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/documents/issue/inspection_notice/{target.pk}/").status_code == 404
    assert notice.number not in client.get("/documents/").content.decode()


def test_the_superior_city_sees_the_countys_documents(notice: Document, city_coordinator: Any) -> None:
    client = client_for(city_coordinator)
    assert client.get(f"/documents/{notice.pk}/").status_code == 200
    assert notice.number in client.get("/documents/?bureau=140522").content.decode()


def test_the_pdf_is_served_inline_or_as_a_download(notice: Document, coordinator: Any) -> None:
    client = client_for(coordinator)
    inline = client.get(f"/documents/{notice.pk}/pdf")
    assert inline["Content-Type"] == "application/pdf" and inline["Content-Disposition"].startswith("inline")
    assert inline.content == notice.pdf.open("rb").read()
    download = client.get(f"/documents/{notice.pk}/pdf?download=1")
    assert download["Content-Disposition"].startswith("attachment; filename*=UTF-8''")


def test_the_png_preview_is_an_image(notice: Document, coordinator: Any) -> None:
    response = client_for(coordinator).get(f"/documents/{notice.pk}/png")
    assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_preview_renders_without_storing(target: Target, coordinator: Any) -> None:
    response = client_for(coordinator).get(f"/documents/preview/inspection_notice/{target.pk}/")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert not Document.objects.exists()


def test_an_unknown_kind_or_object_type_is_a_404(target: Target, coordinator: Any) -> None:
    client = client_for(coordinator)
    assert client.get(f"/documents/preview/nonsense/{target.pk}/").status_code == 404
    assert client.get("/documents/about/nonsense.model/1/").status_code == 404
    assert client.get("/documents/about/tasks.target/abc/").status_code == 404


def test_the_list_shows_documents_of_a_kind(
    notice: Document, coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        page = client.get("/documents/?kind=inspection_notice").content.decode()
    assert notice.number in page
    assert notice.number not in client.get("/documents/?kind=onsite_record").content.decode()


def test_the_unit_timeline_gathers_its_targets_inspections_and_documents(
    inspection: Inspection, notice: Document, coordinator: Any, world: Any
) -> None:
    from django.db import transaction

    from shuangsuiji.core.audit import record_event

    with transaction.atomic():
        record_event(
            actor=coordinator,
            bureau_id=world.county.pk,
            action="inspections.submit",
            obj=inspection,
            summary="提交检查记录",
        )
        record_event(
            actor=coordinator,
            bureau_id=world.county.pk,
            action="cases.open",
            object_type="cases.case",
            object_id="1",
            summary="立案（来源：双随机抽查）",
            data={"refs": [f"directory.unit:{inspection.unit_id}"]},
        )
    page = client_for(coordinator).get(f"/timeline/directory.unit/{inspection.unit_id}/").content.decode()
    assert (
        "提交检查记录" in page and f"制发统计检查通知书 {notice.number}" in page and "立案（来源：双随机抽查）" in page
    )
    other_unit_events = AuditEvent.objects.filter(object_type="directory.unit").exclude(
        object_id=str(inspection.unit_id)
    )
    assert all(e.summary not in page for e in other_unit_events if e.summary)


def test_the_draw_and_document_timelines(target: Target, notice: Document, coordinator: Any) -> None:
    client = client_for(coordinator)
    draw_page = client.get(f"/timeline/tasks.draw/{target.draw_id}/").content.decode()
    assert "draws.draw_prepared" in draw_page and "tasks.task_created" in draw_page
    document_page = client.get(f"/timeline/documents.document/{notice.pk}/").content.decode()
    assert notice.number in document_page


def test_timelines_need_the_audit_permission(target: Target, inspector_user: Any) -> None:
    assert client_for(inspector_user).get(f"/timeline/tasks.draw/{target.draw_id}/").status_code == 403


def test_the_unit_and_draw_pages_link_to_their_timelines(target: Target, coordinator: Any) -> None:
    client = client_for(coordinator)
    assert f"/timeline/directory.unit/{target.unit_id}/" in client.get(f"/directory/{target.unit_id}/").content.decode()
    draw_page = client.get(f"/tasks/draws/{target.draw_id}/").content.decode()
    assert f"/timeline/tasks.draw/{target.draw_id}/" in draw_page
    assert f"/documents/about/tasks.target/{target.pk}/" in draw_page


def test_the_bureau_page_exports_and_verifies_the_chain_head(notice: Document, coordinator: Any, world: Any) -> None:
    client = client_for(coordinator)
    page = client.get("/bureau/140522/").content.decode()
    assert "/bureau/140522/audit-head.json" in page and "/bureau/140522/audit-verify/" in page
    exported = client.get("/bureau/140522/audit-head.json")
    head = json.loads(exported.content)
    assert exported["Content-Disposition"].startswith("attachment")
    assert head["seq"] == world.county.audit_head.last_seq and head["hash"] == world.county.audit_head.last_hash
    assert "校验通过" in client.get("/bureau/140522/audit-verify/").content.decode()
    AuditEvent.objects.filter(bureau=world.county, seq=2).update(summary="篡改")
    assert "校验未通过" in client.get("/bureau/140522/audit-verify/").content.decode()


def test_another_county_cannot_export_our_head(world: Any, other_county_user: Any) -> None:
    assert client_for(other_county_user).get("/bureau/140522/audit-head.json").status_code == 404


def test_the_api_issues_lists_and_serves_documents(target: Target, inspector_user: Any, leader: Any) -> None:
    client = client_for(inspector_user)
    created = client.post(
        "/api/v1/documents/issue",
        {"kind": "inspection_notice", "object_id": str(target.pk)},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["number"].startswith("阳统检〔")
    listed = client.get(f"/api/v1/documents/?object_type=tasks.target&object_id={target.pk}").json()
    assert [d["id"] for d in listed] == [created.json()["id"]]
    assert client.get(f"/api/v1/documents/{listed[0]['id']}/pdf").content[:5] == b"%PDF-"
    unknown = client.post("/api/v1/documents/issue", {"kind": "x", "object_id": "1"}, content_type="application/json")
    assert unknown.status_code == 422 and "未知的文书种类" in unknown.json()["detail"]
    refused = client_for(leader).post(
        "/api/v1/documents/issue",
        {"kind": "inspection_notice", "object_id": str(target.pk)},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_api_hides_other_bureaus_documents(target: Target, notice: Document, other_county_user: Any) -> None:
    client = client_for(other_county_user)
    assert client.get(f"/api/v1/documents/{notice.pk}").status_code == 404
    assert client.get(f"/api/v1/documents/?object_type=tasks.target&object_id={target.pk}").status_code == 404


def test_the_inspection_timeline_includes_its_evidence_and_documents(
    inspection: Inspection, coordinator: Any, world: Any
) -> None:
    from django.db import transaction

    from shuangsuiji.core.audit import record_event

    evidence = inspection.evidence.get()
    with transaction.atomic():
        record_event(
            actor=coordinator, bureau_id=world.county.pk, action="inspections.attach", obj=evidence, summary="上传证据"
        )
    record = issue_document(actor=coordinator, kind_code="onsite_record", obj=inspection, bureau=world.county)
    page = client_for(coordinator).get(f"/timeline/inspections.inspection/{inspection.pk}/").content.decode()
    assert "上传证据" in page and record.number in page
    assert "tasks.task_created" not in page


def test_the_inspection_record_page_links_to_its_documents_and_timeline(
    inspection: Inspection, coordinator: Any
) -> None:
    page = client_for(coordinator).get(f"/inspections/{inspection.pk}/").content.decode()
    assert f"/documents/about/inspections.inspection/{inspection.pk}/" in page
    assert f"/documents/about/tasks.target/{inspection.target_id}/" in page
    assert f"/timeline/inspections.inspection/{inspection.pk}/" in page
