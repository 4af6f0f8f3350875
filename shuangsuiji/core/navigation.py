"""The main navigation. Each app registers its entries in its AppConfig.ready(); an entry shows when the user
holds one of its roles (or any role when none are given)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from shuangsuiji.core.roles import Role


@dataclass(frozen=True, slots=True)
class NavEntry:
    label: str
    url_name: str
    order: int
    roles: frozenset[Role] = frozenset()
    group: str = ""


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    is_active: bool
    group: str


_REGISTRY: list[NavEntry] = []


def register_nav(label: str, url_name: str, order: int, roles: tuple[Role, ...] = (), group: str = "") -> None:
    if any(e.url_name == url_name for e in _REGISTRY):
        return
    _REGISTRY.append(NavEntry(label, url_name, order, frozenset(roles), group))
    _REGISTRY.sort(key=lambda e: e.order)


def navigation_for(user: Any, current_path: str) -> list[NavItem]:
    roles = user.role_set if not user.is_superuser else frozenset(Role)
    items = []
    for entry in _REGISTRY:
        if entry.roles and not (entry.roles & roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append(NavItem(entry.label, url, active, entry.group))
    return _grouped(items)


def _grouped(items: list[NavItem]) -> list[NavItem]:
    """Entries of one group together, the groups in the order of their first entry (the template prints a
    group's heading when the group changes, so an entry registered out of order must not open it twice)."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.group, index)
    return sorted(items, key=lambda item: first[item.group])
