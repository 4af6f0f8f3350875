"""DSR-1 §5: how many units each stratum gives — per risk class with ceil, then Hamilton (largest remainder)
within the class, with an optional minimum per stratum and ticket tie-breaks. Exact integer arithmetic only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.tickets import ticket


@dataclass(frozen=True)
class AllocationRow:
    """One line of the published allocation table."""

    stratum: str
    N: int
    quota: Fraction
    floor: int
    remainder: int
    tie_ticket: str
    n: int

    def as_dict(self) -> dict[str, object]:
        return {
            "stratum": self.stratum,
            "N": self.N,
            "quota": _fraction_text(self.quota),
            "floor": self.floor,
            "remainder": self.remainder,
            "tie_ticket": self.tie_ticket,
            "n": self.n,
        }


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def risk_class(stratum: str) -> str:
    """The risk class of a stratum is its first `/`-separated component (when ratios are used)."""
    return stratum.split("/", 1)[0]


def class_total(size: int, ratio: list[int]) -> int:
    """n_c = min(N_c, ceil(N_c·a/b))."""
    a, b = ratio
    return min(size, (size * a + b - 1) // b)


def hamilton(counts: Mapping[str, int], n: int, minimum: int, seed: str) -> list[AllocationRow]:
    """Largest remainder over the given strata for a total of n (§5 steps 1–3)."""
    strata = sorted(counts)
    mins = {h: min(minimum, counts[h]) for h in strata}
    capacity = {h: counts[h] - mins[h] for h in strata}
    total_capacity = sum(capacity.values())
    r = n - sum(mins.values())
    tie = {h: ticket("STRATUM:" + h, seed) for h in strata}
    if r >= total_capacity:
        return [AllocationRow(h, counts[h], Fraction(counts[h]), counts[h], 0, tie[h], counts[h]) for h in strata]
    if r < 0:
        raise DrawInputError(f"the minimum per stratum needs {sum(mins.values())} units but only {n} are to be drawn")
    floors = {h: mins[h] + (r * capacity[h]) // total_capacity for h in strata}
    remainders = {h: (r * capacity[h]) % total_capacity for h in strata}
    leftover = n - sum(floors.values())
    ranked = sorted(strata, key=lambda h: (-remainders[h], tie[h]))
    extra = set(ranked[:leftover])
    return [
        AllocationRow(
            h,
            counts[h],
            mins[h] + Fraction(r * capacity[h], total_capacity),
            floors[h],
            remainders[h],
            tie[h],
            floors[h] + (1 if h in extra else 0),
        )
        for h in strata
    ]


def allocate(counts: Mapping[str, int], params: Mapping[str, object], seed: str) -> list[AllocationRow]:
    """The allocation table of a frame with per-stratum counts under the params (ratios per class, or total n)."""
    minimum = int(params.get("minimum_per_stratum", 0))  # type: ignore[call-overload]
    if "n" in params:
        return hamilton(counts, int(params["n"]), minimum, seed)  # type: ignore[call-overload]
    ratios = params["ratios"]
    assert isinstance(ratios, dict)
    rows: list[AllocationRow] = []
    by_class: dict[str, dict[str, int]] = {}
    for stratum, size in counts.items():
        by_class.setdefault(risk_class(stratum), {})[stratum] = size
    for risk, strata in by_class.items():
        if risk not in ratios:
            raise DrawInputError(f"no ratio is given for risk class {risk!r} (stratum {sorted(strata)[0]!r})")
        rows.extend(hamilton(strata, class_total(sum(strata.values()), ratios[risk]), minimum, seed))
    return sorted(rows, key=lambda row: row.stratum)
