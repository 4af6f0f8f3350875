"""陈述申辩 and 复核 (行政处罚法 Arts 44–45): after the prior notice, a party that did not ask for a hearing may
state its case and defend itself; the bureau must review what it raised (复核意见) before deciding, and may not
make the penalty heavier because of it. A party that asked for a hearing states its case there (听证笔录).

No decision may be made before the party has had its say (Art 62): the decision waits until the period of the
rule `statement_period` (and, with a hearing right, `hearing_request`) after the notice has passed, unless the
party has stated its case or has expressly waived its rights (`record_waiver`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import Case, PartyStatement
from shuangsuiji.cases.services.common import (
    CaseError,
    S,
    _event,
    _expect,
    _locked,
    _require_handler,
    _rule_days,
    _today,
    _workdays,
)
from shuangsuiji.cases.services.steps import proposal_for
from shuangsuiji.domain import penalties

HEAVIER = "不得因当事人陈述、申辩而给予更重的处罚（行政处罚法第四十五条）"


def statement_of(case: Case) -> PartyStatement | None:
    return PartyStatement.objects.filter(case=case).first()


def _statement_errors(
    case: Case, stated_on: dt.date, manner: str, person: str, person_role: str, recorder: str, statement: str
) -> dict[str, str]:
    errors = {}
    notified: dt.date = case.notified_on  # type: ignore[assignment]
    if stated_on < notified or stated_on > _today():
        errors["stated_on"] = f"陈述申辩日期应在事先告知日期（{notified}）与今天之间"
    if manner not in PartyStatement.Manner.values:
        errors["manner"] = "请选择陈述申辩方式"
    if not person.strip():
        errors["person"] = "请填写陈述申辩人"
    if not person_role.strip():
        errors["person_role"] = "请填写陈述申辩人的身份"
    if manner == PartyStatement.Manner.ORAL and not recorder.strip():
        errors["recorder"] = "口头陈述申辩须填写记录人"
    if not statement.strip():
        errors["statement"] = "请填写当事人陈述申辩的事实、理由和证据"
    return errors


def record_statement(
    *,
    actor: Any,
    case: Case,
    stated_on: dt.date,
    manner: str,
    person: str,
    person_role: str,
    recorder: str,
    statement: str,
) -> PartyStatement:
    """陈述申辩笔录 of a notified case without a hearing request: who stated, when, how, and what they raised."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        if case.hearing_requested_on:
            raise CaseError("当事人已申请听证，其陈述、申辩在听证中提出，记入听证笔录")
        if statement_of(case) is not None:
            raise CaseError("本案已有陈述申辩笔录")
        if errors := _statement_errors(case, stated_on, manner, person, person_role, recorder, statement):
            raise CaseError.of(errors)
        item = PartyStatement(
            case=case,
            stated_on=stated_on,
            manner=manner,
            person=person.strip(),
            person_role=person_role.strip(),
            recorder=recorder.strip(),
            statement=statement.strip(),
            recorded_by=actor,
        )
        item.full_clean()
        item.save()
        _event(
            actor,
            case,
            "statement_recorded",
            f"当事人于 {stated_on} {item.get_manner_display()}（{item.person}）",
            {"statement": item.pk},
        )
    return item


def _reviewed_fine(case: Case, opinion: str, fine: int | None) -> int:
    """The proposed fine after the review: unchanged when the defence is rejected, never above the notice, and
    inside the legal range (a 情节严重 floor still holds)."""
    notified = case.proposed_fine or 0
    if opinion == PartyStatement.Opinion.REJECTED:
        if fine is not None and fine != notified:
            raise CaseError(f"不予采纳的，拟罚款维持事先告知的 {notified:,} 元", "reviewed_fine")
        return notified
    if fine is None:
        raise CaseError("采纳或部分采纳的，请填写复核后的拟罚款（元）", "reviewed_fine")
    if fine > notified:
        raise CaseError(f"复核后的拟罚款不得高于事先告知的 {notified:,} 元：{HEAVIER}", "reviewed_fine")
    try:
        penalties.check_fine(proposal_for(case), fine)
    except penalties.PenaltyError as exc:
        raise CaseError(f"复核后的拟罚款：{exc}", "reviewed_fine") from None
    return fine


def review_statement(
    *, actor: Any, case: Case, opinion: str, reasons: str, reviewed_fine: int | None = None
) -> PartyStatement:
    """复核意见 on the party's statement: 采纳 / 部分采纳 / 不予采纳 with reasons; an accepted defence may lower the
    proposed fine, none may raise it."""
    _require_handler(actor, case)
    if opinion not in PartyStatement.Opinion.values:
        raise CaseError("请选择复核意见", "opinion")
    if not reasons.strip():
        raise CaseError("请写明复核理由（对当事人提出的事实、理由和证据逐一复核）", "reasons")
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        item = statement_of(case)
        if item is None:
            raise CaseError("本案没有陈述申辩笔录，无需复核")
        if item.is_reviewed:
            raise CaseError("本案的陈述申辩已复核")
        item.reviewed_fine = _reviewed_fine(case, opinion, reviewed_fine)
        item.opinion, item.review_reasons = opinion, reasons.strip()
        item.reviewed_on, item.reviewed_by = _today(), actor
        item.full_clean()
        item.save()
        _event(
            actor,
            case,
            "statement_reviewed",
            f"陈述申辩复核：{item.get_opinion_display()}，拟罚款 {item.reviewed_fine:,} 元",
            {"statement": item.pk, "reviewed_fine": item.reviewed_fine},
        )
    return item


