"""A county with units, inspectors, one published item, and a task ready to draw."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.catalog.models import ItemVersion
from shuangsuiji.tasks.models import Task
from shuangsuiji.tasks.services import tasks
from tests.factories import county_inspectors, county_units, published_item


@pytest.fixture
def item(world: Any) -> ItemVersion:
    return published_item(world.province)  # type: ignore[return-value]


@pytest.fixture
def units(world: Any) -> list[Any]:
    return county_units(world.county)


@pytest.fixture
def inspectors(world: Any) -> list[Any]:
    return county_inspectors(world.county)


@pytest.fixture
def task(world: Any, coordinator: Any, item: ItemVersion, units: list[Any], inspectors: list[Any]) -> Task:
    return tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="2026年四上企业抽查",
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 12, 31),
        items=[item],
        adhoc_reason="测试",
        strata_components=["risk", "scale"],
        risk_ratios={"A": [5, 100], "B": [10, 100], "C": [20, 100], "D": [50, 100]},
        reserve_per_stratum=2,
        group_size=2,
    )
