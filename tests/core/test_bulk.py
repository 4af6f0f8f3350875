"""fast_insert writes exactly what it is given, on PostgreSQL (COPY text) as on SQLite (executemany)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from shuangsuiji.core.bulk import _copy_line, adapt_date, adapt_datetime, fast_insert
from shuangsuiji.directory.models import Unit
from tests.factories import valid_uscc

FIELDS = ("bureau", "uscc", "name", "region_code", "industry_code", "industry_section", "industry_division")
MORE = ("address", "revenue", "employees", "is_in_directory", "entered_on", "exited_on", "created_at", "updated_at")
BLANK = ("size_class", "scale_category", "registration_type", "legal_representative", "contact_person", "phone")
BLANK_TOO = ("indicator_period", "growth_band", "tags", "checksum_exempt_reason", "exit_reason", "row_hash")
FIXED = (("risk_class", "B"), ("status", "OPERATING"))


def test_copy_line_escapes_what_copy_text_treats_specially() -> None:
    line = _copy_line(["a\\b", "tab\there", "two\nlines", "cr\r", None, True, False, 3, Decimal("1.50")])
    assert line == "a\\\\b\ttab\\there\ttwo\\nlines\tcr\\r\t\\N\tt\tf\t3\t1.50\n"


def test_copy_line_refuses_a_value_it_cannot_write() -> None:
    with pytest.raises(TypeError, match="dict"):
        _copy_line([{"a": 1}])


@pytest.mark.django_db
def test_fast_insert_round_trips_awkward_text_and_types(world: Any) -> None:
    now, today = timezone.now(), dt.date(2026, 3, 1)
    names = ["反斜杠\\与制表\t符", "换行\n回车\r", "普通名称", "N", "\\N"]
    rows = [
        (
            world.county.pk,
            valid_uscc(),
            name,
            "140522100000",
            "5211",
            "F",
            "52",
            "地址",
            Decimal("12.34") if i % 2 else None,
            i or None,
            bool(i % 2),
            adapt_date(today),
            None,
            adapt_datetime(now),
            adapt_datetime(now),
            *[""] * len(BLANK + BLANK_TOO),
            *[value for _, value in FIXED],
        )
        for i, name in enumerate(names)
    ]
    assert fast_insert(Unit, FIELDS + MORE + BLANK + BLANK_TOO + tuple(f for f, _ in FIXED), rows) == len(rows)
    stored = {u.uscc: u for u in Unit.objects.all()}
    for row in rows:
        unit = stored[row[1]]
        assert unit.name == row[2]
        assert unit.revenue == row[8]
        assert unit.employees == row[9]
        assert unit.is_in_directory is row[10]
        assert unit.entered_on == today
        assert unit.exited_on is None
        assert abs((unit.created_at - now).total_seconds()) < 1
