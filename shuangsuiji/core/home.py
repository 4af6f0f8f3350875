"""The home page is a set of panels contributed by the apps, each shown to the roles it concerns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shuangsuiji.core.roles import Role


@dataclass
class Panel:
    """A box on the home page: a title, a few figures, links and warnings."""

    title: str
    order: int
    stats: list[tuple[str, Any]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


PanelBuilder = Callable[[Any], Panel | None]
_BUILDERS: list[tuple[frozenset[Role], PanelBuilder]] = []


def register_panel(builder: PanelBuilder, roles: tuple[Role, ...] = ()) -> None:
    """Apps call this in AppConfig.ready(); a builder returns None when it has nothing to show."""
    if any(b is builder for _, b in _BUILDERS):
        return
    _BUILDERS.append((frozenset(roles), builder))


def home_panels(user: Any) -> list[Panel]:
    roles = frozenset(Role) if user.is_superuser else user.role_set
    panels = []
    for wanted, builder in _BUILDERS:
        if wanted and not (wanted & roles):
            continue
        panel = builder(user)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda p: p.order)
