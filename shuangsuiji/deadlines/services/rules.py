"""A bureau's own deadline rules: changing one, and going back to the default. Deadlines already open keep the
counting they were opened with; the change applies to deadlines opened afterwards."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.deadlines.models import DeadlineRule
from shuangsuiji.domain.deadline_rules import DEFAULTS_BY_CODE, Counting, Rule
from shuangsuiji.organisations.models import Bureau


class RuleError(ValueError):
    """Invalid values for a rule: the messages say which (Chinese)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


def _validated(code: str, counting: str, amount: int, fixed_month: int, fixed_day: int, legal_basis: str) -> Rule:
    default = DEFAULTS_BY_CODE.get(code)
    if default is None:
        raise RuleError([f"未知的期限类型：{code}"])
    try:
        how = Counting(counting)
    except ValueError:
        raise RuleError([f"计算方式“{counting}”无效"]) from None
    if (how is Counting.FIXED_DATE) != default.is_yearly:
        raise RuleError(["按年固定日期的期限只能改日期；其他期限不能改为固定日期"])
    rule = replace(
        default,
        counting=how,
        amount=0 if default.is_yearly else amount,
        fixed_month=fixed_month if default.is_yearly else 0,
        fixed_day=fixed_day if default.is_yearly else 0,
        legal_basis=legal_basis.strip() or default.legal_basis,
    )
    problems = rule.errors()
    if problems:
        raise RuleError(problems)
    return rule


def _plain(rule: Rule) -> dict[str, Any]:
    values = asdict(rule)
    values["counting"] = rule.counting.value
    return {k: values[k] for k in ("counting", "amount", "fixed_month", "fixed_day", "legal_basis")}


def change_rule(
    *,
    actor: Any,
    bureau: Bureau,
    code: str,
    counting: str,
    amount: int = 0,
    fixed_month: int = 0,
    fixed_day: int = 0,
    legal_basis: str = "",
) -> Rule:
    """Set the bureau's own rule for one kind of deadline (a blank legal basis keeps the default text)."""
    rule = _validated(code, counting, amount, fixed_month, fixed_day, legal_basis)
    with transaction.atomic():
        before = DeadlineRule.objects.rule_for(bureau.pk, code)
        if _plain(before) == _plain(rule):
            return before
        override, _ = DeadlineRule.objects.select_for_update().get_or_create(
            bureau=bureau, code=code, defaults={"counting": rule.counting.value}
        )
        override.counting, override.amount = rule.counting.value, rule.amount
        override.fixed_month, override.fixed_day = rule.fixed_month, rule.fixed_day
        override.legal_basis = rule.legal_basis
        override.updated_by = actor if getattr(actor, "pk", None) else None
        override.full_clean(validate_constraints=False, validate_unique=False)
        override.save()
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="deadlines.rule_changed",
            obj=override,
            summary=f"修改期限规则：{rule.label}，{rule.describe()}",
            data={"code": code, "before": _plain(before), "after": _plain(rule)},
        )
    return rule


def reset_rule(*, actor: Any, bureau: Bureau, code: str) -> Rule:
    """Drop the bureau's own setting for one kind of deadline: new deadlines use the default again."""
    default = DEFAULTS_BY_CODE.get(code)
    if default is None:
        raise RuleError([f"未知的期限类型：{code}"])
    with transaction.atomic():
        override = DeadlineRule.objects.select_for_update().filter(bureau=bureau, code=code).first()
        if override is None:
            return default
        before = override.as_rule()
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="deadlines.rule_reset",
            obj=override,
            summary=f"恢复默认期限规则：{default.label}，{default.describe()}",
            data={"code": code, "before": _plain(before), "after": _plain(default)},
        )
        override.delete()
    return default
