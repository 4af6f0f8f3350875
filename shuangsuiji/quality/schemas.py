"""API shapes of data-quality monitoring."""

from __future__ import annotations

from ninja import Schema


class FindingOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    uscc: str
    period: str
    rule: str
    rule_label: str
    indicator: str | None
    explanation: str
    score: float
    status: str
    department: str | None


class ReviewIn(Schema):
    outcome: str
    note: str
    corrected_value: str | None = None


class CandidateOut(Schema):
    unit_id: int
    unit_name: str
    uscc: str
    reason: str
    source_ref: str


class ErrorOut(Schema):
    detail: str
