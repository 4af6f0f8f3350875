"""Who may be drawn on a date, why the others may not, what may be published, and the home panel's figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shuangsuiji.inspectors import selectors, services
from shuangsuiji.inspectors.models import Inspector
from shuangsuiji.organisations.models import Department
from tests.conftest import World
from tests.factories import InspectorFactory, valid_uscc

DAY = dt.date(2026, 6, 1)


def test_eligible_inspectors_are_on_duty_with_a_certificate_valid_that_day(world: World) -> None:
    valid = InspectorFactory(bureau=world.county, certificate_valid_until=DAY)
    InspectorFactory(bureau=world.county, certificate_valid_until=DAY - dt.timedelta(days=1))
    InspectorFactory(bureau=world.county, certificate_valid_until=DAY, status=Inspector.Status.ON_LEAVE)
    InspectorFactory(bureau=world.other_county, certificate_valid_until=DAY)
    assert list(selectors.eligible_inspectors(world.county, on=DAY)) == [valid]
    assert list(selectors.eligible_inspectors(world.county, on=DAY + dt.timedelta(days=1))) == []


def test_ineligible_inspectors_come_with_their_reason(world: World) -> None:
    InspectorFactory(bureau=world.county, name="过期", certificate_no="A1", certificate_valid_until=dt.date(2026, 5, 1))
    InspectorFactory(bureau=world.county, name="请假", certificate_no="A2", status=Inspector.Status.ON_LEAVE)
    InspectorFactory(bureau=world.county, name="在岗", certificate_no="A3")
    found = {i.name: reason for i, reason in selectors.ineligible_inspectors(world.county, on=DAY)}
    assert found == {"过期": "执法证已于 2026-05-01 过期", "请假": "状态为请假"}


def test_eligibility_can_ask_for_expertise_and_a_department(world: World) -> None:
    legal = Department.objects.get(bureau=world.county, name="法制室")
    both = InspectorFactory(bureau=world.county, expertise="|工业|投资|", department=legal)
    InspectorFactory(bureau=world.county, expertise="|工业|")
    InspectorFactory(bureau=world.county, expertise="|工业品|")
    assert list(selectors.eligible_inspectors(world.county, on=DAY, expertise=["工业", "投资"])) == [both]
    assert selectors.eligible_inspectors(world.county, on=DAY, expertise="工业").count() == 2
    assert list(selectors.eligible_inspectors(world.county, on=DAY, department=legal)) == [both]
    assert list(selectors.eligible_inspectors(world.county, on=DAY, department=legal.pk)) == [both]


def test_the_public_list_has_only_the_public_fields_of_eligible_inspectors(world: World) -> None:
    InspectorFactory(bureau=world.county, name="甲", sex="F", post="执法检查员", area="全县", phone="13800000000")
    InspectorFactory(bureau=world.county, name="乙", status=Inspector.Status.TRANSFERRED)
    InspectorFactory(bureau=world.county, name="丙", certificate_valid_until=dt.date(2020, 1, 1))
    rows = selectors.public_inspector_list(world.county, on=DAY)
    assert [r["name"] for r in rows] == ["甲"]
    assert set(rows[0]) == set(Inspector.PUBLIC_FIELDS)
    assert rows[0]["sex"] == "女" and rows[0]["area"] == "全县"


def test_active_conflicts_leave_out_withdrawn_declarations(world: World, coordinator: Any) -> None:
    inspector = InspectorFactory(bureau=world.county)
    kept, dropped = valid_uscc(), valid_uscc()
    services.declare_conflict(actor=coordinator, inspector=inspector, unit_uscc=kept, unit_name="甲", reason="亲属")
    conflict = services.declare_conflict(
        actor=coordinator, inspector=inspector, unit_uscc=dropped, unit_name="乙", reason="旧职"
    )
    services.withdraw_conflict(actor=coordinator, conflict=conflict, reason="已满三年")
    assert selectors.active_conflicts([inspector.pk]) == {inspector.pk: {kept}}


def test_the_counts_cover_on_duty_expiring_and_expired(world: World) -> None:
    InspectorFactory(bureau=world.county, certificate_valid_until=DAY + dt.timedelta(days=400))
    InspectorFactory(bureau=world.county, certificate_valid_until=DAY + dt.timedelta(days=30))
    InspectorFactory(bureau=world.county, certificate_valid_until=DAY - dt.timedelta(days=1))
    InspectorFactory(bureau=world.county, certificate_valid_until=DAY - dt.timedelta(days=1), status="on_leave")
    counts = selectors.inspector_counts([world.county.pk], DAY)
    assert counts == {"on_duty": 3, "expiring": 1, "expired": 1}


def test_the_home_panel_warns_about_expired_certificates(world: World, coordinator: Any) -> None:
    InspectorFactory(bureau=world.county, certificate_valid_until=dt.date(2000, 1, 1))
    panel = selectors.home_panel(coordinator)
    assert panel is not None
    assert dict(panel.stats)["证件已过期"] == 1 and "执法证已过期" in panel.warnings[0]
