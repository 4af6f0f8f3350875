"""Opening and closing deadlines: the services other apps call when the event that starts or ends one happens.

Each deadline belongs to one subject, named by `subject_type` (the owning model's label, e.g. "inspections.result")
and `subject_id` (its primary key as a string); (kind, subject_type, subject_id) identifies it, so opening twice
returns the same deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.deadlines.models import Deadline, DeadlineRule, HolidaySchedule
from shuangsuiji.deadlines.services.common import (
    DeadlineError,
    add_note,
    apply_computed,
    provisional_text,
)
from shuangsuiji.domain.deadline_rules import DEFAULTS_BY_CODE, YEARLY_CODES, Computed, Rule, compute_due
from shuangsuiji.domain.workdays import CalendarRangeError
from shuangsuiji.organisations.models import Bureau

Status = Deadline.Status
YEARLY_SUBJECT_TYPE = "organisations.bureau"
_YEARLY_LABELS = {
    "annual_plan": "{bureau}{year}年度抽查工作计划",
    "annual_report": "{bureau}{previous}年度行政执法统计年报",
}


def compute(rule: Rule, start_on: dt.date) -> Computed:
    """The due date of `rule` from `start_on` on the current calendar; DeadlineError outside its years."""
    try:
        return compute_due(HolidaySchedule.objects.calendar(), rule, start_on)
    except CalendarRangeError:
        raise DeadlineError(f"无法计算起算日 {start_on.isoformat()} 的期限：超出工作日日历支持的年份") from None


def _check_subject(kind: str, subject_type: str, subject_id: str, label: str, url: str) -> None:
    if kind not in DEFAULTS_BY_CODE:
        raise DeadlineError(f"未知的期限类型：{kind}")
    if not subject_type or not subject_id or len(subject_type) > 64 or len(subject_id) > 64:
        raise DeadlineError("事项类型和事项编号不能为空，且不超过 64 个字符")
    if not label.strip():
        raise DeadlineError("请提供事项名称")
    if url and not url.startswith(("/", "https://", "http://")):
        raise DeadlineError("事项链接须为站内路径（/ 开头）或 http(s) 网址")


def _get_locked(kind: str, subject_type: str, subject_id: str) -> Deadline | None:
    return (
        Deadline.objects.select_for_update()
        .filter(kind=kind, subject_type=subject_type, subject_id=str(subject_id))
        .first()
    )


def _same_deadline(existing: Deadline, bureau: Bureau, start_on: dt.date) -> Deadline:
    if existing.bureau_id != bureau.pk or existing.start_on != start_on:
        raise DeadlineError(
            f"“{existing}”已按起算日 {existing.start_on.isoformat()} 开启；如需更改起算日，请先撤销该期限再重新开启"
        )
    return existing


def open_deadline(
    *,
    actor: Any,
    bureau: Bureau,
    kind: str,
    subject_type: str,
    subject_id: str,
    label: str,
    start_on: dt.date,
    url: str = "",
) -> Deadline:
    """Open the deadline `kind` of one subject, due by the bureau's rule counted from `start_on`.

    Idempotent per (kind, subject): an open or closed deadline is returned as it is; a cancelled one is reopened.
    """
    subject_id = str(subject_id)
    _check_subject(kind, subject_type, subject_id, label, url)
    with transaction.atomic():
        existing = _get_locked(kind, subject_type, subject_id)
        if existing is not None and existing.status != Status.CANCELLED:
            return _same_deadline(existing, bureau, start_on)
        rule = DeadlineRule.objects.rule_for(bureau.pk, kind)
        deadline = existing or Deadline(kind=kind, subject_type=subject_type, subject_id=subject_id)
        _fill(deadline, bureau=bureau, rule=rule, label=label, url=url, start_on=start_on)
        deadline.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                deadline.save()
        except IntegrityError:
            raced = _get_locked(kind, subject_type, subject_id)
            if raced is None:
                raise
            return _same_deadline(raced, bureau, start_on)
        verb = "重新开启" if existing is not None else "开启"
        text = f"{verb}：{rule.describe()}，起算日 {start_on.isoformat()}，到期日 {deadline.due_on.isoformat()}"
        add_note(deadline, actor, text + provisional_text(deadline))
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="deadlines.deadline_opened",
            obj=deadline,
            summary=f"{verb}期限：{deadline}",
            data=_facts(deadline),
        )
    return deadline


def _fill(deadline: Deadline, *, bureau: Bureau, rule: Rule, label: str, url: str, start_on: dt.date) -> None:
    deadline.bureau = bureau
    deadline.subject_label = label.strip()[:200]
    deadline.subject_url = url[:500]
    deadline.start_on = start_on
    deadline.counting = rule.counting.value
    deadline.amount = rule.amount
    deadline.is_before = rule.is_before
    deadline.fixed_month, deadline.fixed_day = rule.fixed_month, rule.fixed_day
    deadline.legal_basis = rule.legal_basis
    apply_computed(deadline, compute(rule, start_on))
    deadline.status, deadline.done_on, deadline.cancel_reason = Status.OPEN, None, ""


def _facts(deadline: Deadline) -> dict[str, Any]:
    return {
        "kind": deadline.kind,
        "subject_type": deadline.subject_type,
        "subject_id": deadline.subject_id,
        "start_on": deadline.start_on.isoformat(),
        "due_on": deadline.due_on.isoformat(),
        "is_provisional": deadline.is_provisional,
        "calendar_version": deadline.calendar_version,
    }


def complete_deadline(*, actor: Any, kind: str, subject_type: str, subject_id: str, done_on: dt.date) -> Deadline:
    """Close a deadline as done on `done_on`: 按期完成 by the due date, 逾期完成 after it (kept on the board)."""
    with transaction.atomic():
        deadline = _get_locked(kind, subject_type, subject_id)
        if deadline is None:
            raise DeadlineError(f"没有这个期限：{kind} {subject_type} {subject_id}")
        if deadline.status in (Status.DONE, Status.DONE_LATE):
            if deadline.done_on == done_on:
                return deadline
            raise DeadlineError(f"“{deadline}”已于 {deadline.done_on} 完成")
        if deadline.status == Status.CANCELLED:
            raise DeadlineError(f"“{deadline}”已撤销，不能标记完成")
        _check_done_on(deadline, done_on)
        deadline.status = Status.DONE if done_on <= deadline.due_on else Status.DONE_LATE
        deadline.done_on = done_on
        deadline.save(update_fields=["status", "done_on", "updated_at"])
        late = f"，逾期 {(done_on - deadline.due_on).days} 天" if deadline.status == Status.DONE_LATE else ""
        add_note(deadline, actor, f"完成：{done_on.isoformat()}（到期日 {deadline.due_on.isoformat()}{late}）")
        record_event(
            actor=actor,
            bureau_id=deadline.bureau_id,
            action="deadlines.deadline_completed",
            obj=deadline,
            summary=f"{deadline.get_status_display()}：{deadline}",
            data={**_facts(deadline), "done_on": done_on.isoformat(), "status": deadline.status},
        )
    return deadline


def _check_done_on(deadline: Deadline, done_on: dt.date) -> None:
    if done_on > timezone.localdate():
        raise DeadlineError(f"完成日期 {done_on.isoformat()} 晚于今天")
    if not deadline.is_before and done_on < deadline.start_on:
        raise DeadlineError(f"完成日期 {done_on.isoformat()} 早于起算日 {deadline.start_on.isoformat()}")


def cancel_deadline(*, actor: Any, kind: str, subject_type: str, subject_id: str, reason: str) -> Deadline:
    """Withdraw a deadline whose start event was undone (a result withdrawn, a case closed early); needs a reason."""
    if not reason.strip():
        raise DeadlineError("请填写撤销原因")
    with transaction.atomic():
        deadline = _get_locked(kind, subject_type, subject_id)
        if deadline is None:
            raise DeadlineError(f"没有这个期限：{kind} {subject_type} {subject_id}")
        if deadline.status == Status.CANCELLED:
            return deadline
        if deadline.status in (Status.DONE, Status.DONE_LATE):
            raise DeadlineError(f"“{deadline}”已完成，不能撤销")
        deadline.status, deadline.cancel_reason = Status.CANCELLED, reason.strip()[:300]
        deadline.save(update_fields=["status", "cancel_reason", "updated_at"])
        add_note(deadline, actor, f"撤销：{deadline.cancel_reason}")
        record_event(
            actor=actor,
            bureau_id=deadline.bureau_id,
            action="deadlines.deadline_cancelled",
            obj=deadline,
            summary=f"撤销期限：{deadline}",
            data={**_facts(deadline), "reason": deadline.cancel_reason},
        )
    return deadline


def mark_overdue(*, actor: Any, today: dt.date) -> list[Deadline]:
    """Record as 已逾期 every open deadline whose due date has passed (the due day itself is still in time)."""
    with transaction.atomic():
        late = list(Deadline.objects.select_for_update().filter(status=Status.OPEN, due_on__lt=today).order_by("id"))
        for deadline in late:
            deadline.status = Status.OVERDUE
            deadline.save(update_fields=["status", "updated_at"])
            add_note(deadline, actor, f"已逾期：到期日 {deadline.due_on.isoformat()}{provisional_text(deadline)}")
            record_event(
                actor=actor,
                bureau_id=deadline.bureau_id,
                action="deadlines.deadline_overdue",
                obj=deadline,
                summary=f"期限逾期：{deadline}",
                data=_facts(deadline),
            )
    return late


# --- the yearly deadlines (annual plan, annual report) ---------------------------------------------------------------


def yearly_subject_id(bureau: Bureau, year: int) -> str:
    return f"{bureau.code}:{year}"


def open_yearly_deadline(*, actor: Any, bureau: Bureau, kind: str, year: int) -> Deadline:
    """Open a bureau's fixed-date deadline of `year` (annual_plan: by 31 March; annual_report: by 31 January)."""
    if kind not in YEARLY_CODES:
        raise DeadlineError(f"{kind} 不是按年固定日期的期限")
    label = _YEARLY_LABELS[kind].format(bureau=bureau.name, year=year, previous=year - 1)
    return open_deadline(
        actor=actor,
        bureau=bureau,
        kind=kind,
        subject_type=YEARLY_SUBJECT_TYPE,
        subject_id=yearly_subject_id(bureau, year),
        label=label,
        start_on=dt.date(year, 1, 1),
    )


