"""回避: an inspector declares the units they must not inspect (a relative works there, a former employer …);
a draw leaves them out of those units. A withdrawn declaration stays on record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.directory.selectors import units_in_scope
from shuangsuiji.domain import uscc
from shuangsuiji.inspectors.models import Inspector, InspectorChange, InspectorConflict
from shuangsuiji.inspectors.services.inspectors import InspectorInputError, write_history


def _checked_code(raw: str) -> str:
    if not raw.strip():
        raise InspectorInputError([("unit_uscc", "请填写回避单位的统一社会信用代码")])
    code = uscc.normalize(raw)
    problem = uscc.check(code)
    if problem is not None:
        raise InspectorInputError([("unit_uscc", problem.message)])
    return code


def _checked_reason(raw: str) -> str:
    reason = raw.strip()
    if not reason:
        raise InspectorInputError([("reason", "请填写回避原因")])
    if len(reason) > 200:
        raise InspectorInputError([("reason", "回避原因不得超过200个字")])
    return reason


def _unit_name(actor: Any, code: str, given: str) -> str:
    """The name as given, else the name of the unit in the directory the actor can see."""
    if given.strip():
        return given.strip()[:200]
    if getattr(actor, "pk", None) is None:
        return ""
    return units_in_scope(actor).filter(uscc=code).values_list("name", flat=True).first() or ""


def declare_conflict(
    *,
    actor: Any,
    inspector: Inspector,
    unit_uscc: str,
    reason: str,
    unit_name: str = "",
    on: dt.date | None = None,
) -> InspectorConflict:
    """申报回避: from now on the inspector is not drawn for this unit (a withdrawn declaration is renewed)."""
    code, reason = _checked_code(unit_uscc), _checked_reason(reason)
    name = _unit_name(actor, code, unit_name)
    with transaction.atomic():
        Inspector.objects.select_for_update().get(pk=inspector.pk)
        conflict = InspectorConflict.objects.filter(inspector=inspector, unit_uscc=code).first()
        if conflict is not None and conflict.is_active:
            raise InspectorInputError([("unit_uscc", f"已申报对 {code} 的回避，无需重复申报")])
        conflict = conflict or InspectorConflict(inspector=inspector, unit_uscc=code)
        conflict.unit_name, conflict.reason, conflict.declared_on = name, reason, on or timezone.localdate()
        conflict.is_active, conflict.withdrawn_on, conflict.withdraw_reason = True, None, ""
        conflict.full_clean(validate_unique=False)
        conflict.save()
        changes = {"conflict": ["", f"{code} {name}".strip()]}
        write_history(inspector, InspectorChange.Kind.CONFLICT, actor, reason, changes)
        record_event(
            actor=actor,
            bureau_id=inspector.bureau_id,
            action="inspectors.conflict_declared",
            obj=inspector,
            summary=f"{inspector.name} 申报回避：{name or code}",
            data={"unit_uscc": code, "unit_name": name, "reason": reason},
        )
    return conflict


def withdraw_conflict(*, actor: Any, conflict: InspectorConflict, reason: str) -> InspectorConflict:
    """撤回回避: the relation no longer exists; the declaration is kept, marked withdrawn."""
    reason = reason.strip()
    if not reason:
        raise InspectorInputError([("reason", "请填写撤回原因")])
    with transaction.atomic():
        locked = InspectorConflict.objects.select_for_update().select_related("inspector").get(pk=conflict.pk)
        if not locked.is_active:
            raise InspectorInputError([("", "该回避申报已撤回")])
        locked.is_active, locked.withdrawn_on, locked.withdraw_reason = False, timezone.localdate(), reason[:200]
        locked.full_clean(validate_unique=False)
        locked.save(update_fields=["is_active", "withdrawn_on", "withdraw_reason"])
        inspector = locked.inspector
        changes = {"conflict": [f"{locked.unit_uscc} {locked.unit_name}".strip(), ""]}
        write_history(inspector, InspectorChange.Kind.CONFLICT_WITHDRAWN, actor, reason, changes)
        record_event(
            actor=actor,
            bureau_id=inspector.bureau_id,
            action="inspectors.conflict_withdrawn",
            obj=inspector,
            summary=f"{inspector.name} 撤回回避：{locked.unit_name or locked.unit_uscc}",
            data={"unit_uscc": locked.unit_uscc, "reason": reason},
        )
    return locked
