"""One inspector by hand: 新增, 变更, 状态变更, 执法证换发, 关联账号 — each with a history row and an audit event in one
transaction. Values go through the same validation as the import file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.core.models import ImportBatch
from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.domain.imports.inspectors import INSPECTOR_FIELDS, InspectorRow, parse_inspector
from shuangsuiji.domain.units import field_to_tags
from shuangsuiji.inspectors.models import Inspector, InspectorChange
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import departments_of


class InspectorInputError(Exception):
    """Invalid input for an inspector: a list of (field key, Chinese message); the key is '' for the whole form."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("；".join(m for _, m in errors))
        self.errors = errors


def department_ids(bureau_id: int) -> dict[str, int]:
    return dict(departments_of(bureau_id).values_list("name", "id"))


def validate_values(*, bureau: Bureau, values: Mapping[str, str]) -> InspectorRow:
    """Parse one inspector's text values against the bureau's departments; raise InspectorInputError naming fields."""
    result = parse_inspector(0, values, department_ids(bureau.pk))
    if isinstance(result, list):
        raise InspectorInputError(result)
    return result


def text_values(inspector: Inspector) -> dict[str, str]:
    """The inspector's values as the form, the API and the export write them (the inverse of validate_values)."""
    return {
        "name": inspector.name,
        "sex": vocab.SEXES[inspector.sex],
        "certificate_no": inspector.certificate_no,
        "certificate_valid_until": inspector.certificate_valid_until.isoformat(),
        "department": inspector.department.name if inspector.department_id else "",  # type: ignore[union-attr]
        "post": inspector.post,
        "area": inspector.area,
        "expertise": "；".join(field_to_tags(inspector.expertise)),
        "status": vocab.STATUSES[inspector.status],
        "home_region": inspector.home_region,
        "staff_no": inspector.staff_no,
        "phone": inspector.phone,
    }


def stored_values(inspector: Inspector, departments_by_id: Mapping[int, str]) -> dict[str, object]:
    """The inspector's values in InspectorRow form, to compare with a row."""
    values = {key: getattr(inspector, key) for key in INSPECTOR_FIELDS if key != "department"}
    values["department"] = departments_by_id.get(inspector.department_id or 0, "")
    return values


def apply_row(inspector: Inspector, row: InspectorRow, departments: Mapping[str, int]) -> dict[str, list[Any]]:
    """Copy a row onto an inspector; returns {field: [old, new]} for what changed (JSON-ready values)."""
    before = stored_values(inspector, {v: k for k, v in departments.items()})
    changes: dict[str, list[Any]] = {}
    for key, new in row.values().items():
        if before[key] != new:
            changes[key] = [_plain(key, before[key]), _plain(key, new)]
    for key, value in row.values().items():
        if key != "department":
            setattr(inspector, key, value)
    inspector.department_id = departments.get(row.department)
    return changes


_LABELS = {"sex": vocab.SEXES, "status": vocab.STATUSES}


def _plain(key: str, value: Any) -> Any:
    """A value as the history shows it: dates in ISO form, 性别 and 状态 by their labels, tags separated by “；”."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if key in _LABELS:
        return _LABELS[key].get(value, value)
    if key == "expertise":
        return "；".join(field_to_tags(value or ""))
    return value


def write_history(
    inspector: Inspector,
    kind: str,
    actor: Any,
    reason: str,
    changes: dict[str, Any],
    batch: ImportBatch | None = None,
) -> InspectorChange:
    return InspectorChange.objects.create(
        inspector=inspector,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(getattr(actor, "username", actor or "system")),
        reason=reason[:300],
        changes=changes,
        batch=batch,
    )


def _duplicate(row: InspectorRow) -> InspectorInputError:
    return InspectorInputError([("certificate_no", f"执法证号 {row.certificate_no} 已被登记，不能重复")])


def add_inspector(*, actor: Any, bureau: Bureau, values: Mapping[str, str], reason: str = "") -> Inspector:
    """新增: a new inspector in the bureau's 名录库; the 执法证号 must not be registered anywhere yet."""
    row = validate_values(bureau=bureau, values=values)
    inspector = Inspector(bureau=bureau)
    changes = apply_row(inspector, row, department_ids(bureau.pk))
    try:
        with transaction.atomic():
            inspector.full_clean(validate_unique=False)
            inspector.save()
            write_history(inspector, InspectorChange.Kind.ADD, actor, reason or "新增", changes)
            record_event(
                actor=actor,
                bureau_id=bureau.pk,
                action="inspectors.added",
                obj=inspector,
                summary=f"新增执法检查人员：{inspector.name}",
                data={"reason": reason, "values": changes},
            )
    except IntegrityError:
        raise _duplicate(row) from None
    return inspector


def _require_reason(reason: str, what: str) -> str:
    if not reason.strip():
        raise InspectorInputError([("reason", f"请填写{what}原因")])
    return reason.strip()


