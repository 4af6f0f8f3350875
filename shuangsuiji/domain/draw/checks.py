"""Acceptance checks run before a result is returned (draw-spec §8): counts equal the allocation, no duplicates,
every stratum recomputed by a second code path, and a uniformity check of the selection against frame order
(reported, never fatal)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shuangsuiji.domain.draw.errors import DrawInputError

BINS = 10
CHI2_CRITICAL_9DF_0_001 = Fraction(2788, 100)


class AcceptanceError(DrawInputError):
    """The engine's own result failed an acceptance check — never published."""


def acceptance(
    result: Mapping[str, Any], differing: list[str], positions: Sequence[int] | NDArray[np.int64], frame_count: int
) -> dict[str, Any]:
    """The checks of the result; `positions` are the frame positions (canonical order) of the targets."""
    strata = result["strata"]
    counts_ok = all(len(s["selected"]) == s["n"] for s in strata.values())
    ids = [e["id"] for s in strata.values() for key in ("selected", "reserve") for e in s[key]]
    unique_ok = len(ids) == len(set(ids))
    if not counts_ok:
        raise AcceptanceError("acceptance check failed: selected counts differ from the allocation")
    if not unique_ok:
        raise AcceptanceError("acceptance check failed: a unit was picked twice")
    if differing:
        raise AcceptanceError(f"acceptance check failed: the second code path disagrees in {', '.join(differing)}")
    return {
        "counts_match_allocation": True,
        "no_duplicates": True,
        "second_path_agrees": True,
        "uniformity": uniformity(positions, frame_count),
    }


def uniformity(positions: Sequence[int] | NDArray[np.int64], frame_count: int) -> dict[str, Any]:
    """Chi-square of the selected units' positions in the canonical frame over 10 equal bins (9 degrees of
    freedom); flagged, not fatal, above the 0.1% critical value 27.88."""
    if len(positions) < 5 * BINS:
        return {"bins": BINS, "selected": len(positions), "chi2": None, "note": "too few selected units to test"}
    observed = [0] * BINS
    for position in positions:
        observed[int(position) * BINS // frame_count] += 1
    expected = Fraction(len(positions), BINS)
    chi2 = sum((Fraction(o) - expected) ** 2 / expected for o in observed)
    return {
        "bins": BINS,
        "selected": len(positions),
        "observed": observed,
        "chi2": f"{float(chi2):.3f}",
        "flagged": chi2 > CHI2_CRITICAL_9DF_0_001,
    }
