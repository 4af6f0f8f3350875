"""Personas and a small bureau hierarchy shared by the whole suite.

晋城市统计局 (140500) has two counties: 阳城县 (140522, "our" county) and 高平市 (140581, the other county).
Personas: admin, coordinator, specialist, inspector, legal_reviewer, leader (all 阳城县), city_coordinator
(晋城市, the superior bureau), other_county_user (高平市), anonymous.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from shuangsuiji.accounts.models import User
from shuangsuiji.accounts.services import create_user
from shuangsuiji.core.roles import Role
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.services import ensure_bureau, ensure_department, load_regions

PASSWORD = "test-pass-2026!"


@pytest.fixture(autouse=True)
def _fast_settings(settings: Any, tmp_path: Any) -> None:
    from django.core.cache import cache

    cache.clear()  # cached portal pages and payloads must not leak from one test's database into the next
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.JOBS_RUN_INLINE = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    province: Bureau
    city: Bureau
    county: Bureau
    other_county: Bureau


@pytest.fixture
def world(db: Any) -> World:
    nation = ensure_bureau(code="000000", name="国家统计局", parent=None)
    province = ensure_bureau(code="140000", name="山西省统计局", parent=nation)
    city = ensure_bureau(code="140500", name="晋城市统计局", parent=province)
    county = ensure_bureau(code="140522", name="阳城县统计局", parent=city, short_name="阳统")
    other = ensure_bureau(code="140581", name="高平市统计局", parent=city, short_name="高统")
    load_regions(
        [
            ("140522", "阳城县"),
            ("140522100000", "凤城镇"),
            ("140522101000", "北留镇"),
            ("140581", "高平市"),
            ("140581100000", "高平第一镇"),
            ("140500", "晋城市"),
        ]
    )
    ensure_department(bureau=county, name="法制室", is_legal_office=True)
    ensure_department(bureau=county, name="专业股", is_specialist=True)
    return World(province, city, county, other)


def _user(username: str, bureau: Bureau, *roles: Role) -> User:
    return create_user(
        actor=None,
        username=username,
        password=PASSWORD,
        bureau=bureau,
        roles=roles,
        display_name=username,
        check_password=False,
    )


@pytest.fixture
def admin(world: World) -> User:
    return _user("admin", world.county, Role.ADMIN)


@pytest.fixture
def coordinator(world: World) -> User:
    return _user("coordinator", world.county, Role.COORDINATOR)


@pytest.fixture
def specialist(world: World) -> User:
    return _user("specialist", world.county, Role.SPECIALIST)


@pytest.fixture
def inspector_user(world: World) -> User:
    return _user("inspector", world.county, Role.INSPECTOR)


@pytest.fixture
def legal_reviewer(world: World) -> User:
    return _user("reviewer", world.county, Role.LEGAL_REVIEWER)


@pytest.fixture
def leader(world: World) -> User:
    return _user("leader", world.county, Role.LEADER)


@pytest.fixture
def city_coordinator(world: World) -> User:
    return _user("city", world.city, Role.COORDINATOR, Role.LEADER)


@pytest.fixture
def other_county_user(world: World) -> User:
    return _user("other", world.other_county, Role.COORDINATOR, Role.ADMIN)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (Playwright's sync API allows one instance per thread), shared by the
    browser tests of every directory."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
