"""From the decision to the end of the case: 行政处罚决定 (refused without a clearing 法制审核, before the prior
notice, past the time limit, before a requested hearing, before the review of a 陈述申辩, above the notified or
reviewed fine, or outside the 裁量基准 band without a reason) and its publication, 送达, 缴纳 with the late fee, 结案, the other outcomes and revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import Case, HearingRecord
from shuangsuiji.cases.services.common import (
    CaseError,
    S,
    _event,
    _expect,
    _locked,
    _require_handler,
    _require_head,
    _today,
)
from shuangsuiji.cases.services.hearing import missing_hearing_record
from shuangsuiji.cases.services.preservation import pending_preservations
from shuangsuiji.cases.services.statements import check_answer_periods, check_decided_fine
from shuangsuiji.cases.services.steps import _cleared, hearing_review_pending, proposal_for
from shuangsuiji.domain import penalties
from shuangsuiji.domain.masking import mask_person


def _outside_band(case: Case, fine: int, reason: str) -> str:
    """The reason for a decided fine outside the case's band: given now, or the investigation's when the fine is
    the one proposed; refused when there is none."""
    if not case.band:
        return ""
    band = penalties.band_of(case.band)
    if band.contains(fine):
        return ""
    if reason.strip():
        return reason.strip()
    if fine == case.proposed_fine and case.band_departure_reason:
        return case.band_departure_reason
    raise CaseError(
        f"罚款 {fine:,} 元不在本案裁量档次“{band.label}”（{band.range_text}）内，须写明理由",
        "reason",
    )


def decide(*, actor: Any, case: Case, fine: int, reason: str = "") -> Case:
    """行政处罚决定: refused without a clearing 法制审核 for a major decision, past the time limit, before the
    prior notice, while the party may still state its case or ask for a hearing (unless it stated or waived),
    while a requested hearing has not been held, before a 陈述申辩 is reviewed, above the notified
    fine (heavier because of the defence: Art 45), or outside the band without a reason. Publishes
    the decision on the portal."""
    _require_head(actor, case)
    with transaction.atomic():
        case = _locked(case)
        if case.status in (S.REVIEWED, S.INVESTIGATED) or not _cleared(case):
            if not _cleared(case):
                raise CaseError("重大执法决定未经法制审核或审核未通过，不能作出决定（一案一卷一审）")
            raise CaseError("作出决定前须送达行政处罚事先告知书")
        _expect(case, S.NOTIFIED)
        today = _today()
        if case.due_on and today > case.due_on:
            raise CaseError(f"案件已超过办案期限（{case.due_on}），须经批准延长后才能作出决定")
        if case.hearing_requested_on and not HearingRecord.objects.filter(case=case).exists():
            needed = missing_hearing_record(case)
            raise CaseError(
                "当事人已申请听证，须举行听证（记录听证笔录）后才能作出决定" + (f"：{needed}" if needed else "")
            )
        check_answer_periods(case)
        if pending := hearing_review_pending(case):
            raise CaseError(pending)
        if case.collective_required and not case.discussions.exists():
            raise CaseError("情节复杂或重大违法行为给予较重处罚的，须经机关负责人集体讨论后作出决定")
        try:
            proposal = proposal_for(case, today)
            penalties.check_fine(proposal, fine)
        except penalties.PenaltyError as exc:
            raise CaseError(str(exc), "fine") from None
        check_decided_fine(case, fine)
        case.decision_reasoning = _outside_band(case, fine, reason)
        case.fine, case.decided_on, case.law = fine, today, proposal.law
        case.decision_number = f"{case.bureau.doc_prefix}罚决〔{today.year}〕{case.number}号"
        case.status, case.outcome = S.DECIDED, Case.Outcome.PENALTY
        case.save()
        _event(actor, case, "decided", f"作出行政处罚决定 {case.decision_number}，罚款 {fine:,} 元")
        _publish_decision(actor, case, proposal)
        from shuangsuiji.cases.risk import apply_penalty

        apply_penalty(actor=actor, case=case)
    return case


def decision_payload(case: Case, proposal: penalties.Proposal) -> dict[str, Any]:
    unit = case.unit
    individual = case.party_type == penalties.INDIVIDUAL
    name = unit.name
    if individual and unit.legal_representative:
        name = name.replace(unit.legal_representative, mask_person(unit.legal_representative))
    representative = mask_person(unit.legal_representative) if unit.legal_representative else ""
    labels = "；".join(penalties.VIOLATION_BY_CODE[c].label for c in case.violations)
    content = "警告" + (f"，罚款人民币 {case.fine:,} 元" if case.fine else "")
    until = penalties.add_months(case.decided_on, 12)  # type: ignore[arg-type]
    fields = [
        ["行政相对人名称", name],
        ["统一社会信用代码", unit.uscc],
        ["法定代表人（负责人）", representative],
        ["决定书文号", case.decision_number],
        ["违法事实", labels],
        ["处罚依据", "；".join(proposal.articles)],
        ["处罚类别", "警告" + ("、罚款" if case.fine else "")],
        ["处罚内容", content],
        ["处罚决定日期", f"{case.decided_on:%Y-%m-%d}"],
        ["公示截止期", f"{until:%Y-%m-%d}"],
        ["处罚机关", case.bureau.name],
    ]
    return {"fields": fields, "uscc": unit.uscc, "fine": case.fine, "until": until.isoformat()}


def _publish_decision(actor: Any, case: Case, proposal: penalties.Proposal) -> None:
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.publicity.models import Publication
    from shuangsuiji.publicity.services.core import publish

    payload = decision_payload(case, proposal)
    publish(
        actor=actor,
        bureau=case.bureau,
        kind=Publication.Kind.DECISION,
        subject_type="cases.case",
        subject_id=str(case.pk),
        title=f"{case.decision_number} 行政处罚决定",
        payload=payload,
        unit_codes=[case.unit.uscc],
        expires_on=dt.date.fromisoformat(payload["until"]),
    )
    for kind in ("penalty_publication", "decision_service"):
        deadlines.open_deadline(
            actor=actor,
            bureau=case.bureau,
            kind=kind,
            subject_type="cases.case",
            subject_id=str(case.pk),
            label=f"{case.decision_number}",
            start_on=case.decided_on,  # type: ignore[arg-type]
            url=f"/cases/{case.pk}/",
        )
    deadlines.complete_deadline(
        actor=actor,
        kind="penalty_publication",
        subject_type="cases.case",
        subject_id=str(case.pk),
        done_on=case.decided_on,  # type: ignore[arg-type]
    )


def serve(*, actor: Any, case: Case, served_on: dt.date) -> Case:
    """送达 of the decision, closing its 7-working-day deadline."""
    from shuangsuiji.deadlines import services as deadlines

    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.DECIDED)
        if served_on < case.decided_on or served_on > _today():  # type: ignore[operator]
            raise CaseError("送达日期应在决定日期与今天之间", "served_on")
        case.served_on, case.status = served_on, S.SERVED
        case.save(update_fields=["served_on", "status"])
        _event(actor, case, "served", f"决定书于 {served_on} 送达")
        deadlines.complete_deadline(
            actor=actor, kind="decision_service", subject_type="cases.case", subject_id=str(case.pk), done_on=served_on
        )
    return case


def record_payment(*, actor: Any, case: Case, paid_on: dt.date) -> Case:
    """Payment within 15 days of service; later, 3% of the fine per day is added, at most the fine."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.SERVED)
        served: dt.date = case.served_on  # type: ignore[assignment]
        if paid_on < served or paid_on > _today():
            raise CaseError("缴纳日期应在送达日期与今天之间", "paid_on")
        due = served + dt.timedelta(days=15)
        case.paid_on, case.late_fee = paid_on, penalties.late_fee(case.fine or 0, due, paid_on)
        case.status = S.EXECUTED
        case.save(update_fields=["paid_on", "late_fee", "status"])
        _event(actor, case, "paid", f"罚款已缴纳{f'，加处罚款 {case.late_fee:,} 元' if case.late_fee else ''}")
    return case


