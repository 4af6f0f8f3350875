"""The steps of a case up to the prior notice: 立案, 调查终结 (with the 裁量基准 band), 法制审核, the head's
answer to a disagreement, 事先告知 and the 集体讨论. Each is one transaction and one audit event, the actor's role
and bureau and the case's state checked first."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from shuangsuiji.cases.models import Case, CollectiveDiscussion, HearingRecord, LegalReview
from shuangsuiji.cases.services.common import (
    CaseError,
    CasePermissionError,
    _event,
    _expect,
    _handler_users,
    _locked,
    _require_bureau,
    _require_handler,
    _require_head,
    _today,
    settings_for,
)
from shuangsuiji.cases.services.discretion import bands_for
from shuangsuiji.cases.services.preservation import pending_preservations
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.domain import penalties

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

    if not has_perm(actor, Perm.CASE_EDIT):
        raise CasePermissionError("只有执法人员或法制室可以提请立案")
    _require_bureau(actor, unit.bureau_id)
    errors: dict[str, str] = {}
    if source not in Case.Source.values:
        errors["source"] = "案件来源无效"
    if not violations or any(v not in penalties.VIOLATION_BY_CODE for v in violations):
        errors["violations"] = "请选择涉嫌违法行为"
    if not facts.strip():
        errors["facts"] = "请填写案情摘要"
    today = _today()
    if violation_end > today:
        errors["violation_end"] = "违法行为日期不能晚于今天"
    elif not penalties.within_limitation(violation_end, today):
        errors["violation_end"] = (
            f"违法行为终了于 {violation_end}，已超过2年，依法不再给予行政处罚（行政处罚法第三十六条）"
        )
    eligible = set(eligible_inspectors(unit.bureau, on=today).values_list("id", flat=True))
    chosen = {h.pk: h for h in handlers}
    handler_errors = []
    if len(chosen) < 2:
        handler_errors.append("承办人不得少于两人")
    if invalid := [h.name for h in chosen.values() if h.pk not in eligible]:
        handler_errors.append(f"{'、'.join(invalid)} 不具备有效执法证或不在岗，不能承办")
    conflicts = active_conflicts(list(chosen))
    if recused := [chosen[i].name for i, codes in conflicts.items() if unit.uscc in codes]:
        handler_errors.append(f"{'、'.join(recused)} 已申报与该单位的回避关系，不能承办")
    if handler_errors:
        errors["handlers"] = "；".join(handler_errors)
    if errors:
        raise CaseError.of(errors)
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
    _require_head(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.PROPOSED)
        if approve:
            case.status, case.opened_on = S.INVESTIGATING, _today()
            case.due_on = penalties.add_months(case.opened_on, 3)
        else:
            if not reason.strip():
                raise CaseError("不予立案须说明理由", "reason")
            case.status, case.closing_note = S.REFUSED, reason.strip()
        case.save()
        _event(actor, case, "opened" if approve else "refused", "批准立案" if approve else f"不予立案：{reason}")
    return case


def extend(*, actor: Any, case: Case, reason: str) -> Case:
    """办案期限延长一次，不超过3个月，须批准."""
    _require_head(actor, case)
    with transaction.atomic():
        case = _locked(case)
        if case.due_on is None or case.status in (S.CLOSED, S.REFUSED):
            raise CaseError("案件未在办理中")
        if case.extended:
            raise CaseError("办案期限只能延长一次")
        if not reason.strip():
            raise CaseError("请说明延长办案期限的理由", "reason")
        case.due_on, case.extended, case.extension_reason = penalties.add_months(case.due_on, 3), True, reason
        case.save()
        _event(actor, case, "extended", f"延长办案期限至 {case.due_on}", {"reason": reason})
    return case


def proposal_for(case: Case, decided_on: dt.date | None = None) -> penalties.Proposal:
    """The calculator on the case: legal range, law, 情节严重, and the bands of the bureau's 裁量基准 that apply."""
    return penalties.propose(
        codes=case.violations,
        party=case.party_type,
        severe_reasons=case.severe_reasons,
        violation_end=case.violation_end,
        decided_on=decided_on or _today(),
        corrections_in_year=corrections_in_year(case.unit, case.opened_on or _today()),
        bands=bands_for(case.bureau),
    )


