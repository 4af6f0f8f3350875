"""A PNG of a PDF's first page for on-screen previews (poppler's pdftoppm, installed by `make system-deps`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class PreviewUnavailable(Exception):
    """pdftoppm is missing or failed; the page offers the PDF instead."""


def first_page_png(pdf: bytes, *, dpi: int = 80) -> bytes:
    if shutil.which("pdftoppm") is None:
        raise PreviewUnavailable("服务器未安装 pdftoppm（poppler-utils），无法生成图片预览")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(tmp) / "out"),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        out = Path(tmp) / "out.png"
        if result.returncode != 0 or not out.exists():
            raise PreviewUnavailable("生成图片预览失败")
        return out.read_bytes()