def change_inspector(*, actor: Any, inspector: Inspector, values: Mapping[str, str], reason: str) -> Inspector:
    """变更: new values for an inspector (fields not given keep their value); the changes go to the history."""
    reason = _require_reason(reason, "变更")
    merged = {**text_values(inspector), **{k: v for k, v in values.items() if k in INSPECTOR_FIELDS}}
    row = validate_values(bureau=inspector.bureau, values=merged)
    with transaction.atomic():
        locked = Inspector.objects.select_for_update().get(pk=inspector.pk)
        changes = apply_row(locked, row, department_ids(locked.bureau_id))
        if not changes:
            return locked
        locked.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise _duplicate(row) from None
        write_history(locked, InspectorChange.Kind.CHANGE, actor, reason, changes)
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="inspectors.changed",
            obj=locked,
            summary=f"变更执法检查人员：{locked.name}",
            data={"reason": reason, "changes": changes},
        )
    return locked


def change_status(*, actor: Any, inspector: Inspector, status: str, reason: str) -> Inspector:
    """状态变更 (在岗/请假/借调/调离): anyone not 在岗 is left out of draws until they are back."""
    reason = _require_reason(reason, "状态变更")
    try:
        code = vocab.parse_status(status)
    except vocab.InspectorValueError as exc:
        raise InspectorInputError([("status", str(exc))]) from None
    with transaction.atomic():
        locked = Inspector.objects.select_for_update().get(pk=inspector.pk)
        if locked.status == code:
            raise InspectorInputError([("status", f"该人员已是“{vocab.STATUSES[code]}”状态")])
        changes = {"status": [vocab.STATUSES[locked.status], vocab.STATUSES[code]]}
        locked.status = code
        locked.full_clean(validate_unique=False)
        locked.save(update_fields=["status", "updated_at"])
        write_history(locked, InspectorChange.Kind.STATUS, actor, reason, changes)
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="inspectors.status_changed",
            obj=locked,
            summary=f"{locked.name}：{changes['status'][0]} → {changes['status'][1]}",
            data={"reason": reason, "changes": changes},
        )
    return locked


def _renewal(inspector: Inspector, valid_until: dt.date, certificate_no: str) -> str:
    """The certificate number after a renewal; raises InspectorInputError naming every problem."""
    errors: list[tuple[str, str]] = []
    if valid_until <= inspector.certificate_valid_until:
        errors.append(("valid_until", f"新的有效期须晚于原有效期 {inspector.certificate_valid_until:%Y-%m-%d}"))
    if valid_until < timezone.localdate():
        errors.append(("valid_until", "新的有效期不能早于今天"))
    number = inspector.certificate_no
    if certificate_no.strip():
        try:
            number = vocab.normalize_certificate_no(certificate_no)
        except vocab.InspectorValueError as exc:
            errors.append(("certificate_no", str(exc)))
    if errors:
        raise InspectorInputError(errors)
    return number


def renew_certificate(
    *, actor: Any, inspector: Inspector, valid_until: dt.date, certificate_no: str = "", reason: str = ""
) -> Inspector:
    """执法证换发: a later validity date (and, when the certificate was reissued, its new number)."""
    number = _renewal(inspector, valid_until, certificate_no)
    with transaction.atomic():
        locked = Inspector.objects.select_for_update().get(pk=inspector.pk)
        changes: dict[str, list[Any]] = {
            "certificate_valid_until": [locked.certificate_valid_until.isoformat(), valid_until.isoformat()]
        }
        if number != locked.certificate_no:
            changes["certificate_no"] = [locked.certificate_no, number]
        locked.certificate_valid_until, locked.certificate_no = valid_until, number
        locked.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                locked.save(update_fields=["certificate_valid_until", "certificate_no", "updated_at"])
        except IntegrityError:
            raise InspectorInputError([("certificate_no", f"执法证号 {number} 已被登记，不能重复")]) from None
        write_history(locked, InspectorChange.Kind.CERTIFICATE, actor, reason or "执法证换发", changes)
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="inspectors.certificate_renewed",
            obj=locked,
            summary=f"{locked.name} 执法证有效期延至 {valid_until:%Y-%m-%d}",
            data={"reason": reason, "changes": changes},
        )
    return locked


def link_user(*, actor: Any, inspector: Inspector, user: Any | None) -> Inspector:
    """关联账号: the login the inspector uses (same bureau, one inspector per login); None removes the link."""
    if user is not None and user.bureau_id != inspector.bureau_id:
        raise InspectorInputError([("user", "只能关联本局的账号")])
    with transaction.atomic():
        locked = Inspector.objects.select_for_update().get(pk=inspector.pk)
        if user is not None:
            holder = Inspector.objects.filter(user=user).exclude(pk=locked.pk).first()
            if holder is not None:
                raise InspectorInputError([("user", f"账号 {user.username} 已关联执法人员 {holder.name}")])
        old = locked.user.username if locked.user_id else ""  # type: ignore[union-attr]
        new = user.username if user is not None else ""
        if old == new:
            return locked
        locked.user = user
        locked.save(update_fields=["user", "updated_at"])
        changes = {"user": [old, new]}
        write_history(locked, InspectorChange.Kind.ACCOUNT, actor, "关联账号" if user else "解除关联", changes)
        record_event(
            actor=actor,
            bureau_id=locked.bureau_id,
            action="inspectors.account_linked",
            obj=locked,
            summary=f"{locked.name} 关联账号：{new or '（无）'}",
            data={"changes": changes},
        )
    return locked
