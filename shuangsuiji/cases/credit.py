"""统计严重失信企业 listing, repair, removal, extension and expiry (services of the cases app; configurable rules in
CaseSettings with the 2019 defaults of domain-rules §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.cases.models import Case, CreditListing
from shuangsuiji.cases.services import CaseError, _require_handler, _require_head, _workdays, settings_for
from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.penalties import VIOLATION_BY_CODE, add_months

L = CreditListing.Status
SUBJECT = "cases.creditlisting"
REPAIR_DEADLINE = "credit_repair_decision"
DECIDED = (Case.Status.DECIDED, Case.Status.SERVED, Case.Status.EXECUTED, Case.Status.CLOSED)


def qualifies(case: Case) -> bool:
    rules = settings_for(case.bureau)
    if case.outcome != Case.Outcome.PENALTY or case.status not in DECIDED:
        return False
    severe = bool(case.severe_reasons) and rules.credit_on_severe
    by_amount = rules.credit_fine_threshold > 0 and (case.fine or 0) >= rules.credit_fine_threshold
    return severe or by_amount


def _event(actor: Any, listing: CreditListing, action: str, summary: str) -> None:
    record_event(
        actor=actor,
        bureau_id=listing.bureau_id,
        action=f"credit.{action}",
        obj=listing,
        summary=f"{listing.unit.name}：{summary}",
        data={"refs": [f"cases.case:{listing.case_id}"]},
    )


def _payload(listing: CreditListing) -> dict[str, Any]:
    unit, case = listing.unit, listing.case
    from shuangsuiji.domain.masking import mask_person

    return {
        "fields": [
            ["企业名称", unit.name],
            ["统一社会信用代码", unit.uscc],
            ["法定代表人（主要负责人）", mask_person(unit.legal_representative) if unit.legal_representative else ""],
            ["地址", unit.address],
            ["统计违法行为", "；".join(VIOLATION_BY_CODE[c].label for c in case.violations if c in VIOLATION_BY_CODE)],
            ["依法处理情况", f"{case.decision_number}：警告" + (f"，罚款 {case.fine:,} 元" if case.fine else "")],
            ["认定日期", f"{listing.listed_on:%Y-%m-%d}"],
            ["公示截止", f"{listing.expires_on:%Y-%m-%d}"],
        ],
        "uscc": unit.uscc,
    }


def _qualifying(case: Case) -> Case:
    """The case, locked, refused unless its decision qualifies for the list by the bureau's rule."""
    case = Case.objects.select_for_update(of=("self",)).select_related("unit", "bureau").get(pk=case.pk)
    if not qualifies(case):
        raise CaseError("该案件不符合本局列入严重失信企业的规则（须为情节严重或达到金额标准的处罚决定）")
    return case


def notice_ends(listing: CreditListing) -> dt.date | None:
    """The last day the enterprise may state its case against the intended listing (None without a notice)."""
    if listing.notified_on is None:
        return None
    return _workdays(listing.notified_on, settings_for(listing.bureau).credit_notice_workdays)


def notify_listing(*, actor: Any, case: Case) -> CreditListing:
    """拟认定告知: before listing, the enterprise is told the facts, reasons and basis of the intended 统计严重失信
    认定 and may state its case within the bureau's working days (`credit_notice_workdays`)."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _qualifying(case)
        if case.credit_listings.exclude(status__in=[L.EXPIRED, L.REMOVED]).exists():
            raise CaseError("本案已告知拟认定或已列入名单")
        listing = CreditListing.objects.create(
            bureau=case.bureau, unit=case.unit, case=case, status=L.NOTIFIED, notified_on=timezone.localdate()
        )
        _event(actor, listing, "notified", f"送达拟认定统计严重失信企业告知书，陈述申辩期限至 {notice_ends(listing)}")
    return listing


def record_listing_answer(
    *, actor: Any, listing: CreditListing, answered_on: dt.date, kind: str, answer: str
) -> CreditListing:
    """The enterprise's answer to the notice: its 陈述申辩 (facts and reasons), or its express waiver."""
    _require_handler(actor, listing.case)
    errors = {}
    if kind not in CreditListing.Answer.values:
        errors["kind"] = "请选择企业的答复（陈述申辩或明确放弃）"
    if not answer.strip():
        errors["answer"] = "请填写陈述申辩的事实和理由，或放弃声明的内容"
    with transaction.atomic():
        listing = _locked(listing)
        if listing.status != L.NOTIFIED:
            raise CaseError(f"名单状态为“{listing.get_status_display()}”，不能记录陈述申辩")
        if listing.answered_on:
            raise CaseError(f"已于 {listing.answered_on} 记录企业的答复")
        notified: dt.date = listing.notified_on  # type: ignore[assignment]
        if answered_on < notified or answered_on > timezone.localdate():
            errors["answered_on"] = f"答复日期应在告知日期（{notified}）与今天之间"
        if errors:
            raise CaseError.of(errors)
        listing.answered_on, listing.answer_kind, listing.answer = answered_on, kind, answer.strip()
        listing.save(update_fields=["answered_on", "answer_kind", "answer"])
        _event(actor, listing, "answered", f"企业{listing.get_answer_kind_display()}（{answered_on}）")
    return listing


