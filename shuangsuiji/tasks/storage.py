"""Where a draw's files live: the canonical frame, the excluded units, the 回避 list and RESULT.json, under
`draws/<draw id>/` in the configured Django storage (the local file system by default)."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from shuangsuiji.tasks.models import Draw


def inspectors_name(draw: Draw) -> str:
    return _name(draw, "inspectors.csv")


def _name(draw: Draw, file_name: str) -> str:
    return f"draws/{draw.draw_id}/{file_name}"


def save_text(draw: Draw, file_name: str, text: str | bytes) -> str:
    name = _name(draw, file_name)
    if default_storage.exists(name):
        default_storage.delete(name)
    return str(default_storage.save(name, ContentFile(text if isinstance(text, bytes) else text.encode("utf-8"))))


def save_json(draw: Draw, file_name: str, value: Any) -> str:
    """Compact JSON (the C encoder: a large result in a fraction of the time); pretty-print it to read it."""
    return save_text(draw, file_name, json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n")


def read_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read()).decode("utf-8")


def read_json(name: str) -> Any:
    return json.loads(read_text(name))


def read_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def read_frame(draw: Draw) -> list[tuple[str, str]]:
    """The committed canonical frame as (id, stratum) rows."""
    lines = read_text(draw.frame_file).splitlines()
    return [tuple(line.split(",", 1)) for line in lines[1:] if line]  # type: ignore[misc]


def read_conflicts(draw: Draw) -> set[tuple[str, str]]:
    if not draw.conflicts_file:
        return set()
    lines = read_text(draw.conflicts_file).splitlines()
    return {tuple(line.split(",", 1)) for line in lines[1:] if line}  # type: ignore[misc]


def open_file(name: str) -> Any:
    return default_storage.open(name, "rb")
