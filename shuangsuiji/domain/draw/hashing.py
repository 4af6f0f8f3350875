"""H(H(S) + id) for many ids: the one SHA-256 a draw computes per unit. Of each digest only the ticket's first four
digits are kept — two bytes a unit, in shared memory, so that forked helpers can each fill their own range of
units (see parallel.py); the few units that can be selected are hashed again for their whole ticket."""

from __future__ import annotations

import hashlib
import mmap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shuangsuiji.domain.draw.canonical import sha256_hex
from shuangsuiji.domain.draw.tickets import PREFIX_MOD, PREFIX_TABLE

_FIRST4 = np.array(PREFIX_TABLE, dtype=np.uint16)
# A digest read as eight big-endian 32-bit limbs: value mod 10^4 = Σ limb_i · (2^(32·(7−i)) mod 10^4) mod 10^4,
# every term < 2^46, so the sum fits a uint64 exactly.
_LIMB_WEIGHTS = np.array([pow(2, 32 * (7 - i), PREFIX_MOD) for i in range(8)], dtype=np.uint64)


@dataclass
class SharedPrefixes:
    """The ticket prefix of every unit of a frame under seed string `seed`, two bytes a unit in frame order."""

    seed: str
    buffer: mmap.mmap

    def array(self) -> NDArray[np.uint16]:
        return np.frombuffer(self.buffer, dtype=np.uint16)[: len(self.buffer) // 2].copy()


def allocate(seed: str, count: int) -> SharedPrefixes:
    """Room for `count` prefixes, anonymous and shared with the processes forked after it."""
    return SharedPrefixes(seed, mmap.mmap(-1, max(2 * count, 2)))


def base_of(seed: str) -> Any:
    """A SHA-256 state that has taken H(S): one 64-byte block, hashed once and copied for every unit."""
    return hashlib.sha256(sha256_hex(seed).encode("ascii"))


def digests_of(ids: Iterable[bytes], base: Any) -> bytearray:
    """H(H(S) + id) of each id, 32 bytes each, one after another."""
    copy = base.copy
    out = bytearray()
    extend = out.extend
    for unit_id in ids:
        digest = copy()
        digest.update(unit_id)
        extend(digest.digest())
    return out


def first_digits(digests: bytes | bytearray | memoryview) -> NDArray[np.uint16]:
    """The first four ticket digits of each 32-byte digest in `digests`, as integers."""
    limbs = np.frombuffer(digests, dtype=">u4").reshape(-1, 8).astype(np.uint64)
    residues: NDArray[np.uint64] = (limbs @ _LIMB_WEIGHTS) % PREFIX_MOD
    return _FIRST4[residues]


def hash_prefixes(ids: list[bytes], base: Any, prefixes: SharedPrefixes, first: int) -> None:
    """Write the ticket prefixes of `ids`, the first one at unit position `first`."""
    prefixes.buffer[2 * first : 2 * (first + len(ids))] = first_digits(digests_of(ids, base)).tobytes()
