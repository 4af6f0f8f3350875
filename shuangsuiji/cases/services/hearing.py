"""听证 (行政处罚法 Arts 63–65): the party's request within 5 working days of the notice, the 听证通知 served at
least 7 working days before the hearing (its date stored), and the 听证笔录 the decision is then based on. The
periods are the bureau's deadline rules `hearing_request` and `hearing_notice`, counted on the working-day
calendar."""

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
    _handler_names,
    _locked,
    _require_handler,
    _rule_days,
    _today,
    _workdays,
)


def request_hearing(*, actor: Any, case: Case, requested_on: dt.date) -> Case:
    """The party asks for a hearing, within the working days of the rule `hearing_request` after the notice."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        if not case.hearing_right:
            raise CaseError("拟作出的处罚未达到听证标准，当事人无权要求听证")
        if case.hearing_requested_on:
            raise CaseError(f"当事人已于 {case.hearing_requested_on} 申请听证", "requested_on")
        notified: dt.date = case.notified_on  # type: ignore[assignment]
        days = _rule_days(case, "hearing_request")
        limit = _workdays(notified, days)
        if requested_on > limit:
            raise CaseError(f"听证申请应在告知后{days}个工作日内（{limit} 前）提出，已逾期", "requested_on")
        if requested_on < notified or requested_on > _today():
            raise CaseError("申请日期应在事先告知日期与今天之间", "requested_on")
        case.hearing_requested_on = requested_on
        case.save(update_fields=["hearing_requested_on"])
        _event(actor, case, "hearing_requested", f"当事人于 {requested_on} 申请听证")
    return case


def _check_notice(case: Case, noticed_on: dt.date, hearing_on: dt.date, place: str, chair: str) -> None:
    errors = {}
    requested: dt.date = case.hearing_requested_on  # type: ignore[assignment]
    if noticed_on < requested or noticed_on > _today():
        errors["noticed_on"] = f"通知日期应在申请听证日期（{requested}）与今天之间"
    else:
        # Counted forward from the notice (the day of notice not counted), so that a notice served on a day off
        # gives the same earliest hearing day the message names; counting back from the hearing would not.
        days = _rule_days(case, "hearing_notice")
        earliest = _workdays(noticed_on, days)
        if hearing_on < earliest:
            latest = _workdays(hearing_on, -days)
            errors["hearing_on"] = (
                f"听证通知书应于听证{days}个工作日前送达：听证日 {hearing_on} 的通知最迟 {latest} 送达；"
                f"{noticed_on} 通知的，听证最早为 {earliest}"
            )
    if not place.strip():
        errors["place"] = "请填写听证地点"
    if not chair.strip():
        errors["chair"] = "请填写听证主持人"
    elif chair.strip() in _handler_names(case):
        errors["chair"] = "听证主持人不能由本案承办人担任（行政处罚法第六十四条）"
    if errors:
        raise CaseError.of(errors)


def schedule_hearing(
    *, actor: Any, case: Case, noticed_on: dt.date, hearing_on: dt.date, place: str, chair: str
) -> Case:
    """听证通知: the date the 听证通知书 was served, the hearing's date and place, and a chair who is not a case
    handler. A hearing may be rescheduled (a new notice) until it has been held."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        _expect(case, S.NOTIFIED)
        if case.hearing_requested_on is None:
            raise CaseError("当事人未申请听证")
        if HearingRecord.objects.filter(case=case).exists():
            raise CaseError("听证已经举行，不能重新通知")
        _check_notice(case, noticed_on, hearing_on, place, chair)
        again = case.hearing_noticed_on is not None
        case.hearing_noticed_on, case.hearing_on = noticed_on, hearing_on
        case.hearing_place, case.hearing_chair = place.strip(), chair.strip()
        case.save(update_fields=["hearing_noticed_on", "hearing_on", "hearing_place", "hearing_chair"])
        _event(
            actor,
            case,
            "hearing_noticed",
            f"{'重新' if again else ''}通知听证：{noticed_on} 送达通知书，{hearing_on} 在{case.hearing_place}举行，"
            f"主持人 {case.hearing_chair}",
        )
    return case


