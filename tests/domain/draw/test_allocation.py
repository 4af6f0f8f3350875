from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.domain.draw.allocation import allocate, class_total, hamilton


def test_the_spec_example_gives_65_30_5_0() -> None:
    rows = hamilton({"C13": 1234, "C14": 567, "F51": 89, "I65": 10}, 100, 0, "seed")
    assert [r.n for r in rows] == [65, 30, 5, 0]


def test_ratios_are_ceiled_per_class() -> None:
    assert class_total(60, [1, 100]) == 1
    assert class_total(200, [3, 100]) == 6
    assert class_total(201, [3, 100]) == 7
    assert class_total(5, [100, 100]) == 5


def test_a_minimum_per_stratum_is_honoured_up_to_the_stratum_size() -> None:
    rows = {r.stratum: r.n for r in hamilton({"a": 1000, "b": 3, "c": 1}, 10, 2, "s")}
    assert rows["b"] >= 2 and rows["c"] == 1 and sum(rows.values()) == 10


def test_everything_is_taken_when_n_exceeds_the_frame() -> None:
    rows = hamilton({"a": 3, "b": 4}, 50, 0, "s")
    assert [r.n for r in rows] == [3, 4]


def test_a_class_without_a_ratio_is_an_error() -> None:
    from shuangsuiji.domain.draw import DrawInputError

    with pytest.raises(DrawInputError, match="no ratio"):
        allocate({"E/x": 5}, {"ratios": {"A": [1, 2]}}, "s")


@given(
    st.dictionaries(st.text(alphabet="ABCDEF", min_size=1, max_size=3), st.integers(0, 500), min_size=1, max_size=12),
    st.integers(0, 2000),
    st.integers(0, 3),
)
def test_allocation_totals_are_exact_and_each_within_floor_and_ceil_of_its_quota(
    counts: dict[str, int], n: int, minimum: int
) -> None:
    mins = sum(min(minimum, v) for v in counts.values())
    if n < mins:
        return
    rows = hamilton(counts, n, minimum, "seed")
    assert sum(r.n for r in rows) == min(n, sum(counts.values()))
    for row in rows:
        assert row.n <= row.N
        if n < sum(counts.values()):
            assert Fraction(row.floor) <= row.quota < row.floor + 1
            assert row.n in (row.floor, row.floor + 1)
