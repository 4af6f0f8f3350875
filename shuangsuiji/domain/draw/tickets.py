"""DSR-1 §4: tickets and their order.

ticket(id, S) = "0." + reverse(format(int(H(H(S) + id), 16), "064d")). The ticket's leading digits are the
integer's least significant decimal digits, so `value % 10**k` reversed gives its first k digits exactly — the
fast path orders by those (a 4-digit prefix to skip most units cheaply, then 19 digits, then the full ticket).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from shuangsuiji.domain.draw.canonical import sha256_hex

PREFIX_DIGITS = 4
PREFIX_MOD = 10**PREFIX_DIGITS
KEY_MOD = 10**19
# PREFIX_TABLE[m] = the integer whose 4 digits are m's 4 digits (zero-padded) reversed: the ticket's first 4 digits.
PREFIX_TABLE = [int(f"{m:04d}"[::-1]) for m in range(PREFIX_MOD)]


def ticket_of_value(value: int) -> str:
    return "0." + format(value, "064d")[::-1]


def sha256_uniform(text: str) -> str:
    """Rivest's sha256_uniform: "0." + reversed decimal digits of int(H(text), 16), padded to 64 digits."""
    return ticket_of_value(int(sha256_hex(text), 16))


def ticket(unit_id: str, seed: str) -> str:
    """The ticket of one id under seed string S (the slow, plain formula used for display and checks)."""
    return sha256_uniform(sha256_hex(seed) + unit_id)


def key19(value: int) -> int:
    """The ticket's first 19 digits as an integer (fits a uint64)."""
    return int(f"{value % KEY_MOD:019d}"[::-1])


def hasher(seed: str, domain: str = "") -> Callable[[str], int]:
    """A function id -> int(H(H(seed + domain) + id)), reusing the hashed prefix for speed."""
    base = hashlib.sha256(sha256_hex(seed + domain).encode("ascii"))

    def value(unit_id: str) -> int:
        h = base.copy()
        h.update(unit_id.encode("utf-8"))
        return int.from_bytes(h.digest(), "big")

    return value


def order_ids(ids: list[str], seed: str) -> list[str]:
    """Ids in ticket order (ties by id in byte order) — the plain path, for small lists such as inspectors."""
    return sorted(ids, key=lambda i: (ticket(i, seed), i.encode("utf-8")))
