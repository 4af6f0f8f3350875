"""Two handlers with valid certificates, an operating unit of the county, and a clock at midday."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.factories import county_inspectors, county_units


def waived(actor: Any, case: Any) -> Any:
    """The notified party declares in writing that it waives its rights, so the decision need not wait."""
    from shuangsuiji.cases import services

    return services.record_waiver(
        actor=actor,
        case=case,
        waived_on=timezone.localdate(),
        person="张经理",
        person_role="法定代表人",
        waiver="书面声明放弃陈述、申辩权利",
    )


@pytest.fixture
def handlers(world: Any) -> list[Any]:
    return county_inspectors(world.county)[:2]


@pytest.fixture
def unit(world: Any) -> Any:
    return next(u for u in county_units(world.county, count=20) if u.status == "OPERATING")


@pytest.fixture
def midday() -> Iterator[None]:
    """Today at 12:00 local time, ticking: a record "ten minutes ago" must not fall before a case opened today,
    whatever hour the suite runs at (CI runs around midnight in Beijing)."""
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    with time_machine.travel(noon, tick=True):
        yield
