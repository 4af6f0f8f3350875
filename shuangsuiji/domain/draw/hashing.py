"""H(H(S) + id) for many ids: the one SHA-256 a draw computes per unit, written into shared memory so that
forked helpers can each fill their own range of units (see parallel.py)."""

from __future__ import annotations

import hashlib
import mmap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shuangsuiji.domain.draw.canonical import sha256_hex


@dataclass
class Digests:
    """The digests of every unit of a frame under seed string `seed`, 32 bytes a unit in frame order."""

    seed: str
    buffer: mmap.mmap


def allocate(seed: str, count: int) -> Digests:
    """Room for `count` digests, anonymous and shared with the processes forked after it."""
    return Digests(seed, mmap.mmap(-1, max(32 * count, 1)))


def base_of(seed: str) -> Any:
    """A SHA-256 state that has taken H(S): one 64-byte block, hashed once and copied for every unit."""
    return hashlib.sha256(sha256_hex(seed).encode("ascii"))


def hash_ids(ids: Iterable[bytes], base: Any, digests: Digests, first: int) -> int:
    """Write H(H(S) + id) of each id, the first one at unit position `first`; returns the number of ids."""
    copy = base.copy
    out = bytearray()
    extend = out.extend
    for unit_id in ids:
        digest = copy()
        digest.update(unit_id)
        extend(digest.digest())
    digests.buffer[32 * first : 32 * first + len(out)] = out
    return len(out) // 32
