"""The lifecycle of one unit by hand: 入库, 变更, 退库, 恢复入库 — each with a reason, a history row and an
audit event, all in one transaction. Values go through the same validation as imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.domain import units as vocab
from shuangsuiji.domain.imports.columns import HeaderMap
from shuangsuiji.domain.imports.units import UNIT_COLUMNS, UNIT_FIELDS, UnitRow, UnitRowValidator, fingerprint
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import known_region_checker

_STORED = (*UNIT_FIELDS, "industry_section", "industry_division")


class UnitInputError(Exception):
    """Invalid values for a unit: a list of (field key, Chinese message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("；".join(m for _, m in errors))
        self.errors = errors


def validate_values(*, bureau: Bureau, values: dict[str, str]) -> UnitRow:
    """Run the import validator over one set of form values; raise UnitInputError naming the fields."""
    keys = [c.key for c in UNIT_COLUMNS]
    header = HeaderMap(index={k: i for i, k in enumerate(keys)}, names={c.key: c.header for c in UNIT_COLUMNS})
    prefix = bureau.code if bureau.level == Bureau.Level.COUNTY else bureau.code.rstrip("0")
    validator = UnitRowValidator(
        header,
        known_region_checker([bureau.code[:6] if prefix == bureau.code else prefix]),
        lambda c: c.startswith(prefix),
    )
    result = validator.validate(0, [str(values.get(k, "") or "") for k in keys])
    if isinstance(result, list):
        by_header = {c.header: c.key for c in UNIT_COLUMNS}
        raise UnitInputError([(by_header.get(e.column, ""), e.message) for e in result])
    return result


def _apply(unit: Unit, row: UnitRow) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for key in _STORED:
        old, new = getattr(unit, key), getattr(row, key)
        if old != new:
            changes[key] = [_plain(old), _plain(new)]
            setattr(unit, key, new)
    unit.row_hash = fingerprint(unit.bureau_id, tuple(getattr(unit, k) for k in UNIT_FIELDS))
    return changes


def _plain(value: Any) -> Any:
    return str(value) if value is not None and not isinstance(value, str | int) else value


def _history(unit: Unit, kind: str, actor: Any, reason: str, changes: dict[str, Any]) -> None:
    UnitChange.objects.create(
        unit=unit,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(getattr(actor, "username", "system")),
        reason=reason,
        changes=changes,
    )


def enter_unit(*, actor: Any, bureau: Bureau, values: dict[str, str], reason: str) -> Unit:
    """入库: a new unit in the bureau's 名录库 (its 统一社会信用代码 must not be there yet)."""
    if not reason.strip():
        raise UnitInputError([("reason", "请填写入库原因")])
    row = validate_values(bureau=bureau, values=values)
    unit = Unit(bureau=bureau, entered_on=timezone.localdate())
    changes = _apply(unit, row)
    try:
        with transaction.atomic():
            unit.full_clean(validate_unique=False)
            unit.save()
            _history(unit, UnitChange.Kind.ENTER, actor, reason, changes)
            record_event(
                actor=actor,
                bureau_id=bureau.pk,
                action="directory.unit_entered",
                obj=unit,
                summary=f"入库：{unit.name}",
                data={"reason": reason},
            )
    except IntegrityError:
        raise UnitInputError([("uscc", f"统一社会信用代码 {row.uscc} 已在本局名录库中")]) from None
    return unit


def change_unit(*, actor: Any, unit: Unit, values: dict[str, str], reason: str) -> Unit:
    """变更: new values for a unit in the 名录库; the changed fields are kept in its history."""
    if not reason.strip():
        raise UnitInputError([("reason", "请填写变更原因")])
    row = validate_values(bureau=unit.bureau, values=values)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        changes = _apply(locked, row)
        if not changes:
            return locked
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise UnitInputError([("uscc", f"统一社会信用代码 {row.uscc} 已在本局名录库中")]) from None
        _history(locked, UnitChange.Kind.CHANGE, actor, reason, changes)
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="directory.unit_changed",
            obj=locked,
            summary=f"变更：{locked.name}",
            data={"reason": reason, "changes": changes},
        )
    return locked


def exit_unit(*, actor: Any, unit: Unit, reason: str, on: dt.date | None = None) -> Unit:
    """退库: the unit leaves the 名录库 (kept for history, excluded from draws)."""
    if not reason.strip():
        raise UnitInputError([("reason", "请填写退库原因")])
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if not locked.is_in_directory:
            raise UnitInputError([("", "该单位已退库")])
        locked.is_in_directory, locked.exited_on, locked.exit_reason = (
            False,
            on or timezone.localdate(),
            reason,
        )
        locked.save(update_fields=["is_in_directory", "exited_on", "exit_reason", "updated_at"])
        _history(locked, UnitChange.Kind.EXIT, actor, reason, {"is_in_directory": [True, False]})
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="directory.unit_exited",
            obj=locked,
            summary=f"退库：{locked.name}",
            data={"reason": reason},
        )
    return locked


def reenter_unit(*, actor: Any, unit: Unit, reason: str) -> Unit:
    """恢复入库 of a unit that had left the 名录库."""
    if not reason.strip():
        raise UnitInputError([("reason", "请填写恢复入库原因")])
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if locked.is_in_directory:
            raise UnitInputError([("", "该单位在库，无需恢复")])
        locked.is_in_directory, locked.exited_on, locked.exit_reason = True, None, ""
        locked.save(update_fields=["is_in_directory", "exited_on", "exit_reason", "updated_at"])
        _history(locked, UnitChange.Kind.REENTER, actor, reason, {"is_in_directory": [False, True]})
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="directory.unit_reentered",
            obj=locked,
            summary=f"恢复入库：{locked.name}",
            data={"reason": reason},
        )
    return locked


def set_risk_class(*, actor: Any, unit: Unit, risk_class: str, reason: str) -> Unit:
    """A new credit-risk class decided by a rule elsewhere (credit listing, inspection outcome, data quality)."""
    if risk_class not in vocab.RISK_CLASSES:
        raise UnitInputError([("risk_class", f"信用风险等级“{risk_class}”无效")])
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if locked.risk_class == risk_class:
            return locked
        changes = {"risk_class": [locked.risk_class, risk_class]}
        locked.risk_class = risk_class
        locked.row_hash = fingerprint(locked.bureau_id, tuple(getattr(locked, k) for k in UNIT_FIELDS))
        locked.save(update_fields=["risk_class", "row_hash", "updated_at"])
        _history(locked, UnitChange.Kind.CHANGE, actor, reason, changes)
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="directory.unit_risk_changed",
            obj=locked,
            summary=f"信用风险等级调整：{locked.name}",
            data={"reason": reason, "changes": changes},
        )
    return locked
