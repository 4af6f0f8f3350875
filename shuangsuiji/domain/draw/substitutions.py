"""Changes after confirmation, appended to the result and re-checkable (draw-spec §6 and §7):

- a target found out of scope is replaced by the next unused reserve of its stratum;
- an inspector who cannot go is replaced by the first eligible, non-conflicted inspector of the same ticket order
  who is not already in that group.
Each entry records its reason; verify replays them in order.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from shuangsuiji.domain.draw.engine import result_sha256
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.inspectors import replacement


def _stratum_of(result: Mapping[str, Any], target: str) -> str:
    used = used_reserves(result)
    for code, stratum in result["strata"].items():
        if any(e["id"] == target for e in stratum["selected"]):
            return str(code)
        if target in used and any(e["id"] == target for e in stratum["reserve"]):
            return str(code)
    raise DrawInputError(f"{target!r} is not a selected target of this draw")


def used_reserves(result: Mapping[str, Any]) -> set[str]:
    return {s["by"] for s in result["substitutions"] if s["kind"] == "target"}


def replaced_targets(result: Mapping[str, Any]) -> set[str]:
    return {s["replaced"] for s in result["substitutions"] if s["kind"] == "target"}


def next_reserve(result: Mapping[str, Any], stratum: str) -> str:
    used = used_reserves(result)
    for entry in result["strata"][stratum]["reserve"]:
        if entry["id"] not in used:
            return str(entry["id"])
    raise DrawInputError(f"stratum {stratum!r} has no unused reserve left")


def substitute_target(result: Mapping[str, Any], target: str, reason: str) -> tuple[dict[str, Any], str]:
    """A new result with `target` replaced by its stratum's next unused reserve; returns (result, reserve id)."""
    if not reason.strip():
        raise DrawInputError("a substitution needs a reason")
    if target in replaced_targets(result):
        raise DrawInputError(f"{target!r} has already been replaced")
    stratum = _stratum_of(result, target)
    reserve = next_reserve(result, stratum)
    updated = copy.deepcopy(dict(result))
    updated["substitutions"].append(
        {
            "seq": len(updated["substitutions"]) + 1,
            "kind": "target",
            "stratum": stratum,
            "replaced": target,
            "by": reserve,
            "reason": reason,
        }
    )
    updated["result_sha256"] = result_sha256(updated)
    return updated, reserve


def replace_inspector(
    result: Mapping[str, Any],
    department: str,
    group_index: int,
    inspector: str,
    reason: str,
    conflicts: Collection[tuple[str, str]],
    unavailable: Collection[str] = (),
) -> tuple[dict[str, Any], str]:
    """A new result with `inspector` of group `group_index` (of the lead, or of a partner department) replaced."""
    if not reason.strip():
        raise DrawInputError("a replacement needs a reason")
    part = result if not department else result.get("departments", {}).get(department)
    if part is None:
        raise DrawInputError(f"no inspector draw for department {department!r}")
    groups = current_groups(result, department)
    if not 0 <= group_index < len(groups) or inspector not in groups[group_index]:
        raise DrawInputError(f"{inspector!r} is not a member of group {group_index}")
    unavailable = sorted(set(unavailable))
    gone = set(unavailable) | replaced_inspectors(result) | {inspector}
    targets = [a["target"] for a in part["assignment"] if a["group"] == group_index]
    substitute = replacement(part["inspector_order"], groups[group_index], gone, targets, conflicts)
    updated = copy.deepcopy(dict(result))
    updated["substitutions"].append(
        {
            "seq": len(updated["substitutions"]) + 1,
            "kind": "inspector",
            "department": department,
            "group": group_index,
            "replaced": inspector,
            "by": substitute,
            "unavailable": unavailable,
            "reason": reason,
        }
    )
    updated["result_sha256"] = result_sha256(updated)
    return updated, substitute


def replaced_inspectors(result: Mapping[str, Any]) -> set[str]:
    return {s["replaced"] for s in result["substitutions"] if s["kind"] == "inspector"}


def current_groups(result: Mapping[str, Any], department: str = "") -> list[list[str]]:
    """The groups after the inspector replacements recorded so far."""
    part = result if not department else result["departments"][department]
    groups = [list(g) for g in part["groups"]]
    for entry in result["substitutions"]:
        if entry["kind"] == "inspector" and entry.get("department", "") == department:
            members = groups[entry["group"]]
            members[members.index(entry["replaced"])] = entry["by"]
    return groups
