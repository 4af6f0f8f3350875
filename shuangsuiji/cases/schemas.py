"""What the cases API reads and answers. The step inputs carry the same fields as the page forms; the services
check them, and a refusal answers {"detail": message, "errors": {field: message}}."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


class CaseOut(Schema):
    id: int
    bureau_code: str
    year: int
    number: int
    source: str
    unit_name: str
    unit_uscc: str
    violations: list[str]
    status: str
    status_label: str
    outcome: str
    opened_on: dt.date | None
    due_on: dt.date | None
    extended: bool
    proposed_fine: int | None
    decision_number: str
    decided_on: dt.date | None
    fine: int | None
    served_on: dt.date | None
    paid_on: dt.date | None
    late_fee: int
    closed_on: dt.date | None


class ReviewOut(Schema):
    id: int
    opinion: str
    reasons: str
    head_decision: str
    at: dt.datetime


class InterviewOut(Schema):
    id: int
    person: str
    person_role: str
    asker: str
    recorder: str
    started_at: dt.datetime
    ended_at: dt.datetime
    place: str
    transcript: str


class PreservationOut(Schema):
    id: int
    status: str
    items: list[str]
    reason: str
    place: str
    approved_on: dt.date | None
    preserved_on: dt.date | None
    decision_due_on: dt.date | None
    decision: str
    decision_note: str
    decided_on: dt.date | None


class HearingOut(Schema):
    right: bool
    requested_on: dt.date | None
    noticed_on: dt.date | None
    hearing_on: dt.date | None
    place: str
    chair: str
    held: bool
    party_attended: bool | None


class CaseDetailOut(CaseOut):
    facts: str
    handler_ids: list[int]
    is_major: bool
    collective_required: bool
    band: dict[str, Any]
    band_departure_reason: str
    decision_reasoning: str
    notified_on: dt.date | None
    hearing: HearingOut
    reviews: list[ReviewOut]
    interviews: list[InterviewOut]
    preservations: list[PreservationOut]


class CaseQuery(Schema):
    status: str = ""
    after: int | None = None
    limit: int = 100


class StatisticsOut(Schema):
    opened: int
    decisions: int
    penalties: int
    fines_total: int
    closed: int


class ProposeIn(Schema):
    unit_uscc: str
    source: str
    violations: list[str]
    violation_end: dt.date
    facts: str
    handler_ids: list[int]
    inspection_id: int | None = None


class ApproveIn(Schema):
    approve: bool
    reason: str = ""


class ReasonIn(Schema):
    reason: str


class InvestigationIn(Schema):
    report: str
    severe_reasons: list[str] = []
    proposed_fine: int
    reasoning: str
    band: str = ""
    departure_reason: str = ""


class ReviewIn(Schema):
    checklist: dict[str, bool]
    opinion: str
    reasons: str


class HeadDecisionIn(Schema):
    proceed: bool
    decision: str


class CollectiveIn(Schema):
    held_on: dt.date
    participants: str
    conclusion: str


class HearingRequestIn(Schema):
    requested_on: dt.date


class HearingNoticeIn(Schema):
    noticed_on: dt.date
    hearing_on: dt.date
    place: str
    chair: str


class HearingRecordIn(Schema):
    participants: str
    recorder: str
    party_attended: bool = True
    investigator_statement: str = ""
    party_statement: str = ""
    transcript: str


class DecideIn(Schema):
    fine: int
    reason: str = ""


class ServeIn(Schema):
    served_on: dt.date


class PaymentIn(Schema):
    paid_on: dt.date


class CloseIn(Schema):
    note: str


class CloseWithoutPenaltyIn(Schema):
    outcome: str
    reason: str


class InterviewIn(Schema):
    person: str
    person_role: str
    asker_id: int
    recorder_id: int
    started_at: dt.datetime
    ended_at: dt.datetime
    place: str
    transcript: str
    ids_shown: bool


class PreservationIn(Schema):
    items: list[str]
    reason: str
    place: str


class PreservationApproveIn(Schema):
    approve: bool
    opinion: str = ""


class PreservationCarryOutIn(Schema):
    preserved_on: dt.date


class PreservationDecideIn(Schema):
    decision: str
    note: str
    decided_on: dt.date
