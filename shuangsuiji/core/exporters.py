"""The exports the CLI offers (units, inspectors, items); each app registers a function
`export(bureau=Bureau | None, path=Path) -> int` in AppConfig.ready(). `download` serves an export to a page."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.http import FileResponse

_EXPORTERS: dict[str, Callable[..., int]] = {}


def register_exporter(kind: str, function: Callable[..., int]) -> None:
    _EXPORTERS[kind] = function


def exporter_for(kind: str) -> Callable[..., Any] | None:
    return _EXPORTERS.get(kind)


def download(write: Callable[[Path], object], suffix: str, filename: str) -> FileResponse:
    """A file written by `write(path)` as an attachment named `filename`. The file lives in a temporary folder
    that is gone before the response is sent (the open handle still reads it; the response closes it), so no
    export is left behind on the server."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        write(path)
        handle = path.open("rb")
    return FileResponse(handle, as_attachment=True, filename=filename)
