"""陈述申辩 and 复核 (行政处罚法 Arts 44–45): after the prior notice, a party that did not ask for a hearing may
state its case and defend itself; the bureau must review what it raised (复核意见) before deciding, and may not
make the penalty heavier because of it. A party that asked for a hearing states its case there (听证笔录)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from shuangsuiji.cases.models import Case, PartyStatement
from shuangsuiji.cases.services.common import CaseError, S, _event, _expect, _locked, _require_handler, _today
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
