"""DSR-1 §6: in each stratum the n_h smallest tickets are selected and the next ones are reserves.

Fast path. One pass computes each unit's SHA-256 — the only per-unit work done in Python. NumPy turns the digests
into each ticket's first four digits (a ticket's first digits are its number's last decimal digits, reversed) and
finds, per stratum, the smallest prefix c under which at least the wanted number of units lie. A smaller prefix
means a smaller ticket, so only units with a prefix ≤ c can be among the stratum's best: only they are hashed again,
ordered by a 9-digit key NumPy computes from the digest (equal keys by the whole ticket, then id) and given their
full ticket.

Second path (acceptance check). For each stratum it gathers every unit whose prefix does not exceed the bound the
fast path computed (the prefix of the last ticket it will keep), recomputes their tickets with the plain formula of
the specification (hex digest, base-16 integer, zero-padded decimal, reversed), sorts them plainly and compares
the digest of each stratum's ranking with the fast path's picks. It starts as soon as the bounds are known, so it
runs beside the fast path's ranking. The prefixes it relies on are checked against those plain tickets, for the
gathered units and a fixed sample of all the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shuangsuiji.domain.draw import hashing
from shuangsuiji.domain.draw.canonical import sha256_hex
from shuangsuiji.domain.draw.frame import Frame
from shuangsuiji.domain.draw.parallel import background
from shuangsuiji.domain.draw.tickets import PREFIX_MOD, sha256_uniform

Picks = dict[str, list[tuple[str, str]]]
Prefixes = NDArray[np.uint16]
SAMPLE_EVERY = 997  # the second path checks the prefix of every 997th unit against its plain ticket

KEY_MOD = 10**9  # the order key: a ticket's first 9 digits (its number's last 9, reversed)
_KEY_WEIGHTS = np.array([pow(2, 32 * (7 - i), KEY_MOD) for i in range(8)], dtype=np.uint64)


@dataclass
class Selection:
    """The ranked candidates of every stratum, in (stratum, ticket, id) order — positions in the frame, ids,
    tickets and the 9-digit order keys — the picks (each stratum's wanted best), and each unit's ticket prefix."""

    picks: Picks
    prefixes: Prefixes
    positions: NDArray[np.int64]
    ids: list[str]
    tickets: list[str]
    keys: NDArray[np.uint64]
    segments: dict[str, int]  # where each stratum's candidates begin

    def release(self) -> None:
        """Drop the candidate lists (the picks and prefixes, which the second path needs, stay)."""
        self.ids, self.tickets = [], []

    def targets(self, selected: Mapping[str, int]) -> tuple[list[str], NDArray[np.int64]]:
        """The first `selected[h]` candidates of every stratum, all together in (ticket, id) order: their ids and
        frame positions."""
        chosen = np.concatenate(
            [np.arange(self.segments[h], self.segments[h] + n, dtype=np.int64) for h, n in selected.items()]
            or [np.zeros(0, dtype=np.int64)]
        )
        chosen = chosen[np.argsort(self.keys[chosen], kind="stable")]
        order = _settle_ties(self.keys[chosen], chosen.tolist(), self.tickets, self.ids)
        return [self.ids[k] for k in order], self.positions[order]


def hash_units(frame: Frame, seed: str, processes: int = 1) -> Prefixes:
    """Each unit's ticket prefix — taken from the frame when it was hashed under this seed as it was read. With
    several processes each hashes a contiguous range of units; the result does not depend on how many."""
    shared = frame.prefixes
    if shared is None or shared.seed != seed:
        count, base = len(frame), hashing.base_of(seed)
        shared = hashing.allocate(seed, count)
        bounds = [count * k // processes for k in range(processes + 1)]

        def part(k: int) -> Callable[[], None]:
            return lambda: _hash_range(frame, bounds[k], bounds[k + 1], base, shared)

        helpers = [background(part(k), fork=True) for k in range(1, processes)]
        part(0)()
        for join in helpers:
            join()
    return shared.array()


def _hash_range(frame: Frame, start: int, stop: int, base: Any, shared: hashing.SharedPrefixes) -> None:
    for block, ids in frame.id_blocks(start, stop):
        hashing.hash_prefixes(ids, base, shared, block)


def prefixes_of(frame: Frame, seed: str) -> Prefixes:
    return hash_units(frame, seed)


def strata_of(frame: Frame) -> NDArray[np.uint16]:
    return frame.strata


def cutoffs(strata: NDArray[np.uint16], prefixes: Prefixes, need: NDArray[np.int64]) -> NDArray[np.int32]:
    """Per stratum the smallest prefix c such that at least need[h] of its units have a prefix ≤ c (-1 when none
    is wanted): the need[h]-th smallest prefix of the stratum, read off one sort of (stratum, prefix) keys."""
    keys = np.sort(strata.astype(np.uint32) * PREFIX_MOD + prefixes)
    sizes = np.bincount(strata, minlength=len(need))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    take = np.minimum(need, sizes)
    limit = np.full(len(need), -1, dtype=np.int32)
    wanted = take > 0
    limit[wanted] = keys[starts[wanted] + take[wanted] - 1] % PREFIX_MOD
    return limit


def order_keys(limbs: NDArray[np.uint32]) -> NDArray[np.uint64]:
    """The first 9 ticket digits of digests given as rows of eight big-endian 32-bit limbs, as integers: value
    mod 10^9 (each term limb · (2^(32·(7−i)) mod 10^9) < 2^62 is reduced before the sum), digits reversed."""
    terms = (limbs.astype(np.uint64) * _KEY_WEIGHTS) % KEY_MOD
    residue = terms.sum(axis=1, dtype=np.uint64) % KEY_MOD
    key = np.zeros(len(residue), dtype=np.uint64)
    for _ in range(9):
        key = key * 10 + residue % 10
        residue //= 10
    return key


def bounds(
    frame: Frame, wanted: Mapping[str, int], seed: str, processes: int = 1
) -> tuple[Prefixes, NDArray[np.int32]]:
    """Each unit's ticket prefix and, per stratum, the prefix bound of its `wanted[h]` best (see cutoffs): all the
    second path needs to start, before the fast path ranks its candidates."""
    prefixes = hash_units(frame, seed, processes)
    need = np.array([wanted.get(name, 0) for name in frame.names], dtype=np.int64)
    return prefixes, cutoffs(frame.strata, prefixes, need)


def select(
    frame: Frame,
    wanted: Mapping[str, int],
    seed: str,
    processes: int = 1,
    bound: tuple[Prefixes, NDArray[np.int32]] | None = None,
) -> Selection:
    """For each stratum the `wanted[h]` best (id, ticket) in ticket order (`bound`: what bounds() returned)."""
    prefixes, limit = bound or bounds(frame, wanted, seed, processes)
    strata = frame.strata
    near = np.flatnonzero(prefixes <= limit[strata])
    digests = hashing.digests_of((i.encode() for i in frame.ids_at(near)), hashing.base_of(seed))
    keys, groups = order_keys(np.frombuffer(digests, dtype=">u4").reshape(-1, 8)), strata[near]
    order = np.lexsort((keys, groups))  # by stratum, then key; stable, so equal keys stay in id order
    near, keys, groups = near[order], keys[order], groups[order]
    ids = frame.ids_at(near)
    from_bytes = int.from_bytes
    tickets = [f"0.{str(from_bytes(digests[32 * k : 32 * k + 32], 'big')).zfill(64)[::-1]}" for k in order.tolist()]
    # Equal 9-digit keys in one stratum (rare) are ordered by the whole ticket, then id.
    runs = _settle_ties(keys + groups.astype(np.uint64) * KEY_MOD, list(range(len(ids))), tickets, ids)
    near, keys = near[runs], keys[runs]
    ids, tickets = [ids[k] for k in runs], [tickets[k] for k in runs]
    starts = np.searchsorted(groups, np.arange(len(frame.names) + 1), side="left").tolist()
    picks: Picks = {}
    segments: dict[str, int] = {}
    for h, name in enumerate(frame.names):
        start, stop = starts[h], min(starts[h] + wanted.get(name, 0), starts[h + 1])
        picks[name] = list(zip(ids[start:stop], tickets[start:stop], strict=True))
        segments[name] = start
    return Selection(picks, prefixes, near, ids, tickets, keys, segments)


def _settle_ties(keys: NDArray[np.uint64], order: list[int], tickets: list[str], ids: list[str]) -> list[int]:
    """`order` (indices into tickets/ids, sorted by `keys`) with every run of equal keys re-sorted by (ticket, id)."""
    same = np.flatnonzero(keys[1:] == keys[:-1]).tolist()
    if not same:
        return order
    order = list(order)
    for first, last in _runs(same):
        run = order[first : last + 2]
        order[first : last + 2] = sorted(run, key=lambda k: (tickets[k], ids[k]))
    return order


def _runs(adjacent: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive indices i (where element i equals element i+1) grouped into (first, last) runs."""
    first = previous = adjacent[0]
    for index in adjacent[1:]:
        if index != previous + 1:
            yield first, previous
            first = index
        previous = index
    yield first, previous


def second_path(
    frame: Frame, prefixes: Prefixes, limit: NDArray[np.int32], wanted: Mapping[str, int], seed: str
) -> tuple[list[str], bool]:
    """Recompute every stratum independently (see the module's docstring): per stratum, the digest of its
    `wanted[h]` best by the plain formula (see ranking_digest), and whether every prefix checked agreed with its
    plain ticket. Needs only the prefixes and their bounds, so it runs while the fast path ranks its candidates.

    The bound is the fast path's own, which is safe: a bound below the true one leaves fewer than wanted[h] units
    of the stratum under it, and the plain ranking (like the fast one) comes out short; one above it only gathers
    more units."""
    strata = strata_of(frame)
    gathered = np.flatnonzero(prefixes <= limit[strata])
    sample = np.arange(0, len(frame), SAMPLE_EVERY)
    checked = np.union1d(gathered, sample)
    last = limit.tolist()
    hashed = sha256_hex(seed)
    plain: list[list[tuple[str, str]]] = [[] for _ in frame.names]
    agree = True
    rows = zip(frame.ids_at(checked.tolist()), prefixes[checked].tolist(), strata[checked].tolist(), strict=True)
    for unit_id, prefix, h in rows:
        ticket = sha256_uniform(hashed + unit_id)
        first = int(ticket[2:6])
        if first != prefix:
            agree = False
        if first <= last[h]:
            plain[h].append((ticket, unit_id))
    digests = []
    for h, name in enumerate(frame.names):
        ordered = sorted(plain[h])[: wanted.get(name, 0)]  # (ticket, id); str order is UTF-8 byte order
        digests.append(ranking_digest((i, t) for t, i in ordered))
    return digests, agree


def ranking_digest(ranked: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of a stratum's ranking, one "id,ticket" line per unit in rank order."""
    digest = hashlib.sha256()
    for unit_id, ticket in ranked:
        digest.update(f"{unit_id},{ticket}\n".encode())
    return digest.hexdigest()


def differences(frame: Frame, picks: Picks, plain: tuple[list[str], bool]) -> list[str]:
    """The strata where the fast path's picks differ from the second path's ranking, and "prefixes" when the fast
    arithmetic disagreed with a plain ticket."""
    digests, agree = plain
    differing = {name for h, name in enumerate(frame.names) if ranking_digest(picks.get(name, [])) != digests[h]}
    return sorted(differing | (set() if agree else {"prefixes"}))