def close(*, actor: Any, case: Case, note: str) -> Case:
    """结案报告 once the decision has been carried out."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.EXECUTED)
        if not note.strip():
            raise CaseError("请填写结案报告", "note")
        case.closed_on, case.closing_note, case.status = _today(), note.strip(), S.CLOSED
        case.save(update_fields=["closed_on", "closing_note", "status"])
        _event(actor, case, "closed", "结案")
    return case


def close_without_penalty(*, actor: Any, case: Case, outcome: str, reason: str, transferred_to: str = "") -> Case:
    """不予处罚 (首违不罚, minor and corrected), 撤销立案, 移送其他机关 or 移送司法机关 (naming the body it goes to);
    a 不予处罚 decision is a decision too and needs a clearing review when every decision is reviewed. Each outcome
    has its document (不予行政处罚决定书, 案件移送书, 涉嫌犯罪案件移送书)."""
    _require_head(actor, case)
    if outcome not in (Case.Outcome.NO_PENALTY, Case.Outcome.TRANSFER, Case.Outcome.JUDICIAL, Case.Outcome.DROPPED):
        raise CaseError("处理结果无效", "outcome")
    if not reason.strip():
        raise CaseError("请写明理由", "reason")
    transferred_to = transferred_to.strip()
    if outcome in (Case.Outcome.TRANSFER, Case.Outcome.JUDICIAL) and not transferred_to:
        raise CaseError("移送的，请填写接收移送的机关（如：某某县市场监督管理局、某某县公安局）", "transferred_to")
    if len(transferred_to) > 200:
        raise CaseError("接收机关名称不超过200个字", "transferred_to")
    if outcome not in (Case.Outcome.TRANSFER, Case.Outcome.JUDICIAL):
        transferred_to = ""
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATING, S.INVESTIGATED, S.REVIEWED, S.NOTIFIED)
        if pending_preservations(case):
            raise CaseError("尚有登记保存的证据未作出处理决定（或登记保存申请未经局领导处理），不能结案")
        if outcome == Case.Outcome.NO_PENALTY and case.is_major and not _cleared(case):
            raise CaseError("不予处罚决定须经法制审核")
        case.outcome, case.status = outcome, S.CLOSED
        case.closed_on, case.closing_note, case.transferred_to = _today(), reason.strip(), transferred_to
        case.save()
        to = f"（移送{transferred_to}）" if transferred_to else ""
        _event(actor, case, "closed_without_penalty", f"{case.get_outcome_display()}{to}：{reason}")
    return case


def revoke_decision(*, actor: Any, case: Case, reason: str) -> Case:
    """A decision revoked, confirmed unlawful or to be re-made (复议、诉讼 or self-correction): the publication is
    withdrawn, within the 7-working-day deadline counted from today (done at once when the platform records it)."""
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.publicity.models import Publication
    from shuangsuiji.publicity.services.core import withdraw

    _require_head(actor, case)
    if not reason.strip():
        raise CaseError("请写明决定被撤销、确认违法或需重新作出的原因", "reason")
    with transaction.atomic():
        case = _locked(case)
        if case.outcome != Case.Outcome.PENALTY or case.decided_on is None:
            raise CaseError("本案没有已作出的处罚决定")
        live = Publication.objects.filter(
            kind=Publication.Kind.DECISION,
            subject_type="cases.case",
            subject_id=str(case.pk),
            withdrawn_at__isnull=True,
        ).first()
        today = _today()
        deadlines.open_deadline(
            actor=actor,
            bureau=case.bureau,
            kind="decision_withdrawal",
            subject_type="cases.case",
            subject_id=str(case.pk),
            label=f"撤下 {case.decision_number}",
            start_on=today,
            url=f"/cases/{case.pk}/",
        )
        if live is not None:
            withdraw(actor=actor, publication=live, reason=f"处罚决定已撤销：{reason.strip()}")
        deadlines.complete_deadline(
            actor=actor, kind="decision_withdrawal", subject_type="cases.case", subject_id=str(case.pk), done_on=today
        )
        case.status, case.outcome = S.CLOSED, Case.Outcome.DROPPED
        case.closed_on, case.closing_note = today, f"处罚决定撤销：{reason.strip()}"
        case.save()
        _event(actor, case, "decision_revoked", f"处罚决定撤销：{reason}")
    return case
