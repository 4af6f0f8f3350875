"""A frame held compactly for large draws: the canonical frame file's bytes, where each line starts and where its
comma is, and each unit's stratum index — a few bytes a unit and no Python object per row.

A file that is already canonical (DSR-1 §1: header `id,stratum`, LF line ends, lines sorted by id, printable ASCII)
is taken as it is, after checks that run at C speed over its bytes (split between processes for a large file).
Anything else — another row order, CRLF, a BOM, spaces, non-ASCII ids — goes through `build_frame`, which
validates and normalises every row, sorts, and writes the same canonical text; both give byte-identical frames
and therefore the same `frame_sha256`.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shuangsuiji.domain.draw import hashing
from shuangsuiji.domain.draw.canonical import FORBIDDEN, clean_id, clean_stratum
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.hashing import SharedPrefixes
from shuangsuiji.domain.draw.parallel import background, processes_for

HEADER = b"id,stratum\n"
MAX_STRATA = 65535
LINES_AT_ONCE = 1 << 16  # lines split into Python objects at a time (bounds the memory of a large frame)
# The bytes a canonical frame may hold without a closer look: printable ASCII except | " \ and LF. Whitespace, CR,
# control characters and non-ASCII bytes send the file down the validating path; without " and \ the ids also
# need no escaping in JSON (Frame.plain).
_PLAIN = bytes(b for b in range(0x21, 0x7F) if b not in b'|"\\') + b"\n"
_NOT_SEPARATOR = bytes(b for b in range(256) if b not in b",\n")
_ESCAPED = re.compile(r'["\\\x00-\x1f]')  # what json.dumps(ensure_ascii=False) escapes in a string
Positions = NDArray[Any]  # uint32 for files under 4 GiB, int64 beyond


@dataclass
class Frame:
    """Units in canonical order. Unit k is line k after the header of `data` (the canonical file): its id is
    data[starts[k]:commas[k]], its stratum names[strata[k]]."""

    data: bytes
    starts: Positions
    commas: Positions
    strata: NDArray[np.uint16]
    names: list[str]
    sha256: str
    plain: bool  # every id is printable ASCII without | " \ (written into JSON as it is)
    prefixes: SharedPrefixes | None = None  # the units' ticket prefixes, when the frame was hashed as it was read

    def __len__(self) -> int:
        return len(self.starts)

    def lines(self, start: int, stop: int) -> bytes:
        """The canonical lines of units start..stop-1."""
        end = int(self.starts[stop]) if stop < len(self) else len(self.data)
        return self.data[int(self.starts[start]) : end] if start < stop else b""

    def id_blocks(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, list[bytes]]]:
        """(position of the first unit, the ids as bytes) of units start..stop-1, LINES_AT_ONCE at a time."""
        stop = len(self) if stop is None else stop
        for block in range(start, stop, LINES_AT_ONCE):
            yield block, _split(self.lines(block, min(block + LINES_AT_ONCE, stop)))[0:-1:2]

    def __contains__(self, unit_id: object) -> bool:
        """Whether the frame holds this id (a binary search: the lines are sorted by id)."""
        if not isinstance(unit_id, str):
            return False
        wanted, data, starts, commas = unit_id.encode("utf-8"), self.data, self.starts, self.commas
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            if data[int(starts[middle]) : int(commas[middle])] < wanted:
                low = middle + 1
            else:
                high = middle
        return low < len(self) and data[int(starts[low]) : int(commas[low])] == wanted

    def ids(self) -> list[str]:
        return [unit_id.decode() for _, ids in self.id_blocks() for unit_id in ids]

    def ids_at(self, positions: Sequence[int] | NDArray[np.int64]) -> list[str]:
        chosen = np.asarray(positions, dtype=np.int64)
        data = self.data
        spans = zip(self.starts[chosen].tolist(), self.commas[chosen].tolist(), strict=True)
        return [data[start:comma].decode() for start, comma in spans]

    def rows(self) -> Iterator[tuple[str, str]]:
        names = self.names
        for unit_id, index in zip(self.ids(), self.strata.tolist(), strict=True):
            yield unit_id, names[index]

    def counts(self) -> dict[str, int]:
        totals = np.bincount(self.strata, minlength=len(self.names)).tolist()
        return {name: totals[i] for i, name in enumerate(self.names)}

    def text(self) -> str:
        """The canonical frame file."""
        return self.data.decode("utf-8")


def _split(lines: bytes) -> list[bytes]:
    """id, stratum, id, stratum, …, b"" — the fields of whole lines in one pass (neither part holds a comma)."""
    return lines.replace(b",", b"\n").split(b"\n")


SeedOf = Callable[[str], str]


def read_frame_file(path: str, processes: int | None = None, seed_of: SeedOf | None = None) -> Frame | None:
    """frame_from_bytes of a file."""
    with open(path, "rb") as handle:
        return frame_from_bytes(handle.read(), processes, seed_of)


def frame_from_bytes(data: bytes, processes: int | None = None, seed_of: SeedOf | None = None) -> Frame | None:
    """The Frame of a canonical frame file; None when the file is not canonical (the caller then takes the
    validating path, which also names what is wrong). With `seed_of` (frame_sha256 -> the draw's seed string S)
    each unit is also hashed under S while its line is at hand, saving the draw a second pass."""
    if not data.startswith(HEADER) or not data.endswith(b"\n"):
        return None
    count = data.count(b"\n") - 1
    if data.translate(None, _PLAIN) or data.translate(None, _NOT_SEPARATOR) != b",\n" * (count + 1):
        return None  # a byte outside printable ASCII, or a line without exactly one comma
    starts, commas = _line_positions(data)
    sha256 = hashlib.sha256(data).hexdigest()
    workers = processes_for(count, processes)
    bounds = [count * k // workers for k in range(workers + 1)]
    prefixes = hashing.allocate(seed_of(sha256), count) if seed_of else None
    partial = Frame(data, starts, commas, np.zeros(0, dtype=np.uint16), [], "", True, prefixes)
    helpers = [background(_scanner(partial, bounds[k], bounds[k + 1]), fork=True) for k in range(1, workers)]
    parts = [_scan(partial, bounds[0], bounds[1]), *(join() for join in helpers)]
    if any(part is None for part in parts):
        return None
    return _merge(partial, [p for p in parts if p is not None], sha256)


def _line_positions(data: bytes) -> tuple[Positions, Positions]:
    """Where each line after the header starts, and where its comma is (exactly one a line: checked before)."""
    octets = np.frombuffer(data, dtype=np.uint8)
    ends, commas = [], []
    for start in range(0, len(octets), 1 << 26):  # 64 MiB at a time: the comparison makes a byte a byte
        part = octets[start : start + (1 << 26)]
        ends.append(np.flatnonzero(part == 0x0A) + start)
        commas.append(np.flatnonzero(part == 0x2C) + start)
    kind = np.uint32 if len(data) < 1 << 32 else np.int64  # four bytes a position for files under 4 GiB
    line_ends, comma_at = np.concatenate(ends).astype(kind), np.concatenate(commas).astype(kind)
    return line_ends[:-1] + 1, comma_at[1:]


@dataclass
class _Scan:
    """What a scan of a range of lines found: its first and last id, its stratum codes in order of appearance,
    and each unit's index into those codes."""

    first: bytes
    last: bytes
    codes: list[bytes]
    strata: bytes


def _scanner(frame: Frame, start: int, stop: int) -> Callable[[], _Scan | None]:
    return lambda: _scan(frame, start, stop)


def _scan(frame: Frame, start: int, stop: int) -> _Scan | None:
    """Check lines start..stop-1: both parts non-empty and ids strictly ascending (so no duplicates); hash the
    ids when the frame has room for their ticket prefixes."""
    prefixes = frame.prefixes
    base = hashing.base_of(prefixes.seed) if prefixes else None
    index: dict[bytes, int] = {}
    strata = array("H")
    first, previous = b"", b""
    for block in range(start, stop, LINES_AT_ONCE):
        parts = _split(frame.lines(block, min(block + LINES_AT_ONCE, stop)))
        ids, codes = parts[0:-1:2], parts[1::2]
        if not (all(ids) and all(codes)):
            return None  # an empty id or stratum code
        if not (previous < ids[0] and all(map(operator.lt, ids, itertools.islice(ids, 1, None)))):
            return None
        for code in set(codes) - index.keys():
            if len(index) >= MAX_STRATA:
                raise DrawInputError(f"more than {MAX_STRATA:,} strata")
            index[code] = len(index)
        strata.extend(array("H", [index[code] for code in codes]))
        first, previous = first or ids[0], ids[-1]
        if prefixes:
            hashing.hash_prefixes(ids, base, prefixes, block)
    return _Scan(first, previous, list(index), strata.tobytes())


def _merge(frame: Frame, parts: list[_Scan], sha256: str) -> Frame | None:
    """One frame from the scans of consecutive ranges: ids ascending across their borders, stratum codes renumbered
    in order of first appearance."""
    names: dict[bytes, int] = {}
    strata = []
    last = b""
    for part in parts:
        if part.first and not last < part.first:
            return None
        last = part.last or last
        mapping = np.array([names.setdefault(code, len(names)) for code in part.codes] or [0], dtype=np.uint16)
        strata.append(mapping[np.frombuffer(part.strata, dtype=np.uint16)])
        if len(names) > MAX_STRATA:
            raise DrawInputError(f"more than {MAX_STRATA:,} strata")
    frame.strata = np.concatenate(strata) if strata else np.zeros(0, dtype=np.uint16)
    frame.names = [code.decode("ascii") for code in names]
    frame.sha256 = sha256
    return frame


def _clean_id(raw: str) -> str:
    """The common case (already clean ASCII) without normalisation work; anything else goes the long way."""
    if raw.isascii() and raw == raw.strip() and raw:
        if "|" in raw or "," in raw:
            raise DrawInputError(f"id {raw!r} contains a forbidden character (comma, bar, CR or LF)")
        return raw
    return clean_id(unicodedata.normalize("NFC", raw))


def build_frame(rows: Iterable[tuple[str, str]], *, trusted: bool = False) -> Frame:
    """Validate (unless `trusted`, for rows the platform built and checked itself), normalise and order (id,
    stratum) rows by id, refusing duplicates, and build the canonical frame from them."""
    by_raw: dict[str, str] = {}
    ids: list[str] = []
    strata: list[str] = []
    for raw_id, raw_stratum in rows:
        name = by_raw.get(raw_stratum)
        if name is None:
            name = by_raw[raw_stratum] = raw_stratum if trusted else clean_stratum(raw_stratum)
        ids.append(raw_id if trusted else _clean_id(raw_id))
        strata.append(name)
    if len(set(by_raw.values())) > MAX_STRATA:
        raise DrawInputError(f"more than {MAX_STRATA:,} strata")
    if not all(a < b for a, b in itertools.pairwise(ids)):  # str order is UTF-8 byte order
        order = sorted(range(len(ids)), key=ids.__getitem__)
        ids = [ids[i] for i in order]
        strata = [strata[i] for i in order]
    for previous, current in itertools.pairwise(ids):
        if previous == current:
            raise DrawInputError(f"duplicate id {current!r} in the frame")
    body = "".join([f"{i},{s}\n" for i, s in zip(ids, strata, strict=True)]).encode("utf-8")
    return _from_canonical(body, plain=not _ESCAPED.search("".join(ids)))


def _from_canonical(body: bytes, *, plain: bool) -> Frame:
    """The Frame of the canonical lines the validating path wrote (ids may be any Unicode here)."""
    data = HEADER + body
    starts, commas = _line_positions(data)
    index: dict[bytes, int] = {}
    strata = np.array([index.setdefault(code, len(index)) for code in _split(body)[1::2]], dtype=np.uint16)
    names = [code.decode("utf-8") for code in index]
    return Frame(data, starts, commas, strata, names, hashlib.sha256(data).hexdigest(), plain)


__all__ = ["FORBIDDEN", "HEADER", "Frame", "build_frame", "frame_from_bytes", "read_frame_file"]
