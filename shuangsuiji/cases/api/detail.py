"""What the cases API answers about one case: its fields, and the detail with reviews, interviews, preservations,
the hearing and the party's statement."""

from __future__ import annotations

from typing import Any

from shuangsuiji.cases import services
from shuangsuiji.cases.models import Case, EvidencePreservation, HearingRecord
from shuangsuiji.cases.schemas import (
    AnswerPeriodOut,
    CaseDetailOut,
    HearingOut,
    InterviewOut,
    PreservationOut,
    ReviewOut,
    StatementOut,
    WaiverOut,
)


def case_fields(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "bureau_code": case.bureau.code,
        "year": case.year,
        "number": case.number,
        "source": case.source,
        "unit_name": case.unit.name,
        "unit_uscc": case.unit.uscc,
        "violations": list(case.violations),
        "status": case.status,
        "status_label": case.get_status_display(),
        "outcome": case.outcome,
        "opened_on": case.opened_on,
        "due_on": case.due_on,
        "extended": case.extended,
        "proposed_fine": case.proposed_fine,
        "decision_number": case.decision_number,
        "decided_on": case.decided_on,
        "fine": case.fine,
        "served_on": case.served_on,
        "paid_on": case.paid_on,
        "late_fee": case.late_fee,
        "closed_on": case.closed_on,
    }


def _preservation(p: EvidencePreservation) -> PreservationOut:
    return PreservationOut(
        id=p.pk,
        status=p.status,
        items=list(p.items),
        reason=p.reason,
        place=p.place,
        approved_on=p.approved_on,
        preserved_on=p.preserved_on,
        decision_due_on=services.decision_due_on(p),
        decision=p.decision,
        decision_note=p.decision_note,
        decided_on=p.decided_on,
    )


def case_detail(case: Case) -> CaseDetailOut:
    record = HearingRecord.objects.filter(case=case).first()
    hearing = HearingOut(
        right=case.hearing_right,
        requested_on=case.hearing_requested_on,
        noticed_on=case.hearing_noticed_on,
        hearing_on=case.hearing_on,
        place=case.hearing_place,
        chair=case.hearing_chair,
        held=record is not None,
        party_attended=record.party_attended if record else None,
    )
    said = services.statement_of(case)
    statement = None
    if said is not None:
        statement = StatementOut(
            stated_on=said.stated_on,
            manner=said.manner,
            person=said.person,
            person_role=said.person_role,
            recorder=said.recorder,
            statement=said.statement,
            opinion=said.opinion,
            review_reasons=said.review_reasons,
            reviewed_fine=said.reviewed_fine,
            reviewed_on=said.reviewed_on,
        )
    waiver = None
    if case.rights_waived_on:
        waiver = WaiverOut(waived_on=case.rights_waived_on, by=case.rights_waived_by, waiver=case.rights_waiver)
    return CaseDetailOut(
        **case_fields(case),
        statement=statement,
        answer_periods=[AnswerPeriodOut(**period) for period in services.answer_periods(case)],
        waiver=waiver,
        facts=case.facts,
        handler_ids=sorted(h.pk for h in case.handlers.all()),
        is_major=case.is_major,
        collective_required=case.collective_required,
        band=case.band,
        band_departure_reason=case.band_departure_reason,
        decision_reasoning=case.decision_reasoning,
        notified_on=case.notified_on,
        hearing=hearing,
        reviews=[
            ReviewOut(id=r.pk, opinion=r.opinion, reasons=r.reasons, head_decision=r.head_decision, at=r.at)
            for r in case.reviews.order_by("at")
        ],
        interviews=[
            InterviewOut(
                id=i.pk,
                person=i.person,
                person_role=i.person_role,
                asker=i.asker.name,
                recorder=i.recorder.name,
                started_at=i.started_at,
                ended_at=i.ended_at,
                place=i.place,
                transcript=i.transcript,
            )
            for i in case.interviews.select_related("asker", "recorder")
        ],
        preservations=[_preservation(p) for p in case.preservations.all()],
    )
