"""Properties of the draw (hypothesis) and a cross-check against the independent consistent_sampler package."""

from __future__ import annotations

import random

from consistent_sampler import sampler
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangsuiji.domain.draw import run_draw, verify_result
from shuangsuiji.domain.draw.frame import build_frame
from shuangsuiji.domain.draw.selection import select

PARAMS = {
    "algorithm": "DSR-1",
    "ratios": {"A": [1, 10], "B": [2, 10], "C": [3, 10], "D": [5, 10]},
    "minimum_per_stratum": 0,
    "reserve_per_stratum": 2,
    "group_size": 2,
    "seed_fields": ["draw_id", "dice"],
}


def frame(size: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(f"U{i:06d}", f"{rng.choice('ABCD')}/{rng.choice(['C13', 'F51', 'I65'])}") for i in range(size)]


def draw(rows: list[tuple[str, str]], params: dict = PARAMS, **extra: object) -> dict:
    return run_draw(rows, params, draw_id="T-1", seed_inputs={"dice": "12345678901234567890"}, **extra)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(st.integers(20, 300), st.integers(0, 10_000))
def test_each_stratum_equals_consistent_sampler(size: int, seed: int) -> None:
    rows = frame(size, seed)
    result = draw(rows)
    S = result["seed_string"]
    for code, stratum in result["strata"].items():
        ids = [i for i, s in rows if s == code]
        take = stratum["n"] + PARAMS["reserve_per_stratum"]
        expected = list(sampler(ids, seed=S, take=min(take, len(ids)), output="id"))
        assert [e["id"] for e in stratum["selected"] + stratum["reserve"]] == expected


@settings(max_examples=25, deadline=None)
@given(st.integers(10, 200), st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_frame_row_order(size: int, seed: int, rng: random.Random) -> None:
    rows = frame(size, seed)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    assert draw(rows)["result_sha256"] == draw(shuffled)["result_sha256"]


@settings(max_examples=25, deadline=None)
@given(st.integers(30, 200), st.integers(0, 10_000), st.data())
def test_adding_or_removing_a_non_selected_unit_never_changes_a_selection_with_fixed_n(
    size: int, seed: int, data: st.DataObject
) -> None:
    rows = sorted(frame(size, seed))
    wanted = {s: 3 for _, s in rows}
    seed_string = "T-1|12345678901234567890"
    base = select(build_frame(rows), wanted, seed_string).picks
    chosen = {i for picks in base.values() for i, _ in picks}
    others = [r for r in rows if r[0] not in chosen]
    if others:
        removed = data.draw(st.sampled_from(others))
        after = select(build_frame([r for r in rows if r != removed]), wanted, seed_string).picks
        assert after == base
    newcomer = (f"X{seed:06d}", data.draw(st.sampled_from(sorted(wanted))))
    after = select(build_frame([*rows, newcomer]), wanted, seed_string).picks
    if all(newcomer[0] != i for picks in after.values() for i, _ in picks):
        assert after == base


@settings(max_examples=25, deadline=None)
@given(st.integers(30, 200), st.integers(0, 10_000))
def test_a_larger_n_extends_a_smaller_one(size: int, seed: int) -> None:
    rows = frame(size, seed)
    small = draw(rows, {**{k: v for k, v in PARAMS.items() if k != "ratios"}, "n": 5})
    large = draw(rows, {**{k: v for k, v in PARAMS.items() if k != "ratios"}, "n": 15})
    for code, stratum in small["strata"].items():
        bigger = [e["id"] for e in large["strata"][code]["selected"]]
        mine = [e["id"] for e in stratum["selected"]]
        assert bigger[: len(mine)] == mine or len(bigger) < len(mine)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 15), st.integers(2, 4), st.integers(0, 10_000), st.data())
def test_groups_have_at_least_k_members_and_no_assigned_group_has_a_conflict(
    inspectors: int, k: int, seed: int, data: st.DataObject
) -> None:
    if inspectors < k:
        return
    rows = frame(80, seed)
    pool = [f"ZF{i:03d}" for i in range(inspectors)]
    ids = [r[0] for r in rows]
    conflicts = set(data.draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(ids)), max_size=40)))
    result = draw(rows, {**PARAMS, "group_size": k}, inspectors=pool, conflicts=conflicts)
    assert all(len(g) >= k for g in result["groups"])
    for row in result["assignment"]:
        if row["group"] is not None:
            assert not any((m, row["target"]) in conflicts for m in result["groups"][row["group"]])
    assert verify_result(result, rows, pool, conflicts) == []
