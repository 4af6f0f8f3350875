"""The frame the database builds for a commitment (frame_sql.commit_frame) is exactly the frame of the reference
path (frames.collect_frame): the same canonical text, the same exclusions with the same reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.draw.frame import build_frame
from shuangsuiji.tasks.models import Task
from shuangsuiji.tasks.services import tasks
from shuangsuiji.tasks.services.frame_sql import commit_frame
from shuangsuiji.tasks.services.frames import collect_frame
from tests.factories import county_units
from tests.tasks.test_ceremony import confirmed


def reference(task: Task) -> tuple[str, set[tuple[str, str, str]], dict[str, str]]:
    rows, excluded, regions = collect_frame(task)
    return build_frame(rows).text(), {(e.frame_id, e.reason, e.detail) for e in excluded}, regions


def fast(task: Task) -> tuple[str, set[tuple[str, str, str]], Any]:
    frame, excluded, units = commit_frame(task)
    return frame.text(), {(e.frame_id, e.reason, e.detail) for e in excluded}, units


@pytest.mark.parametrize(
    "components",
    [["risk", "scale"], ["section", "division", "size", "growth"], ["county", "township"], ["scale", "risk", "county"]],
)
def test_the_database_frame_equals_the_reference_frame(world: Any, task: Task, components: list[str]) -> None:
    Unit.objects.filter(pk__in=Unit.objects.filter(bureau=world.county).values("pk")[:10]).update(
        region_code="140522100201", size_class="", growth_band="H"
    )
    Task.objects.filter(pk=task.pk).update(strata_components=components)
    task.refresh_from_db()
    text, excluded, regions = fast(task)
    assert (text, excluded) == reference(task)[:2]
    assert dict(regions.items()) == reference(task)[2]


def test_exclusions_and_a_code_held_by_two_bureaus_are_treated_alike(
    world: Any, task: Task, coordinator: Any, leader: Any, item: Any
) -> None:
    confirmed(task, coordinator, leader)  # its targets are then inspected this year and in an open task
    twin = county_units(world.other_county, count=3)[1]
    # a unit the first draw did not take (a drawn one is excluded for the cap before its twin could be)
    free = Unit.objects.filter(bureau=world.county, status="OPERATING").exclude(task_targets__isnull=False)
    twin.uscc = free.order_by("id").first().uscc  # type: ignore[union-attr]
    twin.save()
    city_task = tasks.create_task(
        actor=None,
        bureau=world.city,
        name="全市抽查",
        items=[item],
        adhoc_reason="测试",
        period_start=dt.date(2026, 8, 1),
        period_end=dt.date(2026, 12, 31),
        strata_components=["risk"],
    )
    text, excluded, _ = fast(city_task)
    expected_text, expected_excluded, _ = reference(city_task)
    assert {reason for _, reason, _ in excluded} >= {"status", "duplicate", "cap"}
    assert (text, excluded) == (expected_text, expected_excluded)


def test_membership_is_looked_up_in_the_frame(task: Task) -> None:
    frame, _, units = commit_frame(task)
    ids = frame.ids()
    assert ids and all(i in units for i in ids[:5]) and "91000000000000000X" not in units
    assert ids[0] in frame and ids[-1] in frame and "" not in frame