def candidate_bands(case: Case) -> list[penalties.Band]:
    """The bureau's bands a handler may choose from at 调查终结, with or without 情节严重 (which the same form
    records): the case's violations and party type, under the law that applies in each case."""
    rows = bands_for(case.bureau)
    chosen = []
    for severe in (False, True):
        try:
            law, _ = penalties.choose_law(case.violation_end, _today(), case.violations, case.party_type, severe)
        except penalties.PenaltyError:
            return []
        chosen += [
            b
            for b in rows
            if b.violation in case.violations and (b.party, b.law, b.severe) == (case.party_type, law, severe)
        ]
    return chosen


def _chosen_band(proposal: penalties.Proposal, band: str, fine: int, departure_reason: str) -> dict[str, Any]:
    """The band the handler chose among those that apply (required when any does); a fine outside it needs the
    handler's reason. Returns the band as stored on the case ({} when none applies)."""
    if not proposal.bands:
        return {}
    chosen = next((b for b in proposal.bands if b.ref == band), None)
    if chosen is None:
        raise CaseError("请选择本案适用的裁量档次（本局裁量基准）", "band")
    if not chosen.contains(fine) and not departure_reason.strip():
        raise CaseError(
            f"拟罚款 {fine:,} 元不在所选档次“{chosen.label}”（{chosen.range_text}）内，须写明偏离裁量基准的理由",
            "departure_reason",
        )
    return dataclasses.asdict(chosen)


def finish_investigation(
    *,
    actor: Any,
    case: Case,
    report: str,
    severe_reasons: list[str],
    proposed_fine: int,
    reasoning: str,
    band: str = "",
    departure_reason: str = "",
) -> Case:
    """调查终结: the report, the 情节严重 findings and the proposed fine within the legal range, in the chosen band
    of the 裁量基准 or with a reason; refused while preserved evidence awaits its decision."""
    _require_handler(actor, case)
    errors = {}
    if not report.strip():
        errors["report"] = "请填写调查终结报告"
    if not reasoning.strip():
        errors["reasoning"] = "请填写裁量理由"
    if errors:
        raise CaseError.of(errors)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATING)
        if pending_preservations(case):
            raise CaseError("尚有登记保存的证据未作出处理决定（或登记保存申请未经局领导处理），不能调查终结")
        case.severe_reasons = severe_reasons
        try:
            proposal = proposal_for(case)
            penalties.check_fine(proposal, proposed_fine)
        except penalties.PenaltyError as exc:
            raise CaseError(str(exc), "proposed_fine") from None
        case.band = _chosen_band(proposal, band, proposed_fine, departure_reason)
        outside = bool(case.band) and not penalties.band_of(case.band).contains(proposed_fine)
        case.band_departure_reason = departure_reason.strip() if outside else ""
        rules = settings_for(case.bureau)
        case.collective_required = proposal.severe or proposed_fine >= rules.collective_fine_threshold
        case.is_major = (
            rules.review_every_decision
            or proposal.severe
            or case.collective_required
            or (rules.major_fine_threshold > 0 and proposed_fine >= rules.major_fine_threshold)
        )
        case.investigation_report, case.proposed_fine, case.proposed_reasoning = report, proposed_fine, reasoning
        case.law, case.status = proposal.law, S.INVESTIGATED
        case.save()
        band_label = case.band.get("label", "")
        _event(
            actor,
            case,
            "investigated",
            f"调查终结，拟罚款 {proposed_fine:,} 元" + (f"（{band_label}档）" if band_label else ""),
            {"law": proposal.law, "band": case.band, "departure_reason": case.band_departure_reason},
        )
    return case


def review(*, actor: Any, case: Case, checklist: dict[str, bool], opinion: str, reasons: str) -> LegalReview:
    """法制审核 by a reviewer who is not a handler, through every point of seed 001's checklist."""
    if not has_perm(actor, Perm.CASE_REVIEW):
        raise CasePermissionError("只有法制审核人员可以进行法制审核")
    _require_bureau(actor, case.bureau_id)
    if opinion not in LegalReview.Opinion.values:
        raise CaseError("审核意见无效", "opinion")
    if missing := [label for key, label in REVIEW_CHECKLIST.items() if not checklist.get(key)]:
        raise CaseError(f"审核要点未逐项审查：{'、'.join(missing)}", "checklist")
    if not reasons.strip():
        raise CaseError("请写明审核理由", "reasons")
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATED, S.NOTIFIED)
        if case.status == S.NOTIFIED and not awaits_hearing_review(case):
            raise CaseError("本案当前不需要法制审核（听证后的审核只在听证笔录记录后、尚未审核时进行）")
        if actor.pk in _handler_users(case):
            raise CaseError("案件承办人不能担任本案的法制审核人员")
        item = LegalReview.objects.create(
            case=case, reviewer=actor, checklist=checklist, opinion=opinion, reasons=reasons.strip()
        )
        if item.clears_the_decision and case.status == S.INVESTIGATED:
            case.status = S.REVIEWED
            case.save(update_fields=["status"])
        _event(actor, case, "reviewed", f"法制审核：{item.get_opinion_display()}", {"reasons": reasons})
    return item


