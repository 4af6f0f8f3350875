"""The one place the platform calls the DSR-1 engine (shuangsuiji.domain.draw): the same code the command line
and, re-implemented in 200 lines, the public verifier use."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from shuangsuiji import __version__
from shuangsuiji.domain import draw as dsr
from shuangsuiji.domain.draw import engine as draw_engine
from shuangsuiji.domain.draw.frame import Frame, build_frame, frame_from_bytes
from shuangsuiji.tasks import storage
from shuangsuiji.tasks.models import Draw


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def committed_frame(draw: Draw, seed_of: Any = None) -> Frame:
    """The committed canonical frame (stored as the canonical file; hashed under the seed as it is read when
    `seed_of` is given)."""
    data = storage.read_bytes(draw.frame_file)
    frame = frame_from_bytes(data, seed_of=seed_of)
    if frame is None:  # ids the fast reader leaves to the validating path (e.g. non-ASCII): same frame
        frame = build_frame(tuple(line.split(",", 1)) for line in data.decode().splitlines()[1:] if line)  # type: ignore[misc]
    return frame


def run(draw: Draw, seed_inputs: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Run the committed draw with the revealed inputs; the engine's acceptance checks run before it returns.
    Returns the result and its JSON text in pieces."""
    try:
        seed_of = draw_engine.seed_of(draw.params, draw_id=draw.draw_id, seed_inputs=seed_inputs)
        return draw_engine.draw_with_text(
            committed_frame(draw, seed_of),
            draw.params,
            draw_id=draw.draw_id,
            seed_inputs=seed_inputs,
            inspectors=list(draw.inspector_pool),
            conflicts=storage.read_conflicts(draw),
            software_version=__version__,
        )
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
        current_result(draw), committed_frame(draw), pool, storage.read_conflicts(draw)
    )
    return problems
