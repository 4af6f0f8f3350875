"""The kinds of file import the platform offers; each app registers its importer in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shuangsuiji.core.permissions import Perm


@dataclass(frozen=True)
class ImportKind:
    kind: str
    label: str  # e.g. 检查对象名录库
    factory: Callable[..., Any]  # (bureau=..., actor=...) -> core.imports.Importer
    perm: Perm
    list_url_name: str
    template_hint: str  # which columns the file needs, shown on the upload page


_KINDS: dict[str, ImportKind] = {}


def register_import(kind: ImportKind) -> None:
    _KINDS[kind.kind] = kind


def import_kind(kind: str) -> ImportKind | None:
    return _KINDS.get(kind)


def import_kinds() -> list[ImportKind]:
    return list(_KINDS.values())