def drop_listing(*, actor: Any, listing: CreditListing, reason: str) -> CreditListing:
    """不予认定: after the enterprise's statement (or on review) the head decides not to list it."""
    _require_head(actor, listing.case)
    if not reason.strip():
        raise CaseError("请写明不予认定的理由", "reason")
    with transaction.atomic():
        listing = _locked(listing)
        if listing.status != L.NOTIFIED:
            raise CaseError(f"名单状态为“{listing.get_status_display()}”，不能作出不予认定")
        listing.status, listing.reason = L.DROPPED, reason.strip()
        listing.save(update_fields=["status", "reason"])
        _event(actor, listing, "dropped", f"不予认定：{reason.strip()}")
    return listing


def _notified_listing(case: Case, days: int) -> CreditListing | None:
    """The notified listing that may now be decided, None when the bureau lists without a notice; refused while
    the enterprise may still answer."""
    listing = case.credit_listings.filter(status=L.NOTIFIED).first()
    if days == 0 and listing is None:
        return None
    if listing is None:
        raise CaseError(f"认定前须先送达拟认定告知书，企业可在{days}个工作日内陈述申辩")
    ends = notice_ends(listing)
    if not listing.answered_on and ends is not None and timezone.localdate() <= ends:
        raise CaseError(f"企业陈述申辩的期限（告知后{days}个工作日，至 {ends}）尚未届满，期满或企业答复后才能认定")
    return listing


def list_unit(*, actor: Any, case: Case) -> CreditListing:
    """列入统计严重失信企业名单 after a qualifying decision and, by the bureau's rule, the notice and its period:
    published on the portal within the rule's working days (done at once), the unit's credit-risk class set by the
    rule."""
    from shuangsuiji.directory.services.units import set_risk_class
    from shuangsuiji.publicity.models import Publication
    from shuangsuiji.publicity.services.core import publish

    _require_head(actor, case)
    rules = settings_for(case.bureau)
    with transaction.atomic():
        case = _qualifying(case)
        if case.credit_listings.filter(status__in=[L.LISTED, L.REPAIR_APPLIED]).exists():
            raise CaseError("该企业已因本案列入名单")
        if case.credit_listings.filter(status=L.DROPPED).exists():
            raise CaseError("本案已作出不予认定")
        today = timezone.localdate()
        listing = _notified_listing(case, rules.credit_notice_workdays) or CreditListing(
            bureau=case.bureau, unit=case.unit, case=case
        )
        listing.status, listing.listed_on = L.LISTED, today
        listing.expires_on = add_months(today, rules.credit_months)
        listing.previous_risk_class = case.unit.risk_class
        listing.save()
        listing.publication = publish(
            actor=actor,
            bureau=case.bureau,
            kind=Publication.Kind.CREDIT,
            subject_type="cases.creditlisting",
            subject_id=str(listing.pk),
            title=f"统计严重失信企业：{case.unit.name}",
            payload=_payload(listing),
            unit_codes=[case.unit.uscc],
            expires_on=listing.expires_on,
        )
        listing.save(update_fields=["publication"])
        due = _workdays(case.decided_on or today, rules.credit_publish_workdays)
        late = f"（超过决定后{rules.credit_publish_workdays}个工作日的期限 {due}）" if today > due else ""
        set_risk_class(
            actor=actor,
            unit=case.unit,
            risk_class=rules.credit_risk_class,
            reason=f"列入统计严重失信企业（{case.decision_number}）",
        )
        _event(actor, listing, "listed", f"列入统计严重失信企业名单，公示至 {listing.expires_on}{late}")
    return listing


def _locked(listing: CreditListing) -> CreditListing:
    return (
        CreditListing.objects.select_for_update(of=("self",))
        .select_related("unit", "case", "bureau")
        .get(pk=listing.pk)
    )


