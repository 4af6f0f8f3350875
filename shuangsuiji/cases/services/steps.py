"""Every step of a case is a service: one transaction, one audit event, the state checked first. The decision
service refuses a major decision without a 法制审核 that clears it (一案一卷一审), a case past its time limit, and
a decision while a requested hearing has not been held."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from shuangsuiji.cases.models import Case, CaseSettings, LegalReview
from shuangsuiji.core.audit import record_event
from shuangsuiji.domain import penalties
from shuangsuiji.domain.masking import mask_person

S = Case.Status
REVIEW_CHECKLIST = {
    "subject": "执法主体合法，承办人员具备执法资格",
    "procedure": "执法程序合法",
    "facts": "案件事实清楚，证据确凿充分",
    "basis": "适用法律依据准确，裁量基准运用适当",
    "powers": "未超越本机关法定权限",
    "documents": "执法文书完备、规范",
    "crime": "是否涉嫌犯罪、需要移送司法机关（已审查）",
}


class CaseError(Exception):
    """A step that is not allowed now, or bad input; the message is for the user."""


def settings_for(bureau: Any) -> CaseSettings:
    return CaseSettings.objects.filter(bureau=bureau).first() or CaseSettings(bureau=bureau)


def _today() -> dt.date:
    return timezone.localdate()


def _event(actor: Any, case: Case, action: str, summary: str, data: dict[str, Any] | None = None) -> None:
    record_event(
        actor=actor,
        bureau_id=case.bureau_id,
        action=f"cases.{action}",
        obj=case,
        summary=f"{case.code}：{summary}",
        data=data or {},
    )


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("bureau", "unit").get(pk=case.pk)


def _expect(case: Case, *states: str) -> None:
    if case.status not in states:
        raise CaseError(f"案件当前为“{case.get_status_display()}”，不能进行此操作")


def _workdays(start: dt.date, n: int) -> dt.date:
    from shuangsuiji.deadlines.selectors import current_calendar

    return current_calendar().add_workdays(start, n).on


def corrections_in_year(unit: Any, on: dt.date) -> int:
    """Times the unit was ordered to correct in the year up to `on` (实施条例 Art 50 (4)): inspection results with
    a rectification order or corrected on the spot, and earlier decisions."""
    from shuangsuiji.inspections.models import Inspection

    since = on - dt.timedelta(days=365)
    ordered = Inspection.objects.filter(unit=unit, result_date__gt=since, result_date__lte=on, recheck_of__isnull=True)
    count = sum(
        1 for f, o in ordered.values_list("follow_up", "outcomes") if f == "rectify" or "corrected" in (o or [])
    )
    return count + Case.objects.filter(unit=unit, decided_on__gt=since, decided_on__lte=on).count()


def propose_case(
    *,
    actor: Any,
    unit: Any,
    source: str,
    violations: list[str],
    violation_end: dt.date,
    facts: str,
    handlers: list[Any],
    inspection: Any = None,
) -> Case:
    """立案审批: a case proposed to the bureau head, checked for handlers (≥2, valid certificates, 回避) and the
    2-year limitation."""
    from shuangsuiji.inspectors.selectors import active_conflicts, eligible_inspectors

    errors = []
    if source not in Case.Source.values:
        errors.append("案件来源无效")
    if not violations or any(v not in penalties.VIOLATION_BY_CODE for v in violations):
        errors.append("请选择涉嫌违法行为")
    if not facts.strip():
        errors.append("请填写案情摘要")
    today = _today()
    if violation_end > today:
        errors.append("违法行为日期不能晚于今天")
    elif not penalties.within_limitation(violation_end, today):
        errors.append(f"违法行为终了于 {violation_end}，已超过2年，依法不再给予行政处罚（行政处罚法第三十六条）")
    eligible = set(eligible_inspectors(unit.bureau, on=today).values_list("id", flat=True))
    chosen = {h.pk: h for h in handlers}
    if len(chosen) < 2:
        errors.append("承办人不得少于两人")
    if invalid := [h.name for h in chosen.values() if h.pk not in eligible]:
        errors.append(f"{'、'.join(invalid)} 不具备有效执法证或不在岗，不能承办")
    conflicts = active_conflicts(list(chosen))
    if recused := [chosen[i].name for i, codes in conflicts.items() if unit.uscc in codes]:
        errors.append(f"{'、'.join(recused)} 已申报与该单位的回避关系，不能承办")
    if errors:
        raise CaseError("；".join(errors))
    with transaction.atomic():
        year = today.year
        last = Case.objects.select_for_update().filter(bureau=unit.bureau, year=year).aggregate(n=Max("number"))["n"]
        case = Case.objects.create(
            bureau=unit.bureau,
            year=year,
            number=(last or 0) + 1,
            source=source,
            inspection=inspection,
            unit=unit,
            party_type=penalties.INDIVIDUAL if unit.uscc.startswith("92") else penalties.ORGANISATION,
            violations=violations,
            violation_end=violation_end,
            facts=facts.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        case.handlers.set(list(chosen.values()))
        _event(actor, case, "proposed", f"提请立案：{unit.name}", {"violations": violations, "handlers": list(chosen)})
    return case


def approve_opening(*, actor: Any, case: Case, approve: bool, reason: str = "") -> Case:
    """机关负责人批准立案 (the 3-month time limit starts) or 不予立案 with a reason."""
    _require_head(actor)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.PROPOSED)
        if approve:
            case.status, case.opened_on = S.INVESTIGATING, _today()
            case.due_on = penalties.add_months(case.opened_on, 3)
        else:
            if not reason.strip():
                raise CaseError("不予立案须说明理由")
            case.status, case.closing_note = S.REFUSED, reason.strip()
        case.save()
        _event(actor, case, "opened" if approve else "refused", "批准立案" if approve else f"不予立案：{reason}")
    return case


def _require_head(actor: Any) -> None:
    from shuangsuiji.core.permissions import Perm, has_perm

    if not has_perm(actor, Perm.CASE_APPROVE):
        raise CaseError("此步骤须由局领导（机关负责人）批准")


def extend(*, actor: Any, case: Case, reason: str) -> Case:
    """办案期限延长一次，不超过3个月，须批准."""
    _require_head(actor)
    with transaction.atomic():
        case = _locked(case)
        if case.due_on is None or case.status in (S.CLOSED, S.REFUSED):
            raise CaseError("案件未在办理中")
        if case.extended:
            raise CaseError("办案期限只能延长一次")
        if not reason.strip():
            raise CaseError("请说明延长办案期限的理由")
        case.due_on, case.extended, case.extension_reason = penalties.add_months(case.due_on, 3), True, reason
        case.save()
        _event(actor, case, "extended", f"延长办案期限至 {case.due_on}", {"reason": reason})
    return case


def proposal_for(case: Case, decided_on: dt.date | None = None) -> penalties.Proposal:
    return penalties.propose(
        codes=case.violations,
        party=case.party_type,
        severe_reasons=case.severe_reasons,
        violation_end=case.violation_end,
        decided_on=decided_on or _today(),
        corrections_in_year=corrections_in_year(case.unit, case.opened_on or _today()),
    )


def finish_investigation(
    *, actor: Any, case: Case, report: str, severe_reasons: list[str], proposed_fine: int, reasoning: str
) -> Case:
    """调查终结: the report, the 情节严重 findings and the proposed fine within the legal range."""
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATING)
        if not report.strip() or not reasoning.strip():
            raise CaseError("请填写调查终结报告和裁量理由")
        case.severe_reasons = severe_reasons
        try:
            proposal = proposal_for(case)
            penalties.check_fine(proposal, proposed_fine)
        except penalties.PenaltyError as exc:
            raise CaseError(str(exc)) from None
        rules = settings_for(case.bureau)
        case.is_major = (
            rules.review_every_decision
            or proposal.severe
            or (rules.major_fine_threshold > 0 and proposed_fine >= rules.major_fine_threshold)
        )
        case.collective_required = proposal.severe or proposed_fine >= rules.collective_fine_threshold
        case.investigation_report, case.proposed_fine, case.proposed_reasoning = report, proposed_fine, reasoning
        case.law, case.status = proposal.law, S.INVESTIGATED
        case.save()
        _event(actor, case, "investigated", f"调查终结，拟罚款 {proposed_fine:,} 元", {"law": proposal.law})
    return case


def _handler_users(case: Case) -> set[int]:
    return {h.user_id for h in case.handlers.all() if h.user_id}


def review(*, actor: Any, case: Case, checklist: dict[str, bool], opinion: str, reasons: str) -> LegalReview:
    """法制审核 by a reviewer who is not a handler, through every point of seed 001's checklist."""
    from shuangsuiji.core.permissions import Perm, has_perm

    if not has_perm(actor, Perm.CASE_REVIEW):
        raise CaseError("只有法制审核人员可以进行法制审核")
    if opinion not in LegalReview.Opinion.values:
        raise CaseError("审核意见无效")
    if missing := [label for key, label in REVIEW_CHECKLIST.items() if key not in checklist]:
        raise CaseError(f"审核要点未逐项审查：{'、'.join(missing)}")
    if not reasons.strip():
        raise CaseError("请写明审核理由")
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATED)
        if actor.pk in _handler_users(case):
            raise CaseError("案件承办人不能担任本案的法制审核人员")
        item = LegalReview.objects.create(
            case=case, reviewer=actor, checklist=checklist, opinion=opinion, reasons=reasons.strip()
        )
        if item.clears_the_decision:
            case.status = S.REVIEWED
            case.save(update_fields=["status"])
        _event(actor, case, "reviewed", f"法制审核：{item.get_opinion_display()}", {"reasons": reasons})
    return item


