"""The inspector services: every state change leaves a history row and an audit event, bad input a Chinese reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.inspectors import services
from shuangsuiji.inspectors.models import Inspector, InspectorChange
from tests.conftest import World
from tests.factories import InspectorFactory, UnitFactory, valid_uscc

TODAY = dt.date(2026, 6, 1)


def values(**overrides: str) -> dict[str, str]:
    base = {
        "name": "张学功",
        "sex": "男",
        "certificate_no": "14052200001",
        "certificate_valid_until": "2028-12-31",
        "department": "法制室",
        "post": "执法检查员",
        "area": "阳城县全域",
        "expertise": "工业 投资",
        "status": "在岗",
        "home_region": "140522",
        "staff_no": "A01",
        "phone": "13800000000",
    }
    return base | overrides


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


def test_adding_an_inspector_stores_the_values_with_history_and_audit(world: World, coordinator: Any) -> None:
    inspector = services.add_inspector(actor=coordinator, bureau=world.county, values=values())
    assert inspector.certificate_valid_until == dt.date(2028, 12, 31)
    assert inspector.department.name == "法制室"
    assert inspector.expertise_list == ["工业", "投资"]
    assert inspector.status == Inspector.Status.ON_DUTY
    history = inspector.changes.get()
    assert history.kind == InspectorChange.Kind.ADD and history.actor == coordinator
    event = events("inspectors.added")[0]
    assert event.object_id == str(inspector.pk) and event.bureau_id == world.county.pk


def test_adding_reports_every_bad_field_in_chinese(world: World, coordinator: Any) -> None:
    bad = values(name="", sex="未知", certificate_valid_until="2026-02-30", department="不存在的股", status="休眠")
    with pytest.raises(services.InspectorInputError) as caught:
        services.add_inspector(actor=coordinator, bureau=world.county, values=bad)
    fields = dict(caught.value.errors)
    assert fields["name"] == "必填项为空"
    assert "性别“未知”无法识别" in fields["sex"]
    assert "不是有效日期" in fields["certificate_valid_until"]
    assert "科室“不存在的股”不存在" in fields["department"] and "法制室" in fields["department"]
    assert "状态“休眠”无法识别" in fields["status"]
    assert not Inspector.objects.exists() and not events("inspectors.added")


def test_adding_refuses_a_certificate_number_registered_anywhere(world: World, coordinator: Any) -> None:
    InspectorFactory(bureau=world.other_county, certificate_no="14052200001")
    with pytest.raises(services.InspectorInputError) as caught:
        services.add_inspector(actor=coordinator, bureau=world.county, values=values())
    assert "已被登记" in str(caught.value)
    assert not events("inspectors.added")


def test_changing_records_the_changed_fields_with_the_reason(world: World, coordinator: Any) -> None:
    inspector = services.add_inspector(actor=coordinator, bureau=world.county, values=values())
    services.change_inspector(
        actor=coordinator, inspector=inspector, values={"department": "专业股", "post": "执法监督"}, reason="岗位调整"
    )
    inspector.refresh_from_db()
    assert inspector.department.name == "专业股" and inspector.post == "执法监督"
    change = inspector.changes.filter(kind=InspectorChange.Kind.CHANGE).get()
    assert change.reason == "岗位调整"
    assert change.changes == {"department": ["法制室", "专业股"], "post": ["执法检查员", "执法监督"]}
    assert change.labelled_changes["所属科室"] == ["法制室", "专业股"]
    assert events("inspectors.changed")[0].data["reason"] == "岗位调整"


def test_changing_requires_a_reason_and_ignores_no_op_changes(world: World, coordinator: Any) -> None:
    inspector = services.add_inspector(actor=coordinator, bureau=world.county, values=values())
    with pytest.raises(services.InspectorInputError, match="请填写变更原因"):
        services.change_inspector(actor=coordinator, inspector=inspector, values={"post": "x"}, reason=" ")
    services.change_inspector(actor=coordinator, inspector=inspector, values={"post": "执法检查员"}, reason="核对")
    assert inspector.changes.count() == 1 and not events("inspectors.changed")


def test_a_status_change_makes_the_inspector_ineligible_and_is_recorded(world: World, coordinator: Any) -> None:
    inspector = services.add_inspector(actor=coordinator, bureau=world.county, values=values())
    assert inspector.is_eligible(TODAY)
    services.change_status(actor=coordinator, inspector=inspector, status="请假", reason="产假")
    inspector.refresh_from_db()
    assert inspector.status == Inspector.Status.ON_LEAVE
    assert inspector.ineligibility_reason(TODAY) == "状态为请假"
    change = inspector.changes.get(kind=InspectorChange.Kind.STATUS)
    assert change.changes == {"status": ["在岗", "请假"]} and change.reason == "产假"
    assert events("inspectors.status_changed")


def test_a_status_change_refuses_the_same_status_and_an_unknown_one(world: World, coordinator: Any) -> None:
    inspector = services.add_inspector(actor=coordinator, bureau=world.county, values=values())
    with pytest.raises(services.InspectorInputError, match="已是“在岗”"):
        services.change_status(actor=coordinator, inspector=inspector, status="on_duty", reason="x")
    with pytest.raises(services.InspectorInputError, match="无法识别"):
        services.change_status(actor=coordinator, inspector=inspector, status="出差", reason="x")


def test_renewing_extends_the_certificate_and_may_give_a_new_number(world: World, coordinator: Any) -> None:
    inspector = InspectorFactory(bureau=world.county, certificate_valid_until=dt.date(2026, 5, 1))
    assert not inspector.is_eligible(TODAY)
    services.renew_certificate(
        actor=coordinator, inspector=inspector, valid_until=dt.date(2031, 5, 1), certificate_no="14052299999"
    )
    inspector.refresh_from_db()
    assert inspector.is_eligible(TODAY) and inspector.certificate_no == "14052299999"
    change = inspector.changes.get(kind=InspectorChange.Kind.CERTIFICATE)
    assert change.changes["certificate_valid_until"] == ["2026-05-01", "2031-05-01"]
    assert events("inspectors.certificate_renewed")


def test_renewing_refuses_an_earlier_or_past_date(world: World, coordinator: Any) -> None:
    inspector = InspectorFactory(bureau=world.county, certificate_valid_until=dt.date(2027, 1, 1))
    with pytest.raises(services.InspectorInputError, match="须晚于原有效期 2027-01-01"):
        services.renew_certificate(actor=coordinator, inspector=inspector, valid_until=dt.date(2026, 12, 1))
    expired = InspectorFactory(bureau=world.county, certificate_valid_until=dt.date(2025, 1, 1))
    with pytest.raises(services.InspectorInputError, match="不能早于今天"):
        services.renew_certificate(actor=coordinator, inspector=expired, valid_until=dt.date(2026, 1, 1))


def test_declaring_a_conflict_takes_the_unit_name_from_the_directory(world: World, coordinator: Any) -> None:
    unit = UnitFactory(bureau=world.county)
    inspector = InspectorFactory(bureau=world.county)
    conflict = services.declare_conflict(
        actor=coordinator, inspector=inspector, unit_uscc=unit.uscc.lower(), reason="配偶在该单位任会计"
    )
    assert conflict.unit_uscc == unit.uscc and conflict.unit_name == unit.name and conflict.is_active
    assert inspector.changes.get().kind == InspectorChange.Kind.CONFLICT
    assert events("inspectors.conflict_declared")[0].data["unit_uscc"] == unit.uscc


def test_declaring_refuses_a_bad_code_a_missing_reason_and_a_repeat(world: World, coordinator: Any) -> None:
    inspector = InspectorFactory(bureau=world.county)
    with pytest.raises(services.InspectorInputError, match="18位"):
        services.declare_conflict(actor=coordinator, inspector=inspector, unit_uscc="91140522", reason="亲属")
    code = valid_uscc()
    with pytest.raises(services.InspectorInputError, match="请填写回避原因"):
        services.declare_conflict(actor=coordinator, inspector=inspector, unit_uscc=code, reason="")
    services.declare_conflict(actor=coordinator, inspector=inspector, unit_uscc=code, unit_name="某公司", reason="亲属")
    with pytest.raises(services.InspectorInputError, match="无需重复申报"):
        services.declare_conflict(actor=coordinator, inspector=inspector, unit_uscc=code, reason="亲属")


def test_withdrawing_keeps_the_declaration_and_it_can_be_renewed(world: World, coordinator: Any) -> None:
    inspector = InspectorFactory(bureau=world.county)
    code = valid_uscc()
    conflict = services.declare_conflict(
        actor=coordinator, inspector=inspector, unit_uscc=code, unit_name="某公司", reason="亲属"
    )
    withdrawn = services.withdraw_conflict(actor=coordinator, conflict=conflict, reason="亲属已离职")
    assert not withdrawn.is_active and withdrawn.withdrawn_on == TODAY and withdrawn.withdraw_reason == "亲属已离职"
    with pytest.raises(services.InspectorInputError, match="已撤回"):
        services.withdraw_conflict(actor=coordinator, conflict=conflict, reason="再次")
    renewed = services.declare_conflict(actor=coordinator, inspector=inspector, unit_uscc=code, reason="亲属复职")
    assert renewed.pk == conflict.pk and renewed.is_active and renewed.withdrawn_on is None
    kinds = list(inspector.changes.order_by("id").values_list("kind", flat=True))
    assert kinds == ["conflict", "conflict_withdrawn", "conflict"]
    assert len(events("inspectors.conflict_withdrawn")) == 1


def test_linking_an_account_is_one_to_one_and_same_bureau(
    world: World, coordinator: Any, inspector_user: Any, other_county_user: Any
) -> None:
    first = InspectorFactory(bureau=world.county)
    second = InspectorFactory(bureau=world.county)
    services.link_user(actor=coordinator, inspector=first, user=inspector_user)
    first.refresh_from_db()
    assert first.user == inspector_user
    with pytest.raises(services.InspectorInputError, match=f"已关联执法人员 {first.name}"):
        services.link_user(actor=coordinator, inspector=second, user=inspector_user)
    with pytest.raises(services.InspectorInputError, match="只能关联本局的账号"):
        services.link_user(actor=coordinator, inspector=second, user=other_county_user)
    services.link_user(actor=coordinator, inspector=first, user=None)
    first.refresh_from_db()
    assert first.user is None
    assert [c.changes["user"] for c in first.changes.order_by("id")] == [["", "inspector"], ["inspector", ""]]
    assert len(events("inspectors.account_linked")) == 2
