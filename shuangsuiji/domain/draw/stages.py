"""DSR-1 §6 multi-stage (area) draws: province → city → county → unit, each stage the same primitive with a
domain prefix — the areas with the smallest ticket("AREA:" + 区划代码, S) among the eligible ones."""

from __future__ import annotations

from collections.abc import Sequence

from shuangsuiji.domain.draw.canonical import clean_id
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.tickets import ticket


def draw_areas(areas: Sequence[str], count: int, seed: str) -> list[dict[str, str]]:
    """The `count` eligible areas with the smallest area tickets, in ticket order, with their tickets."""
    codes = [clean_id(a) for a in areas]
    if len(set(codes)) != len(codes):
        raise DrawInputError("duplicate area code")
    if count < 0:
        raise DrawInputError("the number of areas must not be negative")
    ranked = sorted(((ticket("AREA:" + code, seed), code) for code in codes), key=lambda t: (t[0], t[1]))
    return [{"area": code, "ticket": t} for t, code in ranked[:count]]