def head_decides_disagreement(*, actor: Any, item: LegalReview, proceed: bool, decision: str) -> LegalReview:
    """A 不同意 opinion goes to the bureau head, whose decision is recorded."""
    _require_head(actor)
    if not decision.strip():
        raise CaseError("请写明局领导的决定意见")
    with transaction.atomic():
        case = _locked(item.case)
        if item.opinion != LegalReview.Opinion.DISAGREE or item.head_decision:
            raise CaseError("只有尚未处理的“不同意”意见需要局领导决定")
        item.head_decision, item.head = f"{'继续作出决定' if proceed else '退回补充调查'}：{decision.strip()}", actor
        item.save(update_fields=["head_decision", "head"])
        if proceed:
            case.status = S.REVIEWED
        else:
            case.status = S.INVESTIGATING
        case.save(update_fields=["status"])
        _event(actor, case, "review_overruled" if proceed else "review_upheld", item.head_decision)
    return item


def _cleared(case: Case) -> bool:
    return not case.is_major or any(r.clears_the_decision for r in case.reviews.all())


def notify(*, actor: Any, case: Case) -> Case:
    """行政处罚事先告知: facts, basis, proposed penalty, rights to 陈述申辩 and (over the threshold) 听证."""
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.REVIEWED, S.INVESTIGATED)
        if not _cleared(case):
            raise CaseError("重大执法决定须经法制审核同意后才能事先告知和作出决定")
        rules = settings_for(case.bureau)
        thresholds = {
            penalties.ORGANISATION: rules.hearing_threshold_organisation,
            penalties.INDIVIDUAL: rules.hearing_threshold_individual,
        }
        case.hearing_right = penalties.hearing_right(case.proposed_fine or 0, case.party_type, thresholds)
        case.notified_on, case.status = _today(), S.NOTIFIED
        case.save()
        _event(actor, case, "notified", "送达行政处罚事先告知书" + ("（告知听证权利）" if case.hearing_right else ""))
    return case


