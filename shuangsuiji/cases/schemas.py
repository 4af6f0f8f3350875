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


class StatementOut(Schema):
    stated_on: dt.date
    manner: str
    person: str
    person_role: str
    recorder: str
    statement: str
    opinion: str
    review_reasons: str
    reviewed_fine: int | None
    reviewed_on: dt.date | None


class AnswerPeriodOut(Schema):
    code: str
    label: str
    days: int
    ends: dt.date
    pending: bool


class WaiverOut(Schema):
    waived_on: dt.date
    by: str
    waiver: str


class WaiverIn(Schema):
    waived_on: dt.date
    person: str
    person_role: str
    waiver: str


class StatementIn(Schema):
    stated_on: dt.date
    manner: str
    person: str
    person_role: str
    recorder: str = ""
    statement: str


class StatementReviewIn(Schema):
    opinion: str
    reasons: str
    reviewed_fine: int | None = None


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
    statement: StatementOut | None
    answer_periods: list[AnswerPeriodOut]
    waiver: WaiverOut | None
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
    transferred_to: str = ""


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


class SettingsOut(Schema):
    """A bureau's 案件设置 (`is_default`: the bureau has no row, the platform's defaults apply)."""

    bureau_code: str
    is_default: bool
    hearing_threshold_organisation: int
    hearing_threshold_individual: int
    review_every_decision: bool
    review_after_hearing: bool
    major_fine_threshold: int
    collective_fine_threshold: int
    credit_on_severe: bool
    credit_fine_threshold: int
    credit_publish_workdays: int
    credit_months: int
    credit_repair_after_months: int
    credit_extended_months: int
    credit_risk_class: str
    credit_notice_workdays: int
    risk_problem_class: str
    risk_uncooperative_class: str
    risk_penalty_class: str
    risk_clean_run: int


class SettingsIn(Schema):
    """The settings to change; those left out keep their value."""

    hearing_threshold_organisation: int | None = None
    hearing_threshold_individual: int | None = None
    review_every_decision: bool | None = None
    review_after_hearing: bool | None = None
    major_fine_threshold: int | None = None
    collective_fine_threshold: int | None = None
    credit_on_severe: bool | None = None
    credit_fine_threshold: int | None = None
    credit_publish_workdays: int | None = None
    credit_months: int | None = None
    credit_repair_after_months: int | None = None
    credit_extended_months: int | None = None
    credit_risk_class: str | None = None
    credit_notice_workdays: int | None = None
    risk_problem_class: str | None = None
    risk_uncooperative_class: str | None = None
    risk_penalty_class: str | None = None
    risk_clean_run: int | None = None


class BandOut(Schema):
    id: int | None  # None: one of the platform's defaults, not yet the bureau's own row
    ref: str
    violation: str
    party_type: str
    law: str
    is_severe: bool
    label: str
    circumstances: str
    minimum: int
    maximum: int
    includes_minimum: bool
    includes_maximum: bool
    is_default: bool


class BandsOut(Schema):
    bureau_code: str
    uses_defaults: bool
    bands: list[BandOut]


class BandIn(Schema):
    violation: str
    party_type: str
    law: str
    is_severe: bool = False
    label: str
    circumstances: str = ""
    minimum: int
    maximum: int
    includes_minimum: bool = True
    includes_maximum: bool = True


class BandPatchIn(Schema):
    """The fields of a band to change; those left out keep their value."""

    violation: str | None = None
    party_type: str | None = None
    law: str | None = None
    is_severe: bool | None = None
    label: str | None = None
    circumstances: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    includes_minimum: bool | None = None
    includes_maximum: bool | None = None
