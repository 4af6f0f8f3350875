from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

VECTORS = Path(__file__).resolve().parents[4] / "shared" / "reference" / "vectors" / "dsr1-public-example.json"
if not VECTORS.exists():  # the repository may be checked out without the shared folder beside it
    VECTORS = Path("/work/shared/reference/vectors/dsr1-public-example.json")


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    return json.loads(VECTORS.read_text(encoding="utf-8"))


def example_frame() -> list[tuple[str, str]]:
    """The frame rule of the public example: P00001..P00600 over risk/industry/region strata."""
    rows = []
    for i in range(1, 601):
        risk = "D" if i % 5 == 0 else "ABCD"[((i * 7) % 10) % 4]
        rows.append((f"P{i:05d}", f"{risk}/{['C13', 'C14', 'F51', 'I65'][i % 4]}/{['140522', '140581'][i % 2]}"))
    return rows