def request_hearing(*, actor: Any, case: Case, requested_on: dt.date) -> Case:
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        if not case.hearing_right:
            raise CaseError("拟作出的处罚未达到听证标准，当事人无权要求听证")
        limit = _workdays(case.notified_on, 5)  # type: ignore[arg-type]
        if requested_on > limit:
            raise CaseError(f"听证申请应在告知后5个工作日内（{limit} 前）提出，已逾期")
        case.hearing_requested_on = requested_on
        case.save(update_fields=["hearing_requested_on"])
        _event(actor, case, "hearing_requested", f"当事人于 {requested_on} 申请听证")
    return case


def hold_hearing(*, actor: Any, case: Case, hearing_on: dt.date, chair: str, noticed_on: dt.date) -> Case:
    """The hearing: noticed at least 7 working days ahead, chaired by someone who is not a handler."""
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        if case.hearing_requested_on is None:
            raise CaseError("当事人未申请听证")
        if chair.strip() in {h.name for h in case.handlers.all()}:
            raise CaseError("听证主持人不能由本案承办人担任")
        earliest = _workdays(noticed_on, 7)
        if hearing_on < earliest:
            raise CaseError(f"应于听证7个工作日前通知当事人：{noticed_on} 通知的，听证最早为 {earliest}")
        case.hearing_on, case.hearing_chair = hearing_on, chair.strip()
        case.save(update_fields=["hearing_on", "hearing_chair"])
        _event(actor, case, "hearing_held", f"听证：{hearing_on}，主持人 {chair}")
    return case


