"""证据先行登记保存 (统计法 Art 38 (五), 行政处罚法 Art 56): the handlers request it during 调查取证, the bureau
head approves it before it is carried out, and a decision on the evidence is recorded within the bureau's
`preservation_decision` period (7 working days by default), which opens on the board when the evidence is
preserved and closes with the decision. Past that period the evidence may no longer be kept or used: the only
decision still accepted is to release it to the party (recorded 逾期完成)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import Case, EvidencePreservation
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

P = EvidencePreservation.Status
SUBJECT = "cases.evidencepreservation"
OPEN = (P.REQUESTED, P.APPROVED, P.PRESERVED)
MAX_ITEMS = 100


def pending_preservations(case: Case) -> list[EvidencePreservation]:
    """Requests not yet answered, approved ones not carried out, and preserved evidence awaiting its decision."""
    return list(EvidencePreservation.objects.filter(case=case, status__in=OPEN))


def _lock(item: EvidencePreservation) -> EvidencePreservation:
    return (
        EvidencePreservation.objects.select_for_update(of=("self",))
        .select_related("case", "case__bureau")
        .get(pk=item.pk)
    )


def _item_event(actor: Any, item: EvidencePreservation, action: str, summary: str) -> None:
    _event(actor, item.case, action, f"证据登记保存（第{item.pk}号）：{summary}", {"preservation": item.pk})


def request_preservation(*, actor: Any, case: Case, items: list[str], reason: str, place: str) -> EvidencePreservation:
    """The handlers ask the head to approve 先行登记保存 of the listed evidence."""
    _require_handler(actor, case)
    listed = [line.strip() for line in items if line.strip()]
    errors = {}
    if not listed:
        errors["items"] = "请填写登记保存清单（每行一项：名称、数量、特征）"
    elif len(listed) > MAX_ITEMS or any(len(line) > 200 for line in listed):
        errors["items"] = f"登记保存清单最多 {MAX_ITEMS} 项，每项不超过200字"
    if not reason.strip():
        errors["reason"] = "请写明登记保存的理由（证据可能灭失或者以后难以取得的情形）"
    if not place.strip():
        errors["place"] = "请填写保存地点与方式"
    if errors:
        raise CaseError.of(errors)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.INVESTIGATING)
        item = EvidencePreservation(
            case=case, items=listed, reason=reason.strip(), place=place.strip(), requested_by=actor
        )
        item.full_clean()
        item.save()
        _item_event(actor, item, "preservation_requested", f"提请局领导批准，共 {len(listed)} 项")
    return item


def approve_preservation(
    *, actor: Any, preservation: EvidencePreservation, approve: bool, opinion: str = ""
) -> EvidencePreservation:
    """经本机构负责人批准 (统计法 Art 38): the head approves the request, or refuses it with a reason."""
    _require_head(actor, preservation.case)
    if not approve and not opinion.strip():
        raise CaseError("不予批准须写明理由", "opinion")
    with transaction.atomic():
        item = _lock(preservation)
        if item.status != P.REQUESTED:
            raise CaseError(f"该登记保存申请当前为“{item.get_status_display()}”，不能再审批")
        _expect(item.case, S.INVESTIGATING)
        item.head, item.head_opinion = actor, opinion.strip()
        if approve:
            item.status, item.approved_on = P.APPROVED, _today()
        else:
            item.status = P.REFUSED
        item.full_clean()
        item.save()
        _item_event(
            actor, item, "preservation_approved" if approve else "preservation_refused", item.get_status_display()
        )
    return item


def carry_out_preservation(
    *, actor: Any, preservation: EvidencePreservation, preserved_on: dt.date
) -> EvidencePreservation:
    """登记保存 carried out (the 证据登记保存通知书 and its 清单 served): only after the head's approval. The
    decision deadline opens from that day."""
    from shuangsuiji.deadlines import services as deadlines

    _require_handler(actor, preservation.case)
    with transaction.atomic():
        item = _lock(preservation)
        if item.status == P.REQUESTED:
            raise CaseError("登记保存须经局领导（本机构负责人）批准后才能实施（统计法第三十八条）")
        if item.status == P.REFUSED:
            raise CaseError("局领导不予批准，不能实施登记保存")
        if item.status != P.APPROVED:
            raise CaseError(f"该登记保存已于 {item.preserved_on} 实施")
        _expect(item.case, S.INVESTIGATING)
        approved: dt.date = item.approved_on  # type: ignore[assignment]
        if preserved_on < approved or preserved_on > _today():
            raise CaseError(f"登记保存日期应在批准日期（{approved}）与今天之间", "preserved_on")
        item.status, item.preserved_on = P.PRESERVED, preserved_on
        item.full_clean()
        item.save()
        try:
            deadline = deadlines.open_deadline(
                actor=actor,
                bureau=item.case.bureau,
                kind="preservation_decision",
                subject_type=SUBJECT,
                subject_id=str(item.pk),
                label=f"{item.case.code} 登记保存的证据（第{item.pk}号）",
                start_on=preserved_on,
                url=f"/cases/{item.case_id}/#preservation-{item.pk}",
            )
        except deadlines.DeadlineError as exc:
            raise CaseError(str(exc), "preserved_on") from None
        _item_event(actor, item, "preserved", f"{preserved_on} 实施，须于 {deadline.due_on} 前作出处理决定")
    return item


def decision_due_on(item: EvidencePreservation) -> dt.date | None:
    """The last day for the decision on preserved evidence (None before it is preserved)."""
    from shuangsuiji.deadlines.selectors import deadlines_for

    found = [d for d in deadlines_for(SUBJECT, str(item.pk)) if d.kind == "preservation_decision"]
    return found[0].due_on if found else None


def decide_preservation(
    *, actor: Any, preservation: EvidencePreservation, decision: str, note: str, decided_on: dt.date
) -> EvidencePreservation:
    """登记保存处理决定 by the head within the period: release after copying, release, or transfer to the body
    competent for it. Past the period only a release is accepted (the deadline is then done late)."""
    from shuangsuiji.deadlines import services as deadlines

    _require_head(actor, preservation.case)
    D = EvidencePreservation.Decision
    if decision not in D.values:
        raise CaseError("请选择处理决定", "decision")
    if not note.strip():
        raise CaseError("请写明处理决定的内容和依据", "note")
    with transaction.atomic():
        item = _lock(preservation)
        if item.status != P.PRESERVED:
            raise CaseError(f"该登记保存当前为“{item.get_status_display()}”，没有需要处理的证据")
        preserved: dt.date = item.preserved_on  # type: ignore[assignment]
        if decided_on < preserved or decided_on > _today():
            raise CaseError(f"处理决定日期应在登记保存日期（{preserved}）与今天之间", "decided_on")
        due = decision_due_on(item)
        if due is not None and decided_on > due and decision != D.RELEASED:
            raise CaseError(
                f"登记保存已超过处理期限（{due} 到期，行政处罚法第五十六条）：不能再作“{D(decision).label}”的决定，"
                "只能解除登记保存、退还当事人",
                "decision",
            )
        item.decision, item.decision_note, item.decided_on = decision, note.strip(), decided_on
        item.decided_by, item.status = actor, P.DECIDED
        item.full_clean()
        item.save()
        deadlines.complete_deadline(
            actor=actor, kind="preservation_decision", subject_type=SUBJECT, subject_id=str(item.pk), done_on=decided_on
        )
        late = "（逾期）" if due is not None and decided_on > due else ""
        _item_event(actor, item, "preservation_decided", f"{decided_on} 处理决定{late}：{item.get_decision_display()}")
    return item
