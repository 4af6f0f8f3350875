"""How inspection results and penalty decisions move a unit's credit-risk class (信用风险分类, seed 001 第十一条:
the next plan's draw uses higher ratios for C/D and lower ones for A). The rule is the bureau's configuration;
the defaults are the platform's assumption, not a published standard:

- an inspection that found a problem puts the unit at least in class C, one whose result is 不配合检查情节严重
  at least in D;
- a penalty decision puts it at least in C (a 统计严重失信 listing puts it in the listing's class, cases/credit);
- every `clean_run` inspections in a row without a problem (未发现问题) move it one class better, down to A, but
  never while the unit is on the 严重失信 list.

A class set to "" switches that part of the rule off; a `clean_run` of 0 never improves a class. A unit without
a class gets one when it gets worse, and stays without one otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuangsuiji.domain.units import RISK_CLASSES

ORDER: tuple[str, ...] = tuple(RISK_CLASSES)  # A (low risk) … D (high risk)


@dataclass(frozen=True)
class RiskRule:
    problem: str = "C"
    uncooperative: str = "D"
    penalty: str = "C"
    clean_run: int = 2


@dataclass(frozen=True)
class Change:
    """A new class and the reason, in Chinese, that goes into the unit's history."""

    risk_class: str
    reason: str


def _at_least(current: str, floor: str, reason: str) -> Change | None:
    if not floor or (current in ORDER and ORDER.index(current) >= ORDER.index(floor)):
        return None
    return Change(floor, f"{reason}，信用风险等级调整为 {floor}")


def after_inspection(
    current: str, *, problem: bool, uncooperative: bool, clean: bool, clean_in_a_row: int, listed: bool, rule: RiskRule
) -> Change | None:
    """The change one accepted inspection result makes, or None. `clean_in_a_row` counts this result too."""
    if uncooperative:
        return _at_least(current, rule.uncooperative, "检查结果为不配合检查情节严重") or (
            _at_least(current, rule.problem, "检查发现问题") if not rule.uncooperative else None
        )
    if problem:
        return _at_least(current, rule.problem, "检查发现问题")
    if not clean or listed or rule.clean_run <= 0 or current not in ORDER or current == ORDER[0]:
        return None
    if clean_in_a_row < rule.clean_run or clean_in_a_row % rule.clean_run:
        return None
    better = ORDER[ORDER.index(current) - 1]
    return Change(better, f"连续 {clean_in_a_row} 次检查未发现问题，信用风险等级调整为 {better}")


def after_penalty(current: str, rule: RiskRule) -> Change | None:
    """The change a penalty decision makes, or None."""
    return _at_least(current, rule.penalty, "作出行政处罚决定")
