"""Bad input is refused with a clear reason; substitutions follow the spec and verify replays them."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from shuangsuiji.domain.draw import (
    DrawInputError,
    current_groups,
    draw_areas,
    replace_inspector,
    run_draw,
    substitute_target,
    verify_result,
)
from tests.domain.draw.conftest import example_frame

PARAMS = {
    "algorithm": "DSR-1",
    "n": 6,
    "minimum_per_stratum": 0,
    "reserve_per_stratum": 2,
    "group_size": 2,
    "seed_fields": ["draw_id", "dice"],
}
ROWS = [(f"U{i:03d}", "A/x" if i % 2 else "B/y") for i in range(40)]
POOL = ["ZF01", "ZF02", "ZF03", "ZF04", "ZF05"]


def run(rows: Any = ROWS, params: Any = PARAMS, **extra: Any) -> dict[str, Any]:
    return run_draw(rows, params, draw_id="D-1", seed_inputs={"dice": "1234"}, **extra)


@pytest.mark.parametrize(
    ("rows", "params", "message"),
    [
        ([("A", "s"), ("A", "s")], PARAMS, "duplicate id"),
        ([("A,1", "s")], PARAMS, "forbidden character"),
        ([("A", "层")], PARAMS, "not ASCII"),
        (ROWS, {**PARAMS, "n": "6"}, '"n" must be'),
        (ROWS, {k: v for k, v in PARAMS.items() if k != "algorithm"}, "DSR-1"),
        (ROWS, {**{k: v for k, v in PARAMS.items() if k != "n"}, "ratios": {"A": [1.5, 2]}}, "integer pair"),
        (ROWS, {**PARAMS, "group_size": 1}, "at least 2"),
        (ROWS, {**PARAMS, "seed_fields": ["draw_id", "coin"]}, "seed field 'coin' has no value"),
    ],
)
def test_bad_input_is_refused_with_a_reason(rows: Any, params: Any, message: str) -> None:
    with pytest.raises(DrawInputError, match=message):
        run(rows, params)


def test_fewer_inspectors_than_k_is_an_error() -> None:
    with pytest.raises(DrawInputError, match="fewer than the group size"):
        run(inspectors=["ZF01"])


def test_a_substituted_target_takes_the_next_reserve_and_verifies() -> None:
    result = run(inspectors=POOL)
    target = result["targets"][0]
    stratum = next(c for c, s in result["strata"].items() if any(e["id"] == target for e in s["selected"]))
    updated, reserve = substitute_target(result, target, "注销")
    assert reserve == result["strata"][stratum]["reserve"][0]["id"]
    again, second = substitute_target(updated, reserve, "查无下落")
    assert second == result["strata"][stratum]["reserve"][1]["id"]
    assert verify_result(again, ROWS, POOL, set()) == []
    forged = copy.deepcopy(again)
    forged["substitutions"][0]["by"] = "U999"
    forged["result_sha256"] = __import__("shuangsuiji.domain.draw", fromlist=["result_sha256"]).result_sha256(forged)
    assert any("substitution 1" in p for p in verify_result(forged, ROWS, POOL, set()))


def test_an_inspector_is_replaced_by_the_first_available_one_in_ticket_order() -> None:
    result = run(inspectors=POOL)
    member = result["groups"][0][0]
    updated, substitute = replace_inspector(result, "", 0, member, "身体原因", set())
    expected = next(i for i in result["inspector_order"] if i not in result["groups"][0])
    assert substitute == expected
    assert member not in current_groups(updated)[0] and substitute in current_groups(updated)[0]
    assert verify_result(updated, ROWS, POOL, set()) == []


def test_verify_catches_every_kind_of_tampering(vectors: dict[str, Any]) -> None:
    rows = example_frame()
    result = run_draw(
        rows,
        json.loads(vectors["params_canonical_json"]),
        draw_id="PUBLIC-EXAMPLE-2026-01",
        seed_inputs={"dice": "27182818284590452353"},
    )
    assert verify_result(result, rows) == []
    stratum = next(iter(result["strata"].values()))
    cases = []
    changed_ticket = copy.deepcopy(result)
    next(iter(changed_ticket["strata"].values()))["selected"][0]["ticket"] = "0.1"
    cases.append(("ticket", changed_ticket, rows))
    swapped = copy.deepcopy(result)
    swapped["targets"][0], swapped["targets"][1] = swapped["targets"][1], swapped["targets"][0]
    cases.append(("swap", swapped, rows))
    seed = copy.deepcopy(result)
    seed["seed_inputs"]["dice"] = "27182818284590452354"
    cases.append(("seed", seed, rows))
    cases.append(("added unit", result, [*rows, ("P99999", "A/C13/140522")]))
    cases.append(("removed unit", result, [r for r in rows if r[0] != stratum["reserve"][0]["id"]]))
    hashed = copy.deepcopy(result)
    hashed["result_sha256"] = "0" * 64
    cases.append(("result hash", hashed, rows))
    for name, tampered, frame in cases:
        assert verify_result(tampered, frame), f"{name} was not caught"


def test_multi_stage_area_draws_take_the_smallest_area_tickets() -> None:
    areas = draw_areas(["140522", "140581", "140525", "140521"], 2, "S")
    assert len(areas) == 2 and areas[0]["ticket"] < areas[1]["ticket"]
    with pytest.raises(DrawInputError):
        draw_areas(["1", "1"], 1, "S")
