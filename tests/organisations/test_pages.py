"""The bureau page names the superior bureaus but links only those the user may open."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_superior_bureaus_are_named_but_not_linked_for_a_county_user(coordinator: Any, city_coordinator: Any) -> None:
    page = client_for(coordinator).get("/bureau/").content.decode()
    assert "晋城市" in page and 'href="/bureau/140500/"' not in page
    city_view = client_for(city_coordinator).get("/bureau/140522/").content.decode()
    assert 'href="/bureau/140500/"' in city_view


def test_the_favicon_is_served_to_anyone(client: Any) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