def decide(*, actor: Any, case: Case, fine: int) -> Case:
    """行政处罚决定: refused without a clearing 法制审核 for a major decision, past the time limit, before the
    prior notice, or while a requested hearing has not been held. Publishes the decision on the portal."""
    _require_head(actor)
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
        if case.hearing_requested_on and not case.hearing_on:
            raise CaseError("当事人已申请听证，须举行听证后才能作出决定")
        if case.collective_required and not case.discussions.exists():
            raise CaseError("情节复杂或重大违法行为给予较重处罚的，须经机关负责人集体讨论后作出决定")
        try:
            proposal = proposal_for(case, today)
            penalties.check_fine(proposal, fine)
        except penalties.PenaltyError as exc:
            raise CaseError(str(exc)) from None
        if case.proposed_fine is not None and fine > case.proposed_fine:
            raise CaseError("决定的罚款不得高于事先告知的拟罚款数额（不得因当事人陈述申辩加重处罚）")
        case.fine, case.decided_on, case.law = fine, today, proposal.law
        case.decision_number = f"{case.bureau.doc_prefix}罚决〔{today.year}〕{case.number}号"
        case.status, case.outcome = S.DECIDED, Case.Outcome.PENALTY
        case.save()
        _event(actor, case, "decided", f"作出行政处罚决定 {case.decision_number}，罚款 {fine:,} 元")
        _publish_decision(actor, case, proposal)
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
    from shuangsuiji.deadlines import services as deadlines

    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.DECIDED)
        if served_on < case.decided_on or served_on > _today():  # type: ignore[operator]
            raise CaseError("送达日期应在决定日期与今天之间")
        case.served_on, case.status = served_on, S.SERVED
        case.save(update_fields=["served_on", "status"])
        _event(actor, case, "served", f"决定书于 {served_on} 送达")
        deadlines.complete_deadline(
            actor=actor, kind="decision_service", subject_type="cases.case", subject_id=str(case.pk), done_on=served_on
        )
    return case


def record_payment(*, actor: Any, case: Case, paid_on: dt.date) -> Case:
    """Payment within 15 days of service; later, 3% of the fine per day is added, at most the fine."""
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.SERVED)
        served: dt.date = case.served_on  # type: ignore[assignment]
        if paid_on < served or paid_on > _today():
            raise CaseError("缴纳日期应在送达日期与今天之间")
        due = served + dt.timedelta(days=15)
        case.paid_on, case.late_fee = paid_on, penalties.late_fee(case.fine or 0, due, paid_on)
        case.status = S.EXECUTED
        case.save(update_fields=["paid_on", "late_fee", "status"])
        _event(actor, case, "paid", f"罚款已缴纳{f'，加处罚款 {case.late_fee:,} 元' if case.late_fee else ''}")
    return case


def close(*, actor: Any, case: Case, note: str) -> Case:
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.EXECUTED)
        if not note.strip():
            raise CaseError("请填写结案报告")
        case.closed_on, case.closing_note, case.status = _today(), note.strip(), S.CLOSED
        case.save(update_fields=["closed_on", "closing_note", "status"])
        _event(actor, case, "closed", "结案")
    return case


def close_without_penalty(*, actor: Any, case: Case, outcome: str, reason: str) -> Case:
    """不予处罚 (首违不罚, minor and corrected), 撤销立案, 移送其他机关 or 移送司法机关; a 不予处罚 decision is a
    decision too and needs a clearing review when every decision is reviewed."""
    _require_head(actor)
    if outcome not in (Case.Outcome.NO_PENALTY, Case.Outcome.TRANSFER, Case.Outcome.JUDICIAL, Case.Outcome.DROPPED):
        raise CaseError("处理结果无效")
    if not reason.strip():
        raise CaseError("请写明理由")
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATING, S.INVESTIGATED, S.REVIEWED, S.NOTIFIED)
        if outcome == Case.Outcome.NO_PENALTY and case.is_major and not _cleared(case):
            raise CaseError("不予处罚决定须经法制审核")
        case.outcome, case.status = outcome, S.CLOSED
        case.closed_on, case.closing_note = _today(), reason.strip()
        case.save()
        _event(actor, case, "closed_without_penalty", f"{case.get_outcome_display()}：{reason}")
    return case


def revoke_decision(*, actor: Any, case: Case, reason: str) -> Case:
    """A decision revoked, confirmed unlawful or to be re-made (复议、诉讼 or self-correction): the publication is
    withdrawn, within the 7-working-day deadline counted from today (done at once when the platform records it)."""
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.publicity.models import Publication
    from shuangsuiji.publicity.services.core import withdraw

    _require_head(actor)
    if not reason.strip():
        raise CaseError("请写明决定被撤销、确认违法或需重新作出的原因")
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


def record_collective_discussion(
    *, actor: Any, case: Case, held_on: dt.date, participants: str, conclusion: str
) -> Any:
    """集体讨论 (行政处罚法 Art 57) of a case that needs one, between the legal review and the decision."""
    from shuangsuiji.cases.models import CollectiveDiscussion

    _require_head(actor)
    if not participants.strip() or not conclusion.strip():
        raise CaseError("请填写参加人员和讨论结论")
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.REVIEWED, S.NOTIFIED)
        if held_on > _today():
            raise CaseError("讨论日期不能晚于今天")
        item = CollectiveDiscussion.objects.create(
            case=case,
            held_on=held_on,
            participants=participants.strip(),
            conclusion=conclusion.strip(),
            recorded_by=actor,
        )
        _event(actor, case, "collective_discussion", f"集体讨论：{conclusion.strip()[:80]}")
    return item
