"""Every export page sends its file and leaves nothing behind in the server's temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import client_for
from tests.factories import county_inspectors, county_units, published_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/directory/export.xlsx",
        "/directory/export.csv",
        "/inspectors/export.xlsx",
        "/items/export.csv",
        "/cases/discretion/export.xlsx",
    ],
)
def test_an_export_is_sent_and_its_file_removed(
    world: Any, coordinator: Any, tmp_path: Path, monkeypatch: Any, url: str
) -> None:
    county_units(world.county, count=5)
    county_inspectors(world.county, count=2)
    published_item(world.county)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client_for(coordinator).get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    response.close()
    assert body and list(tmp_path.iterdir()) == []
