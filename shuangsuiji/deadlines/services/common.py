"""Pieces every deadline service shares: the error type, the history note, the rule a deadline was opened with."""

from __future__ import annotations

from typing import Any

from shuangsuiji.deadlines.models import Deadline, DeadlineNote
from shuangsuiji.domain.deadline_rules import Computed
from shuangsuiji.organisations.models import Bureau


class DeadlineError(ValueError):
    """A request the deadline services refuse, with a message for the user (Chinese)."""


def actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "username", actor))


def add_note(deadline: Deadline, actor: Any, text: str) -> None:
    DeadlineNote.objects.create(deadline=deadline, actor_name=actor_name(actor), text=text[:500])


def apply_computed(deadline: Deadline, computed: Computed) -> None:
    deadline.due_on = computed.due_on
    deadline.is_provisional = computed.is_provisional
    deadline.calendar_version = computed.calendar_version[:300]


def provisional_text(deadline: Deadline) -> str:
    return "（暂定）" if deadline.is_provisional else ""


def audit_bureau_id(actor: Any) -> int:
    """The audit chain for a change that belongs to no bureau (the national holiday table): the actor's bureau,
    or the top of the hierarchy when the actor has none (a command-line run)."""
    bureau_id = getattr(actor, "bureau_id", None)
    if bureau_id:
        return int(bureau_id)
    root = Bureau.objects.filter(parent__isnull=True).order_by("code").values_list("id", flat=True).first()
    if root is None:
        raise DeadlineError("尚未建立任何统计局，无法记录审计日志")
    return int(root)