def check_decided_fine(case: Case, fine: int) -> None:
    """The decision after a statement: not before its review, not above the notified fine nor the reviewed one."""
    notified = case.proposed_fine
    item = statement_of(case)
    if item is None:
        if notified is not None and fine > notified:
            raise CaseError(f"决定的罚款不得高于事先告知的拟罚款 {notified:,} 元（加重须重新事先告知）", "fine")
        return
    if not item.is_reviewed:
        raise CaseError("当事人已陈述申辩，须先对其提出的事实、理由和证据进行复核（记录复核意见）后才能作出决定")
    if notified is not None and fine > notified:
        raise CaseError(f"当事人已陈述申辩，决定的罚款 {fine:,} 元高于事先告知的 {notified:,} 元：{HEAVIER}", "fine")
    if item.reviewed_fine is not None and fine > item.reviewed_fine:
        raise CaseError(
            f"复核意见{item.get_opinion_display()}当事人的陈述申辩，拟罚款调整为 {item.reviewed_fine:,} 元，"
            "决定的罚款不得高于该数额",
            "fine",
        )


def _period(case: Case, code: str) -> tuple[int, dt.date]:
    """The rule's working days after the notice and the last day of them."""
    days = _rule_days(case, code)
    return days, _workdays(case.notified_on, days)  # type: ignore[arg-type]


def answer_periods(case: Case) -> list[dict[str, Any]]:
    """The periods the notice gave the party (陈述申辩; 要求听证 with a hearing right), each with its last day and
    whether it still holds the decision back, for the case page and for `decide`."""
    if not case.notified_on:
        return []
    settled = bool(case.rights_waived_on or case.hearing_requested_on)
    today = _today()
    days, ends = _period(case, "statement_period")
    periods = [
        {
            "code": "statement_period",
            "label": "陈述、申辩",
            "days": days,
            "ends": ends,
            "pending": not settled and statement_of(case) is None and today <= ends,
        }
    ]
    if case.hearing_right:
        days, ends = _period(case, "hearing_request")
        periods.append(
            {
                "code": "hearing_request",
                "label": "要求听证",
                "days": days,
                "ends": ends,
                "pending": not settled and today <= ends,
            }
        )
    return periods


def check_answer_periods(case: Case) -> None:
    """Refuses a decision while the party may still state its case or ask for a hearing (Art 62)."""
    for period in answer_periods(case):
        if period["pending"]:
            raise CaseError(
                f"当事人{period['label']}的期限（事先告知后{period['days']}个工作日，至 {period['ends']}）尚未届满，"
                "期满后或当事人明确放弃权利后才能作出决定（行政处罚法第六十二条）"
            )


def record_waiver(*, actor: Any, case: Case, waived_on: dt.date, person: str, person_role: str, waiver: str) -> Case:
    """当事人明确放弃陈述、申辩（及听证）权利: who declared it, in what capacity, when and how. The decision then
    need not wait for the periods of the notice to end."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        if case.hearing_requested_on:
            raise CaseError("当事人已申请听证，不能记录放弃权利")
        if case.rights_waived_on:
            raise CaseError(f"当事人已于 {case.rights_waived_on} 声明放弃权利")
        if statement_of(case) is not None and not case.hearing_right:
            raise CaseError("当事人已陈述申辩，无需记录放弃声明")
        errors = {}
        notified: dt.date = case.notified_on  # type: ignore[assignment]
        if waived_on < notified or waived_on > _today():
            errors["waived_on"] = f"放弃声明日期应在事先告知日期（{notified}）与今天之间"
        if not person.strip():
            errors["person"] = "请填写声明人"
        elif len(person.strip()) > 50:
            errors["person"] = "声明人不超过50个字"
        if not person_role.strip():
            errors["person_role"] = "请填写声明人的身份（法定代表人、委托代理人等）"
        elif len(person_role.strip()) > 90:
            errors["person_role"] = "声明人的身份不超过90个字"
        if not waiver.strip():
            errors["waiver"] = "请填写放弃声明的方式和内容（如：书面声明放弃陈述、申辩权利）"
        elif len(waiver.strip()) > 300:
            errors["waiver"] = "放弃声明的方式和内容不超过300个字"
        if errors:
            raise CaseError.of(errors)
        case.rights_waived_on = waived_on
        case.rights_waived_by = f"{person.strip()}（{person_role.strip()}）"
        case.rights_waiver = waiver.strip()
        case.save(update_fields=["rights_waived_on", "rights_waived_by", "rights_waiver"])
        _event(
            actor,
            case,
            "rights_waived",
            f"当事人于 {waived_on} 声明放弃陈述、申辩" + ("及听证" if case.hearing_right else "") + "权利",
            {"by": case.rights_waived_by, "waiver": case.rights_waiver},
        )
    return case
