"""部门联合抽查: partners accept or decline; each draws its own inspectors under its own seed domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.organisations.services import ensure_agency
from shuangsuiji.tasks import engine
from shuangsuiji.tasks.services import ceremony, joint, tasks


@pytest.fixture
def joint_task(world: Any, coordinator: Any, item: Any, units: list[Any], inspectors: list[Any]) -> Any:
    return tasks.create_task(
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


def test_a_joint_draw_gives_each_partner_its_own_groups(joint_task: Any, coordinator: Any) -> None:
    agency = ensure_agency(code="SAMR-140522", name="阳城县市场监督管理局", kind="市场监管", region_code="140522")
    partner = joint.invite_partner(actor=coordinator, task=joint_task, items="企业年报公示信息", agency=agency)
    with pytest.raises(ceremony.DrawError, match="未答复"):
        ceremony.prepare_draw(actor=coordinator, task=joint_task)
    joint.respond(actor=coordinator, partner=partner, accept=True, pool=["SC001", "SC002", "SC003", "SC004"])
    draw = ceremony.commit_draw(actor=coordinator, draw=ceremony.prepare_draw(actor=coordinator, task=joint_task))
    assert draw.params["department_pools"] == {"SAMR-140522": ["SC001", "SC002", "SC003", "SC004"]}
    draw = ceremony.reveal_draw(
        actor=coordinator, draw=draw, seed_inputs={"dice": "5" * 20}, witnesses=[{"name": "企业代表"}]
    )
    partner_groups = draw.groups.filter(department_code="SAMR-140522")
    assert partner_groups.count() == 2
    for target in draw.targets.filter(kind="random"):
        assert {a.group.department_code for a in target.assignments.all()} == {"", "SAMR-140522"}
    assert engine.verify(draw) == []


def test_a_partner_declines_with_a_reason_and_too_small_a_pool_is_refused(joint_task: Any, coordinator: Any) -> None:
    agency = ensure_agency(code="COM-140522", name="阳城县商务局", kind="商务", region_code="140522")
    partner = joint.invite_partner(actor=coordinator, task=joint_task, items="商贸企业经营情况", agency=agency)
    with pytest.raises(joint.JointError, match="少于每组"):
        joint.respond(actor=coordinator, partner=partner, accept=True, pool=["X1"])
    with pytest.raises(joint.JointError, match="说明理由"):
        joint.respond(actor=coordinator, partner=partner, accept=False)
    assert joint.respond(actor=coordinator, partner=partner, accept=False, note="本季度无执法力量").status == "declined"