def apply_repair(*, actor: Any, listing: CreditListing, applied_on: dt.date, note: str) -> CreditListing:
    """信用修复申请: not before the minimum months on the list; opens the deadline for the decision on it."""
    from shuangsuiji.deadlines import services as deadlines

    _require_handler(actor, listing.case)
    rules = settings_for(listing.bureau)
    with transaction.atomic():
        listing = _locked(listing)
        if listing.status != L.LISTED:
            raise CaseError(f"名单状态为“{listing.get_status_display()}”，不能申请信用修复")
        listed: dt.date = listing.listed_on  # type: ignore[assignment]  # set on every listed row
        earliest = add_months(listed, rules.credit_repair_after_months)
        if applied_on > timezone.localdate():
            raise CaseError("申请日期不能晚于今天", "applied_on")
        if applied_on < earliest:
            raise CaseError(f"列入名单满{rules.credit_repair_after_months}个月后（{earliest} 起）方可申请信用修复")
        if not note.strip():
            raise CaseError("请说明整改和修复情况")
        listing.status, listing.repair_applied_on, listing.repair_note = L.REPAIR_APPLIED, applied_on, note.strip()
        listing.save(update_fields=["status", "repair_applied_on", "repair_note"])
        try:
            deadline = deadlines.open_deadline(
                actor=actor,
                bureau=listing.bureau,
                kind=REPAIR_DEADLINE,
                subject_type=SUBJECT,
                subject_id=str(listing.pk),
                label=f"信用修复申请：{listing.unit.name}",
                start_on=applied_on,
                url=f"/cases/{listing.case_id}/#credit",
            )
        except deadlines.DeadlineError as exc:
            raise CaseError(str(exc), "applied_on") from None
        _event(actor, listing, "repair_applied", f"申请信用修复，应于 {deadline.due_on} 前作出决定")
    return listing


def decide_repair(*, actor: Any, listing: CreditListing, accept: bool, reason: str) -> CreditListing:
    """A verified repair removes the unit early (the portal entry disappears, the risk class is restored); a
    false one extends the term to the longer period."""
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.directory.services.units import set_risk_class
    from shuangsuiji.publicity.services.core import withdraw

    _require_head(actor, listing.case)
    if not reason.strip():
        raise CaseError("请写明审核理由", "reason")
    with transaction.atomic():
        listing = _locked(listing)
        if listing.status != L.REPAIR_APPLIED:
            raise CaseError("没有待审核的信用修复申请")
        from shuangsuiji.deadlines.models import Deadline

        # an application recorded before the platform kept this deadline has none to close
        if Deadline.objects.filter(kind=REPAIR_DEADLINE, subject_type=SUBJECT, subject_id=str(listing.pk)).exists():
            deadlines.complete_deadline(
                actor=actor,
                kind=REPAIR_DEADLINE,
                subject_type=SUBJECT,
                subject_id=str(listing.pk),
                done_on=timezone.localdate(),
            )
        if accept:
            listing.status, listing.removed_on, listing.reason = L.REMOVED, timezone.localdate(), reason.strip()
            listing.save(update_fields=["status", "removed_on", "reason"])
            if listing.publication:
                withdraw(actor=actor, publication=listing.publication, reason=f"信用修复，提前移出：{reason.strip()}")
            set_risk_class(
                actor=actor,
                unit=listing.unit,
                risk_class=listing.previous_risk_class or "C",
                reason="信用修复，移出统计严重失信企业名单",
            )
            _event(actor, listing, "removed", "信用修复通过，提前移出名单")
            return listing
    return extend_listing(actor=actor, listing=listing, reason=f"信用修复不实：{reason.strip()}")


def extend_listing(*, actor: Any, listing: CreditListing, reason: str) -> CreditListing:
    """修复不实或再次违法: the term becomes the longer period from the listing date."""
    from shuangsuiji.publicity.services.core import correct

    _require_head(actor, listing.case)
    if not reason.strip():
        raise CaseError("请写明延长公示期的理由（如修复不实、再次违法）", "reason")
    rules = settings_for(listing.bureau)
    with transaction.atomic():
        listing = _locked(listing)
        if listing.status not in (L.LISTED, L.REPAIR_APPLIED):
            raise CaseError("名单已移出或期满，不能延长")
        listed: dt.date = listing.listed_on  # type: ignore[assignment]  # set on every listed row
        ends: dt.date = listing.expires_on  # type: ignore[assignment]
        listing.expires_on = max(ends, add_months(listed, rules.credit_extended_months))
        listing.status, listing.extended, listing.reason = L.LISTED, True, reason.strip()
        listing.extended_on = timezone.localdate()
        if listing.publication:
            listing.publication = correct(
                actor=actor,
                publication=listing.publication,
                payload=_payload(listing),
                note=reason.strip(),
                expires_on=listing.expires_on,
            )
        listing.save()
        _event(actor, listing, "extended", f"延长公示至 {listing.expires_on}：{reason}")
    return listing


def expire_listings(*, actor: Any, today: dt.date) -> int:
    """Run daily (`shuangsuiji tick`): listings past their term end and the unit's risk class is restored. The
    portal already hides them from the day after the term (Publication.expires_on)."""
    from shuangsuiji.directory.services.units import set_risk_class

    done = 0
    for listing in CreditListing.objects.filter(status__in=[L.LISTED], expires_on__lt=today).select_related("unit"):
        with transaction.atomic():
            listing = _locked(listing)
            listing.status, listing.removed_on = L.EXPIRED, today
            listing.save(update_fields=["status", "removed_on"])
            set_risk_class(
                actor=actor,
                unit=listing.unit,
                risk_class=listing.previous_risk_class or "C",
                reason="统计严重失信企业公示期满",
            )
            _event(actor, listing, "expired", "公示期满，移出名单")
            done += 1
    return done
