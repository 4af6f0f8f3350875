"""The penalty calculator: 从旧兼从轻, party types, 情节严重 (including 3 orders to correct in a year), limitation,
late fees and the hearing threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.domain import penalties as p

D = dt.date


def test_a_violation_after_the_2024_amendment_uses_the_2024_caps() -> None:
    proposal = p.propose(
        codes=["false_data"],
        party=p.ORGANISATION,
        severe_reasons=[],
        violation_end=D(2025, 3, 1),
        decided_on=D(2025, 6, 1),
    )
    assert (proposal.law, proposal.minimum, proposal.maximum) == ("2024", 0, 100_000)
    assert "第四十四条" in proposal.articles[0]


def test_an_older_violation_decided_now_stays_under_the_lighter_2009_law() -> None:
    proposal = p.propose(
        codes=["false_data"],
        party=p.ORGANISATION,
        severe_reasons=[],
        violation_end=D(2024, 5, 1),
        decided_on=D(2025, 1, 10),
    )
    assert (proposal.law, proposal.maximum) == ("2009", 50_000) and "从旧" in proposal.law_reason
    assert "第四十一条" in proposal.articles[0]
    severe = p.propose(
        codes=["obstruct"],
        party=p.ORGANISATION,
        severe_reasons=["violence"],
        violation_end=D(2024, 5, 1),
        decided_on=D(2025, 1, 10),
    )
    assert (severe.law, severe.minimum, severe.maximum, severe.severe) == ("2009", 50_000, 200_000, True)


def test_individual_businesses_have_their_own_caps_and_no_ledger_fine() -> None:
    late = p.propose(
        codes=["late"], party=p.INDIVIDUAL, severe_reasons=[], violation_end=D(2025, 3, 1), decided_on=D(2025, 4, 1)
    )
    assert late.maximum == 1_000
    ledger = p.propose(
        codes=["no_ledger"],
        party=p.INDIVIDUAL,
        severe_reasons=[],
        violation_end=D(2025, 3, 1),
        decided_on=D(2025, 4, 1),
    )
    assert not ledger.fine_allowed and "没有罚款规定" in ledger.notes[0]
    with pytest.raises(p.PenaltyError, match="不能处以罚款"):
        p.check_fine(ledger, 500)


def test_three_orders_to_correct_in_a_year_make_it_severe() -> None:
    proposal = p.propose(
        codes=["false_data"],
        party=p.ORGANISATION,
        severe_reasons=[],
        violation_end=D(2025, 3, 1),
        decided_on=D(2025, 6, 1),
        corrections_in_year=3,
    )
    assert proposal.severe and (proposal.minimum, proposal.maximum) == (100_000, 500_000)
    with pytest.raises(p.PenaltyError, match="不得低于"):
        p.check_fine(proposal, 50_000)
    assert not p.propose(
        codes=["false_data"],
        party=p.ORGANISATION,
        severe_reasons=[],
        violation_end=D(2025, 3, 1),
        decided_on=D(2025, 6, 1),
        corrections_in_year=2,
    ).severe


def test_limitation_late_fee_and_hearing_threshold() -> None:
    assert p.within_limitation(D(2024, 2, 29), D(2026, 2, 28)) and not p.within_limitation(D(2024, 3, 1), D(2026, 3, 2))
    assert p.late_fee(10_000, D(2025, 1, 16), D(2025, 1, 16)) == 0
    assert p.late_fee(10_000, D(2025, 1, 16), D(2025, 1, 20)) == 1_200
    assert p.late_fee(10_000, D(2025, 1, 16), D(2025, 6, 1)) == 10_000  # capped at the fine
    thresholds = {p.ORGANISATION: 50_000, p.INDIVIDUAL: 2_000}
    assert p.hearing_right(50_000, p.ORGANISATION, thresholds) and not p.hearing_right(
        49_999, p.ORGANISATION, thresholds
    )
    assert p.hearing_right(2_000, p.INDIVIDUAL, thresholds)
    assert p.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
