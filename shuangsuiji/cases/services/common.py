"""What every case service shares: the errors, the bureau's settings, the audit event, the row lock, the state
and permission checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shuangsuiji.cases.models import Case, CaseSettings
from shuangsuiji.core.audit import record_event
from shuangsuiji.core.permissions import Perm, has_perm

S = Case.Status


class CaseError(Exception):
    """A step that is not allowed now, or bad input; the message is for the user. `field` names the input it is
    about, when there is one; `errors` maps every field at fault to its message (the API returns it)."""

    def __init__(self, message: str, field: str = "", errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.errors = dict(errors) if errors else ({field: message} if field else {})

    @classmethod
    def of(cls, errors: dict[str, str]) -> CaseError:
        """One error carrying several field errors; the message joins them."""
        return cls("；".join(errors.values()), next(iter(errors), ""), errors)


class CasePermissionError(CaseError):
    """The actor may not take this step (role, or another bureau's case); the API answers 403."""


def settings_for(bureau: Any) -> CaseSettings:
    return CaseSettings.objects.filter(bureau=bureau).first() or CaseSettings(bureau=bureau)


def _today() -> dt.date:
    return timezone.localdate()


def _event(actor: Any, case: Case, action: str, summary: str, data: dict[str, Any] | None = None) -> None:
    record_event(
        actor=actor,
        bureau_id=case.bureau_id,
        action=f"cases.{action}",
        obj=case,
        summary=f"{case.code}：{summary}",
        data=data or {},
    )


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("bureau", "unit").get(pk=case.pk)


def _expect(case: Case, *states: str) -> None:
    if case.status not in states:
        raise CaseError(f"案件当前为“{case.get_status_display()}”，不能进行此操作")


def _workdays(start: dt.date, n: int) -> dt.date:
    from shuangsuiji.deadlines.selectors import current_calendar

    return current_calendar().add_workdays(start, n).on


def _rule_days(case: Case, code: str) -> int:
    """The period of the bureau's deadline rule `code` (working days for the case's periods)."""
    from shuangsuiji.deadlines.selectors import rule_for

    return rule_for(case.bureau_id, code).amount


def _require_bureau(actor: Any, bureau_id: int) -> None:
    from shuangsuiji.organisations.selectors import can_write_bureau

    if not can_write_bureau(actor, bureau_id):
        raise CasePermissionError("只能办理本局的案件")


def _require_handler(actor: Any, case: Case) -> None:
    """A step of the case handlers (执法人员, 法制室) of the case's own bureau."""
    if not has_perm(actor, Perm.CASE_EDIT):
        raise CasePermissionError("此步骤须由执法人员或法制室办理")
    _require_bureau(actor, case.bureau_id)


def _require_head(actor: Any, case: Case | None = None) -> None:
    if not has_perm(actor, Perm.CASE_APPROVE):
        raise CasePermissionError("此步骤须由局领导（机关负责人）批准")
    if case is not None:
        _require_bureau(actor, case.bureau_id)


def _handler_users(case: Case) -> set[int]:
    return {h.user_id for h in case.handlers.all() if h.user_id}


def _handler_names(case: Case) -> set[str]:
    return {h.name for h in case.handlers.all()}
