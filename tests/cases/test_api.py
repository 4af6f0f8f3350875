"""The cases API: the list and one case are scoped to the viewer's bureau; statistics count what the reports count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.cases.test_cases import opened
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_api_lists_and_shows_cases_in_scope(
    coordinator: Any, leader: Any, other_county_user: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    client = client_for(coordinator)
    listed = client.get("/api/v1/cases/").json()
    assert [c["id"] for c in listed] == [case.pk] and listed[0]["status"] == "investigating"
    assert client.get("/api/v1/cases/?status=closed").json() == []
    assert client.get("/api/v1/cases/?status=nonsense").status_code == 422
    one = client.get(f"/api/v1/cases/{case.pk}").json()
    assert one["facts"] == "虚报营业收入" and one["unit_uscc"] == unit.uscc and one["reviews"] == []
    today = timezone.localdate()
    stats = client.get(f"/api/v1/cases/statistics?start={today - dt.timedelta(days=1)}&end={today}").json()
    assert stats["opened"] == 1 and stats["closed"] == 0
    assert client.get(f"/api/v1/cases/statistics?start={today}&end={today - dt.timedelta(days=1)}").status_code == 422
    other = client_for(other_county_user)
    assert other.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert other.get("/api/v1/cases/").json() == []


def test_the_api_needs_a_login(coordinator: Any, leader: Any, unit: Any, handlers: list[Any]) -> None:
    case = opened(coordinator, leader, unit, handlers)
    assert client_for(None).get(f"/api/v1/cases/{case.pk}").status_code in (302, 401, 403)
