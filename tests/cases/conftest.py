"""Two handlers with valid certificates and an operating unit of the county."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import county_inspectors, county_units


@pytest.fixture
def handlers(world: Any) -> list[Any]:
    return county_inspectors(world.county)[:2]


@pytest.fixture
def unit(world: Any) -> Any:
    return next(u for u in county_units(world.county, count=20) if u.status == "OPERATING")
