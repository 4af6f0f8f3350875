"""The risk-class rule: a problem raises the class to the rule's floor, a run of clean results lowers it one class
(never while listed, never below A), a class of "" switches a part off."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.domain.risk import ORDER, RiskRule, after_inspection, after_penalty

RULE = RiskRule()


def _after(current: str, **flags: object) -> str | None:
    values = {"problem": False, "uncooperative": False, "clean": False, "clean_in_a_row": 0, "listed": False}
    change = after_inspection(current, rule=flags.pop("rule", RULE), **{**values, **flags})  # type: ignore[arg-type]
    return change.risk_class if change else None


def test_a_problem_raises_the_class_to_the_floor_and_never_lowers_it() -> None:
    assert _after("A", problem=True) == "C" and _after("B", problem=True) == "C"
    assert _after("C", problem=True) is None and _after("D", problem=True) is None
    assert _after("", problem=True) == "C"  # a unit without a class gets one
    assert _after("B", uncooperative=True, problem=True) == "D"
    assert _after("B", problem=True, rule=RiskRule(problem="")) is None
    # with the uncooperative part switched off, the result still counts as a problem
    assert _after("A", uncooperative=True, problem=True, rule=RiskRule(uncooperative="")) == "C"


def test_a_run_of_clean_results_lowers_the_class_one_step_per_run() -> None:
    assert _after("C", clean=True, clean_in_a_row=1) is None
    change = after_inspection(
        "C", problem=False, uncooperative=False, clean=True, clean_in_a_row=2, listed=False, rule=RULE
    )
    assert change is not None and change.risk_class == "B" and "连续 2 次检查未发现问题" in change.reason
    assert _after("C", clean=True, clean_in_a_row=3) is None and _after("B", clean=True, clean_in_a_row=4) == "A"
    assert _after("A", clean=True, clean_in_a_row=2) is None and _after("", clean=True, clean_in_a_row=2) is None
    assert _after("D", clean=True, clean_in_a_row=2, listed=True) is None
    assert _after("C", clean=True, clean_in_a_row=2, rule=RiskRule(clean_run=0)) is None


def test_a_penalty_raises_the_class_to_the_rule_s_floor() -> None:
    assert after_penalty("A", RULE).risk_class == "C"  # type: ignore[union-attr]
    assert after_penalty("D", RULE) is None and after_penalty("A", RiskRule(penalty="")) is None


@given(
    current=st.sampled_from(["", *ORDER]),
    problem=st.booleans(),
    uncooperative=st.booleans(),
    run=st.integers(0, 12),
    listed=st.booleans(),
    floor=st.sampled_from(["", *ORDER]),
    clean_run=st.integers(0, 4),
)
def test_a_result_moves_the_class_at_most_in_its_own_direction(
    current: str, problem: bool, uncooperative: bool, run: int, listed: bool, floor: str, clean_run: int
) -> None:
    rule = RiskRule(problem=floor, uncooperative=floor, penalty=floor, clean_run=clean_run)
    bad = problem or uncooperative
    new = _after(
        current, problem=bad, uncooperative=uncooperative, clean=not bad, clean_in_a_row=run, listed=listed, rule=rule
    )
    if new is None:
        return
    if bad:
        assert current not in ORDER or ORDER.index(new) > ORDER.index(current)
    else:
        assert not listed and ORDER.index(new) == ORDER.index(current) - 1
