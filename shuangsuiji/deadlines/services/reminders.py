"""Reminder e-mails to each bureau's coordinators (法制室) about deadlines falling due soon or overdue.

One e-mail per bureau per run lists its deadlines; a deadline is in at most one reminder a day. The mail is sent
before the deadlines are marked as reminded, so a failed send is retried on the next run instead of being lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from shuangsuiji.accounts.selectors import users_with_role
from shuangsuiji.core.audit import record_event
from shuangsuiji.core.roles import Role
from shuangsuiji.deadlines.models import Deadline, HolidaySchedule
from shuangsuiji.deadlines.services.common import add_note

logger = logging.getLogger(__name__)
_LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class ReminderReport:
    """What a reminder run did, for the command's summary."""

    is_mail_configured: bool
    emails_sent: int = 0
    deadlines_reminded: int = 0
    deadlines_due: int = 0
    bureaus_without_recipients: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def mail_is_configured() -> bool:
    """Mail is configured when an SMTP host is set (settings fall back to the in-memory backend without one)."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != _LOCMEM


def send_reminders(*, actor: Any, today: dt.date, within_workdays: int) -> ReminderReport:
    """E-mail each bureau's coordinators about deadlines due within `within_workdays` working days or overdue."""
    horizon = HolidaySchedule.objects.calendar().add_workdays(today, within_workdays).on
    candidates = list(
        Deadline.objects.active()
        .filter(due_on__lte=horizon)
        .exclude(last_reminded_on=today)
        .select_related("bureau")
        .order_by("bureau_id", "due_on", "id")
    )
    report = ReminderReport(is_mail_configured=mail_is_configured(), deadlines_due=len(candidates))
    if not report.is_mail_configured:
        return report
    for _bureau_id, group in groupby(candidates, key=lambda d: d.bureau_id):
        _remind_bureau(list(group), actor, today, report)
    return report


def _remind_bureau(deadlines: list[Deadline], actor: Any, today: dt.date, report: ReminderReport) -> None:
    bureau = deadlines[0].bureau
    recipients = [u.email for u in users_with_role(bureau.pk, Role.COORDINATOR) if u.email]
    if not recipients:
        report.bureaus_without_recipients.append(bureau.name)
        return
    subject, body = _message(deadlines, today)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as exc:  # any transport failure: report it and go on with the other bureaus
        logger.warning("reminder mail for %s failed: %s", bureau.code, exc)
        report.failures.append(f"{bureau.name}: {exc}")
        return
    _mark_reminded(deadlines, actor, today, recipients)
    report.emails_sent += 1
    report.deadlines_reminded += len(deadlines)


def _message(deadlines: list[Deadline], today: dt.date) -> tuple[str, str]:
    overdue = [d for d in deadlines if d.due_on < today]
    soon = [d for d in deadlines if d.due_on >= today]
    subject = f"【期限提醒】{deadlines[0].bureau.name}：{len(soon)} 项即将到期，{len(overdue)} 项已逾期"
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    lines = [f"截至 {today.isoformat()}，以下法定期限需要处理：", ""]
    for title, group in (("已逾期", overdue), ("即将到期", soon)):
        if group:
            lines.append(f"{title}：")
            lines += [_line(d, base) for d in group]
            lines.append("")
    if any(d.is_provisional for d in deadlines):
        lines.append("“暂定”表示到期日所跨年份的国务院放假安排尚未公布，公布并录入后将自动重新计算。")
    lines.append(f"期限看板：{base}{reverse('deadlines:board')}")
    return subject, "\n".join(lines)


def _line(deadline: Deadline, base: str) -> str:
    flag = "（暂定）" if deadline.is_provisional else ""
    link = f"{base}{reverse('deadlines:deadline', args=[deadline.pk])}"
    return f"- {deadline.due_on.isoformat()}{flag} {deadline.get_kind_display()}：{deadline.subject_label} {link}"


def _mark_reminded(deadlines: list[Deadline], actor: Any, today: dt.date, recipients: list[str]) -> None:
    with transaction.atomic():
        ids = [d.pk for d in deadlines]
        Deadline.objects.filter(pk__in=ids).update(last_reminded_on=today, reminder_count=F("reminder_count") + 1)
        for deadline in deadlines:
            add_note(deadline, actor, f"已发送提醒邮件（{len(recipients)} 位收件人）")
        record_event(
            actor=actor,
            bureau_id=deadlines[0].bureau_id,
            action="deadlines.reminders_sent",
            object_type="organisations.bureau",
            object_id=str(deadlines[0].bureau_id),
            summary=f"发送期限提醒邮件：{len(deadlines)} 项",
            data={"deadline_ids": ids, "recipients": recipients, "on": today.isoformat()},
        )
