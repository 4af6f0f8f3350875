"""Deadlines and the working-day calendar over REST: read-only, scoped like the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from shuangsuiji.deadlines import selectors
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.deadlines.schemas import AddWorkdaysOut, BoardOut, DeadlineOut, RuleOut, WorkdayOut
from shuangsuiji.domain.workdays import CalendarRangeError
from shuangsuiji.organisations.selectors import bureau_for_user

router = Router(tags=["法定期限"])


def _out(deadline: Deadline) -> DeadlineOut:
    return DeadlineOut(
        id=deadline.pk,
        bureau_code=deadline.bureau.code,
        kind=deadline.kind,
        kind_label=deadline.get_kind_display(),
        subject_type=deadline.subject_type,
        subject_id=deadline.subject_id,
        subject_label=deadline.subject_label,
        subject_url=deadline.subject_url,
        start_on=deadline.start_on,
        due_on=deadline.due_on,
        counting=deadline.counting,
        amount=deadline.amount,
        is_provisional=deadline.is_provisional,
        calendar_version=deadline.calendar_version,
        status=deadline.status,
        done_on=deadline.done_on,
    )


class DeadlineQuery(Schema):
    status: str = ""
    kind: str = ""
    bureau: str = ""
    after: int | None = None
    limit: int = 100


@router.get("/", response=list[DeadlineOut], summary="期限列表（按 id 升序，用 after 翻页）")
def list_deadlines(request: HttpRequest, query: Query[DeadlineQuery]) -> list[DeadlineOut]:
    qs = selectors.deadlines_in_scope(request.user).order_by("id")
    if query.status:
        qs = qs.filter(status=query.status)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.bureau:
        qs = qs.filter(bureau=bureau_for_user(request.user, query.bureau))
    if query.after:
        qs = qs.filter(pk__gt=query.after)
    return [_out(d) for d in qs[: max(1, min(query.limit, 500))]]


@router.get("/board", response=BoardOut, summary="期限看板：5个工作日内到期、已逾期、近一年逾期完成")
def board(request: HttpRequest) -> BoardOut:
    data = selectors.due_board(request.user, timezone.localdate())
    return BoardOut(
        today=data.today,
        horizon=data.horizon,
        due_soon=[_out(d) for d in data.due_soon],
        overdue=[_out(d) for d in data.overdue],
        done_late=[_out(d) for d in data.done_late],
    )


@router.get("/rules", response=list[RuleOut], summary="本局期限规则")
def rules(request: HttpRequest) -> list[RuleOut]:
    bureau_id = request.user.bureau_id  # type: ignore[union-attr]
    if bureau_id is None:
        return []
    return [
        RuleOut(
            code=row.rule.code,
            label=row.rule.label,
            counting=row.rule.counting.value,
            amount=row.rule.amount,
            is_before=row.rule.is_before,
            fixed_month=row.rule.fixed_month,
            fixed_day=row.rule.fixed_day,
            description=row.rule.describe(),
            start_event=row.rule.start_event,
            legal_basis=row.rule.legal_basis,
            is_default=row.is_default,
        )
        for row in selectors.rules_for(bureau_id)
    ]


@router.get("/calendar/workday", response=WorkdayOut, summary="某日是否为工作日")
def workday(request: HttpRequest, date: dt.date) -> WorkdayOut:
    calendar = selectors.current_calendar()
    try:
        answer = calendar.is_workday(date)
        return WorkdayOut(
            date=date,
            is_workday=answer.is_workday,
            is_provisional=answer.is_provisional,
            holiday=calendar.day_name(date),
            source=calendar.source(date.year).value,
        )
    except CalendarRangeError as exc:
        raise ValidationError(str(exc)) from None


@router.get("/calendar/add-workdays", response=AddWorkdaysOut, summary="某日之后第 n 个工作日（起算日不计入）")
def add_workdays(request: HttpRequest, date: dt.date, n: int) -> AddWorkdaysOut:
    if abs(n) > 1000:
        raise ValidationError("n 的绝对值不能超过 1000")
    calendar = selectors.current_calendar()
    try:
        due = calendar.add_workdays(date, n)
        version = calendar.version_between(date, due.on)
    except CalendarRangeError as exc:
        raise ValidationError(str(exc)) from None
    return AddWorkdaysOut(start=date, n=n, date=due.on, is_provisional=due.is_provisional, calendar_version=version)


@router.get("/{int:pk}", response=DeadlineOut)
def get_deadline(request: HttpRequest, pk: int) -> DeadlineOut:
    return _out(selectors.deadline_detail(request.user, pk))
