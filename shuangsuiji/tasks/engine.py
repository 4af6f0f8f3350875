"""The one place the platform calls the DSR-1 engine (shuangsuiji.domain.draw): the same code the command line
and, re-implemented in 200 lines, the public verifier use."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from shuangsuiji import __version__
from shuangsuiji.domain import draw as dsr
from shuangsuiji.domain.draw.frame import build_frame
from shuangsuiji.tasks import storage
from shuangsuiji.tasks.models import Draw


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_frame(rows: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """The canonical frame text (validated, sorted by id) and its SHA-256."""
    text = build_frame(rows).text()
    return text, text_sha256(text)


def params_sha256(params: dict[str, Any]) -> str:
    return text_sha256(dsr.params_text(params))


def inspectors_text(ids: Iterable[str]) -> str:
    """INSPECTORS.csv as exported (header `id`, ids in byte order)."""
    return "id\n" + "".join(f"{i}\n" for i in sorted(ids))


def list_sha256(ids: Iterable[str]) -> str:
    return text_sha256(inspectors_text(ids))


def conflicts_text(pairs: Iterable[tuple[str, str]]) -> str:
    """CONFLICTS.csv as exported (header `inspector_id,unit_id`, pairs in byte order)."""
    return "inspector_id,unit_id\n" + "".join(f"{a},{b}\n" for a, b in sorted(set(pairs)))


def run(draw: Draw, seed_inputs: dict[str, str]) -> dict[str, Any]:
    """Run the committed draw with the revealed inputs; the engine's acceptance checks run before it returns."""
    frame = storage.read_frame(draw)
    try:
        result: dict[str, Any] = dsr.run_draw(
            frame,
            draw.params,
            draw_id=draw.draw_id,
            seed_inputs=seed_inputs,
            inspectors=list(draw.inspector_pool),
            conflicts=storage.read_conflicts(draw),
            software_version=__version__,
            canonical=True,
        )
        return result
    except dsr.DrawInputError as exc:
        from shuangsuiji.tasks.services.ceremony import DrawError

        raise DrawError(f"摇号输入有误：{exc}") from None


def current_result(draw: Draw) -> dict[str, Any]:
    return dict(storage.read_json(draw.result_file))


EngineError = dsr.DrawInputError


def substitute_target(draw: Draw, result: dict[str, Any], frame_id: str, reason: str) -> tuple[dict[str, Any], str]:
    return dsr.substitute_target(result, frame_id, reason)


def replace_inspector(
    draw: Draw,
    result: dict[str, Any],
    department: str,
    group_index: int,
    inspector: str,
    reason: str,
    unavailable: list[str],
) -> tuple[dict[str, Any], str]:
    return dsr.replace_inspector(
        result, department, group_index, inspector, reason, storage.read_conflicts(draw), unavailable
    )


def verify(draw: Draw) -> list[str]:
    """Re-check a stored draw from its own files, as anyone can with the downloads."""
    pool = list(draw.inspector_pool) if draw.inspector_pool else None
    problems: list[str] = dsr.verify_result(
        current_result(draw), storage.read_frame(draw), pool, storage.read_conflicts(draw)
    )
    return problems
