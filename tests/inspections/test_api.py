"""The same record through the REST API, as a native app would do it."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuangsuiji.inspections.services.records import member_inspectors
from tests.conftest import client_for
from tests.inspections.conftest import JPEG, PNG

pytestmark = pytest.mark.django_db


def test_an_app_records_signs_and_submits_through_the_api(target: Any, members: list[Any], coordinator: Any) -> None:
    api = client_for(members[0])
    mine = api.get("/api/v1/inspections/mine").json()
    assert any(row["target_id"] == target.pk for row in mine)
    opened = api.post(f"/api/v1/inspections/targets/{target.pk}/open")
    assert opened.status_code == 201, opened.content
    body = opened.json()
    pk = body["id"]
    answers = {str(p["id"]): {"answer": "是"} for p in body["checkpoints"]}
    bad = api.put(f"/api/v1/inspections/{pk}", {"inspected_on": "2099-01-01"}, content_type="application/json")
    assert bad.status_code == 422 and "inspected_on" in bad.json()["errors"]
    record = {
        "methods": ["onsite"],
        "inspected_on": timezone.localdate().isoformat(),
        "place": "凤城镇",
        "answers": answers,
        "outcomes": ["no_problem"],
        "unit_response": "acknowledged",
        "unit_signer": "张经理",
    }
    assert api.put(f"/api/v1/inspections/{pk}", record, content_type="application/json").status_code == 200
    refused = api.post(f"/api/v1/inspections/{pk}/submit")
    assert refused.status_code == 422 and "signatures" in refused.json()["errors"]
    upload = api.post(
        f"/api/v1/inspections/{pk}/evidence", {"file": SimpleUploadedFile("现场.jpg", JPEG, "image/jpeg")}
    )
    assert upload.status_code == 201 and len(upload.json()["sha256"]) == 64
    wrong = api.post(f"/api/v1/inspections/{pk}/evidence", {"file": SimpleUploadedFile("x.exe", b"MZ00", "x/y")})
    assert wrong.status_code == 422
    from shuangsuiji.inspections.models import Inspection

    for inspector in member_inspectors(Inspection.objects.get(pk=pk)):
        signature = {"role": "inspector", "inspector_id": inspector.pk, "image_base64": base64.b64encode(PNG).decode()}
        response = api.post(f"/api/v1/inspections/{pk}/signatures", signature, content_type="application/json")
        assert response.status_code == 201, response.content
    submitted = api.post(f"/api/v1/inspections/{pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert (
        api.post(f"/api/v1/inspections/{pk}/review", {"accept": True}, content_type="application/json").status_code
        == 403
    )
    accepted = client_for(coordinator).post(
        f"/api/v1/inspections/{pk}/review", {"accept": True}, content_type="application/json"
    )
    assert accepted.json()["state"] == "accepted"


def test_an_inspector_of_another_group_sees_a_404(target: Any, members: list[Any], world: Any) -> None:
    from shuangsuiji.core.roles import Role
    from tests.conftest import _user

    outsider = client_for(_user("outsider", world.county, Role.INSPECTOR))
    assert outsider.post(f"/api/v1/inspections/targets/{target.pk}/open").status_code == 404


def test_the_pages_keep_what_was_typed_when_submission_fails(target: Any, members: list[Any]) -> None:
    from shuangsuiji.inspections import services as svc

    inspection = svc.open_inspection(actor=members[0], target=target)
    page = client_for(members[0]).post(
        f"/inspections/{inspection.pk}/", {"action": "submit", "place": "东街8号", "findings": "台账不全"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and "东街8号" in text and "台账不全" in text and "请选择检查方式" in text
    assert client_for(members[0]).get("/inspections/mine/").status_code == 200


def test_the_record_links_to_its_documents_and_timeline(target: Any, members: list[Any], coordinator: Any) -> None:
    from shuangsuiji.inspections import services as svc

    inspection = svc.open_inspection(actor=members[0], target=target)
    page = client_for(members[0]).get(f"/inspections/{inspection.pk}/").content.decode()
    for url in (
        f"/documents/about/inspections.inspection/{inspection.pk}/",
        f"/documents/about/tasks.target/{target.pk}/",
        f"/timeline/inspections.inspection/{inspection.pk}/",
    ):
        assert url in page
        assert client_for(members[0]).get(url).status_code == 200, url
        assert client_for(coordinator).get(url).status_code == 200, url
