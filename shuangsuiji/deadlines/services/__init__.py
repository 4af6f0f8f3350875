"""Writes of the deadline engine. Other apps open and close their deadlines here; see docs/deadlines.md.

    open_deadline(*, actor, bureau, kind, subject_type, subject_id, label, start_on, url="") -> Deadline
    complete_deadline(*, actor, kind, subject_type, subject_id, done_on) -> Deadline
    cancel_deadline(*, actor, kind, subject_type, subject_id, reason) -> Deadline
    open_yearly_deadline / complete_yearly_deadline(*, actor, bureau, kind, year[, done_on]) -> Deadline

All raise DeadlineError (a ValueError with a Chinese message) on a request they refuse.
"""

from shuangsuiji.deadlines.services.calendar import (
    ScheduleEntered,
    enter_holiday_schedule,
    recompute_deadlines,
)
from shuangsuiji.deadlines.services.common import DeadlineError
from shuangsuiji.deadlines.services.deadlines import (
    YEARLY_SUBJECT_TYPE,
    cancel_deadline,
    complete_deadline,
    complete_yearly_deadline,
    mark_overdue,
    open_deadline,
    open_yearly_deadline,
    open_yearly_deadlines,
    yearly_subject_id,
)
from shuangsuiji.deadlines.services.reminders import ReminderReport, mail_is_configured, send_reminders
from shuangsuiji.deadlines.services.rules import RuleError, change_rule, reset_rule
from shuangsuiji.domain.holiday_schedule import ScheduleError

__all__ = [
    "YEARLY_SUBJECT_TYPE",
    "DeadlineError",
    "ReminderReport",
    "RuleError",
    "ScheduleEntered",
    "ScheduleError",
    "cancel_deadline",
    "change_rule",
    "complete_deadline",
    "complete_yearly_deadline",
    "enter_holiday_schedule",
    "mail_is_configured",
    "mark_overdue",
    "open_deadline",
    "open_yearly_deadline",
    "open_yearly_deadlines",
    "recompute_deadlines",
    "reset_rule",
    "send_reminders",
    "yearly_subject_id",
]
