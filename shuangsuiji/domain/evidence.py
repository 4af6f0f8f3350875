"""Which files are accepted as evidence (证据材料): by extension, confirmed by the file's first bytes, with a size
limit per kind. Names must be plain file names (no path characters)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class FileRule:
    kind: str  # photo, document, audio, video
    max_bytes: int
    signatures: tuple[bytes, ...]  # accepted leading bytes (any of them); offset 4 for ISO media ('ftyp')


_ISO = (b"ftyp",)
RULES: dict[str, FileRule] = {
    "jpg": FileRule("photo", 15 * MB, (b"\xff\xd8\xff",)),
    "jpeg": FileRule("photo", 15 * MB, (b"\xff\xd8\xff",)),
    "png": FileRule("photo", 15 * MB, (b"\x89PNG\r\n\x1a\n",)),
    "webp": FileRule("photo", 15 * MB, (b"RIFF",)),
    "heic": FileRule("photo", 15 * MB, _ISO),
    "pdf": FileRule("document", 20 * MB, (b"%PDF-",)),
    "mp3": FileRule("audio", 50 * MB, (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "m4a": FileRule("audio", 50 * MB, _ISO),
    "amr": FileRule("audio", 50 * MB, (b"#!AMR",)),
    "wav": FileRule("audio", 50 * MB, (b"RIFF",)),
    "mp4": FileRule("video", 200 * MB, _ISO),
    "mov": FileRule("video", 200 * MB, _ISO),
    "3gp": FileRule("video", 200 * MB, _ISO),
}
ACCEPT = ",".join(f".{ext}" for ext in RULES)
_FORBIDDEN = set('/\\:*?"<>|\x00')


class EvidenceFileError(ValueError):
    """A refused file; the message names the file and says why."""


def check_name(name: str) -> str:
    """The extension of an acceptable plain file name."""
    if not name or name in (".", "..") or any(c in _FORBIDDEN for c in name) or ".." in name:
        raise EvidenceFileError(f"文件名“{name}”含有路径或非法字符，请改名后再上传")
    if len(name) > 200:
        raise EvidenceFileError("文件名过长（最多200个字符）")
    if "." not in name:
        raise EvidenceFileError(f"文件“{name}”没有扩展名，无法判断类型")
    ext = name.rsplit(".", 1)[1].lower()
    if ext not in RULES:
        raise EvidenceFileError(f"文件“{name}”的类型 .{ext} 不能作为证据上传；可上传：{ACCEPT}")
    return ext


def check_file(name: str, size: int, head: bytes) -> FileRule:
    """The rule for a file whose name, size and first bytes are given; raises EvidenceFileError."""
    rule = RULES[check_name(name)]
    if size == 0:
        raise EvidenceFileError(f"文件“{name}”是空文件")
    if size > rule.max_bytes:
        raise EvidenceFileError(f"文件“{name}”大小 {size / MB:.1f} MB，超过上限 {rule.max_bytes // MB} MB")
    iso = rule.signatures == _ISO
    if not any((head[4:8] if iso else head).startswith(sig) for sig in rule.signatures):
        raise EvidenceFileError(f"文件“{name}”的内容与扩展名不符，可能已损坏或被改名")
    return rule
