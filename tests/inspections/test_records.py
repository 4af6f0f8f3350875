"""The inspection record: filled by the group, signed, submitted, reviewed, published — states only move
through the services, bad input never half-writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.core.roles import Role
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Evidence, Inspection
from shuangsuiji.publicity.models import Publication
from tests.inspections.conftest import JPEG, complete_data, signed

pytestmark = pytest.mark.django_db


def test_the_full_record_from_opening_to_publication(target: Any, members: list[Any], coordinator: Any) -> None:
    phone = members[0]
    inspection = svc.open_inspection(actor=phone, target=target)
    assert inspection.state == "pending" and inspection.group_id
    inspection = svc.save_record(actor=phone, inspection=inspection, data=complete_data(inspection))
    assert inspection.state == "in_progress"
    evidence = svc.add_evidence(
        actor=phone, inspection=inspection, upload=ContentFile(JPEG), name="台账.jpg", note="台账"
    )
    assert evidence.kind == "photo" and len(evidence.sha256) == 64
    signed(inspection, phone)
    inspection = svc.submit(actor=phone, inspection=inspection)
    assert inspection.state == "submitted"
    inspection = svc.review(actor=coordinator, inspection=inspection, accept=True)
    assert inspection.state == "accepted" and inspection.result_date == timezone.localdate()
    deadline = Deadline.objects.get(kind="result_publication", subject_id=str(inspection.pk))
    assert deadline.status == "open"
    svc.hand_over(actor=coordinator, inspection=inspection)
    assert svc.publish_results(actor=coordinator, inspections=[inspection]) == 1
    inspection.refresh_from_db()
    deadline.refresh_from_db()
    assert inspection.state == "published" and deadline.status == "done"
    publication = Publication.objects.get(kind="result", subject_id=str(inspection.pk))
    assert publication.payload["no_problem"] is True
    assert ["检查结果", "未发现问题"] in publication.payload["fields"]
    actions = list(
        AuditEvent.objects.filter(object_type="inspections.inspection", object_id=str(inspection.pk)).values_list(
            "action", flat=True
        )
    )
    for action in ("inspections.opened", "inspections.evidence_added", "inspections.signed", "inspections.published"):
        assert action in actions
    hashes = AuditEvent.objects.filter(action="inspections.evidence_added").values_list("data__sha256", flat=True)
    assert evidence.sha256 in list(hashes)


def test_an_incomplete_submission_names_every_missing_field_and_changes_nothing(
    target: Any, members: list[Any]
) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    with pytest.raises(svc.InspectionInputError) as caught:
        svc.submit(actor=members[0], inspection=inspection)
    fields = {field for field, _ in caught.value.errors}
    assert {"methods", "inspected_on", "place", "outcomes", "unit_response", "signatures"} <= fields
    inspection.refresh_from_db()
    assert inspection.state == "pending"


def test_no_problem_cannot_go_with_a_problem_and_a_pending_problem_needs_its_follow_up(
    target: Any, members: list[Any]
) -> None:
    inspection = signed(svc.open_inspection(actor=members[0], target=target), members[0])
    with pytest.raises(svc.InspectionInputError, match="未发现问题"):
        svc.submit(
            actor=members[0],
            inspection=inspection,
            data=complete_data(inspection, outcomes=["no_problem", "corrected"]),
        )
    with pytest.raises(svc.InspectionInputError, match="后续处理"):
        svc.submit(actor=members[0], inspection=inspection, data=complete_data(inspection, outcomes=["pending"]))
    with pytest.raises(svc.InspectionInputError, match="整改期限"):
        svc.submit(
            actor=members[0],
            inspection=inspection,
            data=complete_data(inspection, outcomes=["pending"], follow_up="rectify"),
        )


def test_only_members_of_the_group_record(target: Any, members: list[Any], world: Any, inspectors: Any) -> None:
    from shuangsuiji.core.roles import Role
    from tests.conftest import _user

    outsider = _user("outsider", world.county, Role.INSPECTOR)
    inspection = svc.open_inspection(actor=members[0], target=target)
    with pytest.raises(svc.InspectionError, match="本检查组"):
        svc.save_record(actor=outsider, inspection=inspection, data=complete_data(inspection))


def test_a_returned_record_keeps_the_submitted_version_and_can_be_submitted_again(
    target: Any, members: list[Any], coordinator: Any
) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    svc.save_record(actor=members[0], inspection=inspection, data=complete_data(inspection))
    signed(inspection, members[0])
    svc.submit(actor=members[0], inspection=inspection)
    with pytest.raises(svc.InspectionInputError, match="理由"):
        svc.review(actor=coordinator, inspection=inspection, accept=False)
    inspection = svc.review(actor=coordinator, inspection=inspection, accept=False, reason="请补充照片")
    assert inspection.state == "in_progress"
    assert inspection.reviews.get().snapshot["place"] == "阳城县凤城镇1号"
    svc.save_record(actor=members[0], inspection=inspection, data=complete_data(inspection, place="新地址"))
    assert svc.submit(actor=members[0], inspection=inspection).state == "submitted"


def test_only_the_coordinator_reviews(target: Any, members: list[Any], leader: Any) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    with pytest.raises(svc.InspectionError, match="法制室"):
        svc.review(actor=leader, inspection=inspection, accept=True)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("../../etc/passwd.jpg", JPEG, "路径"),
        ("a/b.jpg", JPEG, "路径"),
        ("病毒.exe", b"MZ" + b"\x00" * 50, "不能作为证据"),
        ("假照片.jpg", b"%PDF-1.4 not a photo", "不符"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(
    target: Any, members: list[Any], name: str, content: bytes, message: str
) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    with pytest.raises(svc.EvidenceError, match=message):
        svc.add_evidence(actor=members[0], inspection=inspection, upload=ContentFile(content), name=name)
    assert not Evidence.objects.exists()


def test_a_too_large_file_is_refused(target: Any, members: list[Any], monkeypatch: Any) -> None:
    from shuangsuiji.domain import evidence

    monkeypatch.setitem(evidence.RULES, "jpg", evidence.FileRule("photo", 100, (b"\xff\xd8\xff",)))
    inspection = svc.open_inspection(actor=members[0], target=target)
    with pytest.raises(svc.EvidenceError, match="超过上限"):
        svc.add_evidence(actor=members[0], inspection=inspection, upload=ContentFile(JPEG), name="大.jpg")


def test_an_upload_that_fails_after_storing_removes_its_file(target: Any, members: list[Any], monkeypatch: Any) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("shuangsuiji.inspections.services.evidence.record_event", broken)
    with pytest.raises(RuntimeError):
        svc.add_evidence(actor=members[0], inspection=inspection, upload=ContentFile(JPEG), name="现场.jpg")
    assert not Evidence.objects.exists()
    folder = f"evidence/{inspection.bureau_id}"
    assert not default_storage.exists(folder) or not default_storage.listdir(folder)[1]


def test_an_out_of_scope_outcome_asks_for_the_reserve(target: Any, members: list[Any]) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    svc.save_record(actor=members[0], inspection=inspection, data=complete_data(inspection, outcomes=["deregistered"]))
    signed(inspection, members[0])
    svc.submit(actor=members[0], inspection=inspection)
    target.refresh_from_db()
    assert target.out_of_scope_reported_at and "已注销" in target.out_of_scope_reason


def test_a_rectification_order_gets_its_own_recheck(target: Any, members: list[Any], coordinator: Any) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    data = complete_data(
        inspection,
        outcomes=["pending"],
        follow_up="rectify",
        rectification_due=(timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        findings="台账缺失",
    )
    svc.save_record(actor=members[0], inspection=inspection, data=data)
    signed(inspection, members[0])
    svc.submit(actor=members[0], inspection=inspection)
    with pytest.raises(svc.InspectionError, match="审核通过后"):
        svc.start_recheck(actor=members[0], inspection=inspection)
    svc.review(actor=coordinator, inspection=inspection, accept=True)
    recheck = svc.start_recheck(actor=members[0], inspection=inspection)
    assert recheck.recheck_of_id == inspection.pk and recheck.target_id == inspection.target_id
    assert svc.start_recheck(actor=members[0], inspection=inspection).pk == recheck.pk
    assert Inspection.objects.filter(target=target).count() == 2


def test_signatures_must_be_png_from_a_member(target: Any, members: list[Any], inspectors: Any) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    with pytest.raises(svc.EvidenceError, match="签名图片无效"):
        svc.sign(actor=members[0], inspection=inspection, image=JPEG, role="inspector", inspector=inspectors[0])
    from tests.inspections.conftest import PNG

    member_ids = {u.inspector.pk for u in members}
    outsider = next(i for i in inspectors if i.pk not in member_ids)
    with pytest.raises(svc.EvidenceError, match="不是本检查组成员"):
        svc.sign(actor=members[0], inspection=inspection, image=PNG, role="inspector", inspector=outsider)


def test_a_bureau_renames_or_switches_off_an_outcome_category(world: Any) -> None:
    from shuangsuiji.inspections.models import OutcomeCategory
    from shuangsuiji.inspections.selectors import outcome_categories

    OutcomeCategory.objects.create(bureau=world.county, code="no_activity", label="无相关经营活动", order=3)
    OutcomeCategory.objects.create(bureau=world.county, code="moved_out", label="已迁出", is_active=False)
    labels = [c.label for c in outcome_categories(world.county.pk)]
    assert "无相关经营活动" in labels and "已迁出" not in labels and "未发现问题" in labels
    assert "已迁出" in [c.label for c in outcome_categories(world.other_county.pk)]


def test_a_joint_visit_records_each_partners_items(world: Any, coordinator: Any, leader: Any, item: Any) -> None:
    import datetime as dt

    from shuangsuiji.inspectors.services.inspectors import link_user
    from shuangsuiji.organisations.services import ensure_agency
    from shuangsuiji.tasks.services import ceremony, joint, tasks
    from tests.conftest import _user
    from tests.factories import county_inspectors, county_units
    from tests.inspections.conftest import signed

    county_units(world.county)
    county_inspectors(world.county)
    task = tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="联合抽查",
        kind="joint",
        items=[item],
        period_start=dt.date(2026, 6, 1),
        period_end=dt.date(2026, 9, 30),
        adhoc_reason="一业一查",
        risk_ratios={"A": [5, 100], "B": [10, 100], "C": [20, 100], "D": [50, 100]},
    )
    agency = ensure_agency(code="SAMR-140522", name="阳城县市场监督管理局", kind="市场监管", region_code="140522")
    partner = joint.invite_partner(actor=coordinator, task=task, items="企业年报公示信息", agency=agency)
    joint.respond(actor=coordinator, partner=partner, accept=True, pool=["SC001", "SC002", "SC003", "SC004"])
    draw = ceremony.commit_draw(actor=coordinator, draw=ceremony.prepare_draw(actor=coordinator, task=task))
    draw = ceremony.reveal_draw(actor=coordinator, draw=draw, seed_inputs={"dice": "5" * 20}, witnesses=[{"name": "x"}])
    ceremony.confirm_draw(actor=coordinator, draw=draw, as_role="coordinator")
    ceremony.confirm_draw(actor=leader, draw=draw, as_role="leader")
    target = draw.targets.filter(kind="random").first()
    ours = target.assignments.get(group__department_code="").group.members.first()
    phone = _user("lead", world.county, Role.INSPECTOR)
    link_user(actor=None, inspector=ours.inspector, user=phone)
    phone.refresh_from_db()
    inspection = signed(svc.open_inspection(actor=phone, target=target), phone)
    with pytest.raises(svc.InspectionInputError, match="阳城县市场监督管理局"):
        svc.submit(actor=phone, inspection=inspection, data=complete_data(inspection))
    data = complete_data(inspection)
    data["answers"]["partner:SAMR-140522"] = {"answer": "年报公示信息与实际一致"}
    assert svc.submit(actor=phone, inspection=inspection, data=data).answers["partner:SAMR-140522"]["answer"]


def test_a_published_result_masks_the_operator_of_an_individual_business_and_drafts_stay_private(
    target: Any, members: list[Any], coordinator: Any, client: Any
) -> None:
    from tests.factories import valid_uscc

    unit = target.unit
    unit.uscc, unit.name, unit.legal_representative = valid_uscc(individual=True), "阳城县王建国小吃店", "王建国"
    unit.save()
    inspection = svc.open_inspection(actor=members[0], target=target)
    svc.save_record(actor=members[0], inspection=inspection, data=complete_data(inspection, findings="内部记录"))
    signed(inspection, members[0])
    svc.submit(actor=members[0], inspection=inspection)
    svc.review(actor=coordinator, inspection=inspection, accept=True)
    listing = client.get("/public/140522/results/").content.decode()
    assert "王建国" not in listing and "小吃店" not in listing  # accepted is not yet published
    svc.hand_over(actor=coordinator, inspection=inspection)
    svc.publish_results(actor=coordinator, inspections=[inspection])
    listing = client.get("/public/140522/results/").content.decode()
    assert "阳城县王**小吃店" in listing and "王建国" not in listing
    publication = Publication.objects.get(kind="result")
    detail = client.get(f"/public/p/{publication.pk}/").content.decode()
    assert "王建国" not in detail and "内部记录" not in detail


def test_a_visit_cannot_be_dated_before_the_draw_or_in_the_future(target: Any, members: list[Any]) -> None:
    inspection = svc.open_inspection(actor=members[0], target=target)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    with pytest.raises(svc.InspectionInputError, match="早于"):
        svc.save_record(actor=members[0], inspection=inspection, data={"inspected_on": yesterday})
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(svc.InspectionInputError, match="晚于今天"):
        svc.save_record(actor=members[0], inspection=inspection, data={"inspected_on": tomorrow})