def complete_yearly_deadline(*, actor: Any, bureau: Bureau, kind: str, year: int, done_on: dt.date) -> Deadline:
    """Close a bureau's fixed-date deadline of `year` (the planning app calls this when the year's plan is adopted)."""
    return complete_deadline(
        actor=actor,
        kind=kind,
        subject_type=YEARLY_SUBJECT_TYPE,
        subject_id=yearly_subject_id(bureau, year),
        done_on=done_on,
    )


def open_yearly_deadlines(*, actor: Any, year: int, today: dt.date | None = None) -> list[Deadline]:
    """Open the year's fixed-date deadlines of every active province, city and county bureau; returns the new ones.

    With `today`, a deadline whose date has already passed is not opened: on a first run in October the platform
    cannot know whether the year's plan was adopted outside it, and an alarm for every bureau would be noise.
    """
    existing = set(
        Deadline.objects.filter(subject_type=YEARLY_SUBJECT_TYPE, kind__in=YEARLY_CODES).values_list(
            "kind", "subject_id"
        )
    )
    bureaus = Bureau.objects.filter(is_active=True).exclude(level=Bureau.Level.NATIONAL).order_by("path")
    opened = []
    for bureau in bureaus:
        for kind in YEARLY_CODES:
            if (kind, yearly_subject_id(bureau, year)) in existing or _has_passed(bureau, kind, year, today):
                continue
            opened.append(open_yearly_deadline(actor=actor, bureau=bureau, kind=kind, year=year))
    return opened


def _has_passed(bureau: Bureau, kind: str, year: int, today: dt.date | None) -> bool:
    if today is None:
        return False
    return compute(DeadlineRule.objects.rule_for(bureau.pk, kind), dt.date(year, 1, 1)).due_on < today
