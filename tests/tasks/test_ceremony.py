"""The draw ceremony's states are enforced by the services; the result is verifiable from its own files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db.models import ProtectedError

from shuangsuiji.core.models import AuditEvent
from shuangsuiji.domain.draw import verify_result
from shuangsuiji.tasks import engine, storage
from shuangsuiji.tasks.exports import export_draw
from shuangsuiji.tasks.models import Draw, Target, Task
from shuangsuiji.tasks.services import ceremony, substitutions, tasks

DICE = "27182818284590452353"
WITNESSES = [{"name": "王建华", "role": "纪检监察"}]


def committed(task: Task, coordinator: Any) -> Draw:
    draw = ceremony.prepare_draw(actor=coordinator, task=task)
    return ceremony.commit_draw(actor=coordinator, draw=draw)


def revealed(task: Task, coordinator: Any) -> Draw:
    return ceremony.reveal_draw(
        actor=coordinator, draw=committed(task, coordinator), seed_inputs={"dice": DICE}, witnesses=WITNESSES
    )


def confirmed(task: Task, coordinator: Any, leader: Any) -> Draw:
    draw = revealed(task, coordinator)
    ceremony.confirm_draw(actor=coordinator, draw=draw, as_role="coordinator")
    return ceremony.confirm_draw(actor=leader, draw=draw, as_role="leader")


def test_commit_freezes_the_frame_with_its_exclusions(task: Task, coordinator: Any) -> None:
    draw = committed(task, coordinator)
    assert draw.status == "committed" and draw.frame_count == 112
    assert draw.excluded_summary == {"status": 8}
    assert len(draw.frame_sha256) == 64 and draw.params["algorithm"] == "DSR-1"
    assert len(draw.inspector_pool) == 7
    with pytest.raises(ceremony.DrawError, match="不能再次承诺"):
        ceremony.commit_draw(actor=coordinator, draw=draw)
    with pytest.raises(tasks.TaskError, match="摇号已公告承诺"):
        tasks.update_task(actor=coordinator, task=task, name="改名")


def test_a_reveal_before_the_commitment_is_refused(task: Task, coordinator: Any) -> None:
    draw = ceremony.prepare_draw(actor=coordinator, task=task)
    with pytest.raises(ceremony.DrawError, match="尚未公告承诺"):
        ceremony.reveal_draw(actor=coordinator, draw=draw, seed_inputs={"dice": DICE}, witnesses=WITNESSES)


def test_a_second_reveal_is_refused_and_the_result_never_changes(task: Task, coordinator: Any) -> None:
    draw = revealed(task, coordinator)
    first = draw.result_sha256
    with pytest.raises(ceremony.DrawError, match="不能再次揭晓"):
        ceremony.reveal_draw(actor=coordinator, draw=draw, seed_inputs={"dice": "1" * 20}, witnesses=WITNESSES)
    draw.refresh_from_db()
    assert draw.result_sha256 == first


@pytest.mark.parametrize("dice", ["123", "1234567890123456789a", ""])
def test_bad_dice_are_refused(task: Task, coordinator: Any, dice: str) -> None:
    draw = committed(task, coordinator)
    with pytest.raises(ceremony.DrawError, match="20 位"):
        ceremony.reveal_draw(actor=coordinator, draw=draw, seed_inputs={"dice": dice}, witnesses=WITNESSES)


def test_a_witness_is_required(task: Task, coordinator: Any) -> None:
    with pytest.raises(ceremony.DrawError, match="见证人"):
        ceremony.reveal_draw(
            actor=coordinator, draw=committed(task, coordinator), seed_inputs={"dice": DICE}, witnesses=[]
        )


def test_the_revealed_result_becomes_targets_groups_and_assignments(task: Task, coordinator: Any) -> None:
    draw = revealed(task, coordinator)
    result = engine.current_result(draw)
    selected = draw.targets.filter(kind="random")
    assert selected.count() == len(result["targets"])
    assert draw.targets.filter(kind="reserve").count() == sum(len(s["reserve"]) for s in result["strata"].values())
    assert draw.groups.count() == 3 and all(g.members.count() >= 2 for g in draw.groups.all())
    assert all(t.assignments.count() == 1 for t in selected)
    assert verify_result(result, storage.read_frame(draw), draw.inspector_pool, storage.read_conflicts(draw)) == []


def test_confirmation_needs_a_coordinator_and_a_different_leader(
    task: Task, coordinator: Any, leader: Any, city_coordinator: Any
) -> None:
    draw = revealed(task, coordinator)
    ceremony.confirm_draw(actor=city_coordinator, draw=draw, as_role="leader")
    with pytest.raises(ceremony.DrawError, match="不同人员"):
        ceremony.confirm_draw(actor=city_coordinator, draw=draw, as_role="coordinator")
    draw = ceremony.confirm_draw(actor=coordinator, draw=draw, as_role="coordinator")
    assert draw.status == "confirmed"
    task.refresh_from_db()
    assert task.status == Task.Status.DRAWN


def test_a_confirmed_draw_cannot_be_cancelled_but_an_earlier_one_stays_on_record(
    task: Task, coordinator: Any, leader: Any
) -> None:
    first = revealed(task, coordinator)
    ceremony.cancel_draw(actor=coordinator, draw=first, reason="骰子掉落，重新组织")
    assert Draw.objects.filter(pk=first.pk, status="cancelled").exists() and not first.targets.exists()
    second = confirmed(task, coordinator, leader)
    assert second.draw_id.endswith("-2")
    with pytest.raises(ceremony.DrawError, match="不能作废"):
        ceremony.cancel_draw(actor=coordinator, draw=second, reason="x")
    assert AuditEvent.objects.filter(action="draws.draw_cancelled").exists()


def test_directed_targets_join_groups_after_confirmation_and_stay_apart(
    task: Task, coordinator: Any, leader: Any, units: list[Any]
) -> None:
    tasks.add_directed_target(actor=coordinator, task=task, unit=units[1], reason_kind="complaint", reason="举报")
    draw = confirmed(task, coordinator, leader)
    directed = Target.objects.get(task=task, kind="directed")
    assert directed.assignments.count() == 1
    assert units[1].uscc not in engine.current_result(draw)["targets"] or directed.kind == "directed"


def test_a_target_out_of_scope_is_replaced_by_the_next_reserve_and_the_draw_still_verifies(
    task: Task, coordinator: Any, leader: Any
) -> None:
    draw = confirmed(task, coordinator, leader)
    target = draw.targets.filter(kind="random").first()
    assert target is not None
    substitutions.report_out_of_scope(actor=coordinator, target=target, reason="已注销")
    reserve = substitutions.substitute_target(actor=leader, target=target, reason="已注销")
    result = engine.current_result(draw)
    expected = result["strata"][target.stratum]["reserve"][0]["id"]
    assert reserve.frame_id == expected and reserve.kind == "random" and reserve.replaces_id == target.pk
    draw.refresh_from_db()
    assert engine.verify(draw) == [] and draw.substitutions.count() == 1


def test_an_inspector_is_replaced_by_the_spec_rule(task: Task, coordinator: Any, leader: Any) -> None:
    draw = confirmed(task, coordinator, leader)
    member = draw.groups.get(index=0).members.first()
    new = substitutions.replace_inspector(actor=leader, member=member, reason="身体原因")
    assert new.inspector_code != member.inspector_code
    draw.refresh_from_db()
    assert engine.verify(draw) == []


def test_the_exported_kit_verifies_with_the_cli(task: Task, coordinator: Any, leader: Any, tmp_path: Path) -> None:
    from tests.cli.test_tables_cli import run_cli

    draw = confirmed(task, coordinator, leader)
    export_draw(draw, tmp_path)
    args = [
        "draw",
        "verify",
        str(tmp_path / "RESULT.json"),
        "--frame",
        str(tmp_path / "frame.csv"),
        "--inspectors",
        str(tmp_path / "inspectors.csv"),
    ]
    if (tmp_path / "conflicts.csv").exists():
        args += ["--conflicts", str(tmp_path / "conflicts.csv")]
    assert run_cli(*args) == 0


def test_units_drawn_this_year_are_excluded_from_the_next_frame(
    world: Any, task: Task, coordinator: Any, leader: Any, item: Any
) -> None:
    import datetime as dt

    confirmed(task, coordinator, leader)
    drawn = set(task.targets.filter(kind="random").values_list("unit_id", flat=True))
    other = tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="第二批",
        items=[item],
        adhoc_reason="补充",
        period_start=dt.date(2026, 8, 1),
        period_end=dt.date(2026, 12, 31),
    )
    from shuangsuiji.tasks.services.frames import Excluded, build_frame

    excluded = {e.unit_id: e.reason for e in build_frame(other) if isinstance(e, Excluded)}
    assert drawn and all(excluded.get(u) in ("cap", "open_task") for u in drawn)


def test_a_drawn_unit_cannot_be_deleted(task: Task, coordinator: Any) -> None:
    """Target.unit has no database constraint (decision 0007); the ORM's PROTECT keeps the reference whole."""
    draw = revealed(task, coordinator)
    target = draw.targets.filter(kind=Target.Kind.RANDOM).select_related("unit").first()
    assert target is not None
    with pytest.raises(ProtectedError):
        target.unit.delete()
    assert Target.objects.filter(pk=target.pk, unit__isnull=False).exists()
