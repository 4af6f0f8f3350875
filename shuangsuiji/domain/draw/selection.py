"""DSR-1 §6: in each stratum the n_h smallest tickets are selected and the next ones are reserves.

Fast path: one pass computing each unit's hash and its ticket prefix — a ticket's first 4 digits are its number's
last 4 decimal digits reversed (a table lookup); a histogram of prefixes per stratum gives the cutoff under which
the stratum's best units must lie, and only those get a full ticket. Second path (acceptance check): every unit
whose 4-digit prefix could reach the stratum's last kept ticket is re-ranked by a plain sort of full tickets; the
two must agree exactly.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from itertools import accumulate

from shuangsuiji.domain.draw.canonical import sha256_hex
from shuangsuiji.domain.draw.frame import Frame
from shuangsuiji.domain.draw.tickets import PREFIX_MOD, PREFIX_TABLE, ticket_of_value

Picks = dict[str, list[tuple[str, str]]]


def prefixes_of(frame: Frame, seed: str) -> array[int]:
    """Each unit's ticket prefix (its first 4 digits), from one SHA-256 per unit — the only per-unit work."""
    prefixes = array("H", bytes(2 * len(frame)))
    base = hashlib.sha256(sha256_hex(seed).encode("ascii"))
    copy, from_bytes, table = base.copy, int.from_bytes, PREFIX_TABLE
    for position, unit_id in enumerate(frame.ids):
        digest = copy()
        digest.update(unit_id.encode())
        prefixes[position] = table[from_bytes(digest.digest(), "big") % PREFIX_MOD]
    return prefixes


def cutoffs(frame: Frame, prefixes: array[int], wanted: dict[str, int]) -> list[int]:
    """Per stratum the smallest prefix c such that at least `wanted` units have a prefix ≤ c (-1 when none is
    wanted): only those units can be among the stratum's best, since a smaller prefix means a smaller ticket."""
    histogram = [0] * (len(frame.names) * PREFIX_MOD)
    for prefix, h in zip(prefixes, frame.strata, strict=True):
        histogram[h * PREFIX_MOD + prefix] += 1
    found = []
    for h, name in enumerate(frame.names):
        need = wanted.get(name, 0)
        running = list(accumulate(histogram[h * PREFIX_MOD : (h + 1) * PREFIX_MOD]))
        found.append(-1 if need <= 0 else min(bisect_left(running, need), PREFIX_MOD - 1))
    return found


def select(frame: Frame, wanted: dict[str, int], seed: str) -> tuple[Picks, array[int]]:
    """For each stratum the `wanted[h]` best (id, ticket) in ticket order; also each unit's 4-digit prefix.

    Only units under their stratum's prefix cutoff get a full ticket; they are ranked by (ticket, id)."""
    prefixes = prefixes_of(frame, seed)
    limit = cutoffs(frame, prefixes, wanted)
    gathered: list[list[str]] = [[] for _ in frame.names]
    for unit_id, prefix, h in zip(frame.ids, prefixes, frame.strata, strict=True):
        if prefix <= limit[h]:
            gathered[h].append(unit_id)
    hashed = sha256_hex(seed)
    picks: Picks = {}
    for h, name in enumerate(frame.names):
        ranked = sorted((ticket_of_value(int(sha256_hex(hashed + i), 16)), i) for i in gathered[h])
        picks[name] = [(i, t) for t, i in ranked[: wanted.get(name, 0)]]
    return picks, prefixes


def second_path(frame: Frame, prefixes: array[int], picks: Picks, seed: str) -> list[str]:
    """Recompute every stratum independently: gather each unit whose ticket prefix does not exceed the last kept
    ticket's prefix, rank them by a plain sort of full ticket strings, and compare. Returns the strata that differ."""
    cutoff = [int(picks[name][-1][1][2:6]) if picks.get(name) else -1 for name in frame.names]
    gathered: list[list[str]] = [[] for _ in frame.names]
    strata, ids = frame.strata, frame.ids
    for position, prefix in enumerate(prefixes):
        h = strata[position]
        if prefix <= cutoff[h]:
            gathered[h].append(ids[position])
    hashed = sha256_hex(seed)
    differing = []
    for h, name in enumerate(frame.names):
        plain = sorted((ticket_of_value(int(sha256_hex(hashed + i), 16)), i) for i in gathered[h])
        if [(i, t) for t, i in plain[: len(picks.get(name, []))]] != picks.get(name, []):
            differing.append(name)
    return differing
