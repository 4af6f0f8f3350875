"""A county with 40 units (30 规上工业, 10 below every threshold) and 13 months of their generated figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.domain.quality.synthetic import Synthetic
from shuangsuiji.quality.demo import synthesize, write_wide_csv
from shuangsuiji.quality.services.imports import import_reported_values
from tests.factories import UnitFactory

# Fixed ids: the generated figures are keyed by unit id, and PostgreSQL's sequences move on with every test that
# ran before (a rollback does not rewind them), so without these the data — and whether a planted anomaly stands
# out — would depend on the order and number of earlier tests.
FIRST_ID = 900_000


@pytest.fixture
def quality_units(world: Any) -> list[Any]:
    industrial = [
        UnitFactory(
            id=FIRST_ID + i,
            bureau=world.county,
            revenue=Decimal(3000 + 400 * i),
            employees=40 + 3 * i,
            name=f"阳城工业{i}有限公司",
        )
        for i in range(30)
    ]
    small = [
        UnitFactory(
            id=FIRST_ID + 100 + i,
            bureau=world.county,
            scale_category="",
            industry_code="5212",
            industry_section="F",
            industry_division="52",
            size_class="XS",
            revenue=Decimal(100 + 20 * i),
            employees=5,
            name=f"阳城便利店{i}",
        )
        for i in range(10)
    ]
    return industrial + small


@pytest.fixture
def figures(world: Any, quality_units: list[Any], specialist: Any, tmp_path: Path) -> Synthetic:
    """The units' figures with one planted anomaly of each kind, imported through the import engine."""
    data = synthesize(quality_units, plant=1, seed=7)
    path = tmp_path / "报送数据.csv"
    write_wide_csv(data, quality_units, path)
    report = import_reported_values(actor=specialist, bureau=world.county, path=path, options=ImportOptions())
    assert report.written, [e.as_text() for e in report.errors[:5]]
    return data
