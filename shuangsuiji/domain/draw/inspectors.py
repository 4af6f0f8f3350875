"""DSR-1 §7: inspectors in ticket order, groups of at least k, assignment of targets with 回避 conflicts, and the
replacement of an inspector who cannot go."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from shuangsuiji.domain.draw.canonical import clean_id
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.tickets import order_ids

INSPECTOR_DOMAIN = "|INSPECTORS"


def inspector_seed(seed: str, department: str = "") -> str:
    """S + "|INSPECTORS" for the lead's pool; S + "|INSPECTORS|" + code for a partner department (joint task)."""
    return seed + INSPECTOR_DOMAIN + (f"|{department}" if department else "")


def clean_pool(ids: Sequence[str]) -> list[str]:
    pool = [clean_id(i) for i in ids]
    seen: set[str] = set()
    for inspector in pool:
        if inspector in seen:
            raise DrawInputError(f"duplicate inspector id {inspector!r}")
        seen.add(inspector)
    return pool


def make_groups(order: Sequence[str], k: int) -> list[list[str]]:
    """G = floor(m/k) groups; the inspector at position p joins group p mod G (an error when G = 0)."""
    if k < 2:
        raise DrawInputError("group_size (k) must be at least 2")
    count = len(order) // k
    if count == 0:
        raise DrawInputError(f"{len(order)} inspectors are fewer than the group size k = {k}")
    groups: list[list[str]] = [[] for _ in range(count)]
    for position, inspector in enumerate(order):
        groups[position % count].append(inspector)
    return groups


def assign(
    targets: Sequence[str], groups: Sequence[Sequence[str]], conflicts: Collection[tuple[str, str]]
) -> list[dict[str, object]]:
    """Target j goes to group j mod G, or the next group without a conflicted member; None when none is free."""
    count = len(groups)
    conflicted = {unit for _, unit in conflicts}
    rows: list[dict[str, object]] = []
    for j, target in enumerate(targets):
        if target not in conflicted:  # no 回避 relation at all: the base rotation
            rows.append({"target": target, "group": j % count})
            continue
        chosen = None
        for step in range(count):
            index = (j + step) % count
            if not any((member, target) in conflicts for member in groups[index]):
                chosen = index
                break
        rows.append({"target": target, "group": chosen})
    return rows


def draw_inspectors(
    pool: Sequence[str],
    seed: str,
    k: int,
    targets: Sequence[str],
    conflicts: Collection[tuple[str, str]],
    department: str = "",
) -> dict[str, object]:
    """Order, groups and assignment of one pool."""
    order = order_ids(clean_pool(pool), inspector_seed(seed, department))
    groups = make_groups(order, k)
    return {"inspector_order": order, "groups": groups, "assignment": assign(targets, groups, conflicts)}


def replacement(
    order: Sequence[str],
    group: Sequence[str],
    unavailable: Collection[str],
    group_targets: Sequence[str],
    conflicts: Collection[tuple[str, str]],
) -> str:
    """The first inspector of the ticket order who is available, not already in the group and has no conflict with
    the group's targets (§7 Replacement)."""
    for candidate in order:
        if candidate in group or candidate in unavailable:
            continue
        if any((candidate, target) in conflicts for target in group_targets):
            continue
        return candidate
    raise DrawInputError("no eligible inspector is left to replace the unavailable one")
