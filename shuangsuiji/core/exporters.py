"""The exports the CLI offers (units, inspectors, items); each app registers a function
`export(bureau=Bureau | None, path=Path) -> int` in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_EXPORTERS: dict[str, Callable[..., int]] = {}


def register_exporter(kind: str, function: Callable[..., int]) -> None:
    _EXPORTERS[kind] = function


def exporter_for(kind: str) -> Callable[..., Any] | None:
    return _EXPORTERS.get(kind)