def head_decides_disagreement(*, actor: Any, item: LegalReview, proceed: bool, decision: str) -> LegalReview:
    """A 不同意 opinion goes to the bureau head, whose decision is recorded."""
    _require_head(actor, item.case)
    if not decision.strip():
        raise CaseError("请写明局领导的决定意见", "decision")
    with transaction.atomic():
        case = _locked(item.case)
        if item.opinion != LegalReview.Opinion.DISAGREE or item.head_decision:
            raise CaseError("只有尚未处理的“不同意”意见需要局领导决定")
        item.head_decision, item.head = f"{'继续作出决定' if proceed else '退回补充调查'}：{decision.strip()}", actor
        item.save(update_fields=["head_decision", "head"])
        if proceed:
            case.status = S.NOTIFIED if case.status == S.NOTIFIED else S.REVIEWED  # after a hearing: on to decide
        else:
            case.status = S.INVESTIGATING
        case.save(update_fields=["status"])
        _event(actor, case, "review_overruled" if proceed else "review_upheld", item.head_decision)
    return item


def _hearing_held(case: Case) -> HearingRecord | None:
    """The 听证笔录 of a hearing the party attended, when the bureau reviews decisions again after a hearing."""
    if not settings_for(case.bureau).review_after_hearing:
        return None
    return HearingRecord.objects.filter(case=case, party_attended=True).first()


def awaits_hearing_review(case: Case) -> bool:
    """After the 听证笔录, before any review of it: the reviewer's turn (经过听证的决定 is a major decision)."""
    record = _hearing_held(case) if case.status == S.NOTIFIED else None
    return record is not None and not case.reviews.filter(at__gte=record.recorded_at).exists()


def hearing_review_pending(case: Case) -> str:
    """Why a decision after a hearing cannot be made yet ("" when it can): no review of the 听证笔录, or a 不同意
    the head has not decided on."""
    record = _hearing_held(case)
    if record is None:
        return ""
    since = list(case.reviews.filter(at__gte=record.recorded_at))
    if not since:
        return "经过听证的处罚决定属重大执法决定，听证后须就听证笔录再经法制审核，审核后才能作出决定"
    if not any(r.clears_the_decision for r in since):
        return "听证后的法制审核意见为不同意，须由局领导作出决定后才能作出处罚决定"
    return ""


def _cleared(case: Case) -> bool:
    return not case.is_major or any(r.clears_the_decision for r in case.reviews.all())


def notify(*, actor: Any, case: Case) -> Case:
    """行政处罚事先告知: facts, basis, proposed penalty, rights to 陈述申辩 and (over the threshold) 听证."""
    _require_handler(actor, case)
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


def record_collective_discussion(
    *, actor: Any, case: Case, held_on: dt.date, participants: str, conclusion: str
) -> CollectiveDiscussion:
    """集体讨论 (行政处罚法 Art 57) of a case that needs one, between the legal review and the decision."""
    _require_head(actor, case)
    errors = {}
    if not participants.strip():
        errors["participants"] = "请填写参加人员"
    if not conclusion.strip():
        errors["conclusion"] = "请填写讨论结论"
    if errors:
        raise CaseError.of(errors)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.REVIEWED, S.NOTIFIED)
        if held_on > _today():
            raise CaseError("讨论日期不能晚于今天", "held_on")
        item = CollectiveDiscussion.objects.create(
            case=case,
            held_on=held_on,
            participants=participants.strip(),
            conclusion=conclusion.strip(),
            recorded_by=actor,
        )
        _event(actor, case, "collective_discussion", f"集体讨论：{conclusion.strip()[:80]}")
    return item
