"""A draw's verification kit: RESULT.json, frame.csv and, when used, inspectors.csv and conflicts.csv, exactly as
`shuangsuiji draw verify` and the standalone verifier read them."""

from __future__ import annotations

import io
from pathlib import Path

from shuangsuiji.tasks import engine, storage
from shuangsuiji.tasks.models import Draw


def inspectors_file(draw: Draw) -> io.BytesIO:
    return io.BytesIO(engine.inspectors_text(draw.inspector_pool).encode("utf-8"))


def export_draw(draw: Draw, folder: Path) -> list[Path]:
    """Write the kit into `folder` and return the files written."""
    if not draw.result_file:
        raise ValueError(f"draw {draw.draw_id} has not been revealed yet")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    files = {"RESULT.json": draw.result_file, "frame.csv": draw.frame_file}
    if draw.conflicts_count:
        files["conflicts.csv"] = draw.conflicts_file
    for name, stored in files.items():
        path = folder / name
        path.write_text(storage.read_text(stored), encoding="utf-8")
        written.append(path)
    if draw.inspector_pool:
        path = folder / "inspectors.csv"
        path.write_text(engine.inspectors_text(draw.inspector_pool), encoding="utf-8")
        written.append(path)
    return written