_AFTER_DECISION = (S.DECIDED, S.SERVED, S.EXECUTED, S.CLOSED)


def missing_hearing_record(case: Case) -> str:
    """What a case that recorded a hearing date but has no 听证笔录 needs, in words for the page ("" when
    nothing is missing). Such cases come from before the platform kept the record; the platform does not invent one
    from the date (a 听证笔录 is what the participants signed), it asks for the record to be entered."""
    if case.hearing_on is None or HearingRecord.objects.filter(case=case).exists():
        return ""
    if case.status in _AFTER_DECISION and case.decided_on and case.hearing_on <= case.decided_on:
        return (
            f"本案登记了听证日期（{case.hearing_on}），但平台中没有听证笔录（该案在平台记录听证笔录之前已作出决定）："
            "请按纸质听证笔录补录，补录后归入案卷"
        )
    if case.status == S.NOTIFIED and case.hearing_noticed_on is None:
        return (
            f"本案登记了听证日期（{case.hearing_on}），但未记录听证通知书的送达日期（平台记录该日期之前的数据）："
            "请先补录听证通知（送达日期、地点、主持人），再记录听证笔录"
        )
    return ""


def _check_hearing_state(case: Case) -> bool:
    """Whether the record is a 补录 of a hearing held before a decision made without it in the platform."""
    if case.status in _AFTER_DECISION and missing_hearing_record(case):
        return True
    _expect(case, S.NOTIFIED)
    if case.hearing_on is not None and case.hearing_noticed_on is None:
        raise CaseError(missing_hearing_record(case))
    if case.hearing_noticed_on is None or case.hearing_on is None:
        raise CaseError("尚未通知听证时间、地点，不能记录听证")
    if case.hearing_on > _today():
        raise CaseError(f"听证定于 {case.hearing_on} 举行，尚未到期")
    return False


def record_hearing(
    *,
    actor: Any,
    case: Case,
    participants: str,
    recorder: str,
    party_attended: bool,
    investigator_statement: str,
    party_statement: str,
    transcript: str,
) -> HearingRecord:
    """听证笔录 of the hearing held on the noticed date: who took part, the investigators' case, the party's
    statements, the course of the hearing. A party that did not attend waived the hearing (Art 64 (六)). Also the
    补录 (from the paper record) of a hearing held before a decision the platform recorded without it."""
    _require_handler(actor, case)
    with transaction.atomic():
        case = _locked(case)
        if HearingRecord.objects.filter(case=case).exists():
            raise CaseError("本案已有听证笔录")
        backfill = _check_hearing_state(case)
        errors = {}
        if not participants.strip():
            errors["participants"] = "请填写参加听证的人员"
        if not recorder.strip():
            errors["recorder"] = "请填写记录人"
        if not transcript.strip():
            errors["transcript"] = "请填写听证经过"
        if party_attended and not investigator_statement.strip():
            errors["investigator_statement"] = "请填写调查人员提出的违法事实、证据和处罚建议"
        if party_attended and not party_statement.strip():
            errors["party_statement"] = "请填写当事人的陈述、申辩和质证意见"
        if errors:
            raise CaseError.of(errors)
        held_on: dt.date = case.hearing_on  # type: ignore[assignment]  # both states above require the date
        record = HearingRecord(
            case=case,
            held_on=held_on,
            participants=participants.strip(),
            recorder=recorder.strip(),
            party_attended=party_attended,
            investigator_statement=investigator_statement.strip(),
            party_statement=party_statement.strip(),
            transcript=transcript.strip(),
            recorded_by=actor,
        )
        record.full_clean()
        record.save()
        what = "听证笔录已记录" if party_attended else "当事人无正当理由未出席，视为放弃听证"
        if backfill:
            what = f"按纸质笔录补录（决定作出于 {case.decided_on}）：{what}"
        action = "hearing_backfilled" if backfill else "hearing_held"
        _event(actor, case, action, f"{case.hearing_on} 听证：{what}", {"hearing_record": record.pk})
    return record
