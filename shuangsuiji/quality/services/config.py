"""Indicators and rule settings: the seeded defaults and a bureau's own values, turned into a domain RuleConfig."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.quality.config import PARAMETERS, RULES, RuleConfig
from shuangsuiji.domain.quality.expressions import ExpressionError, compile_expression
from shuangsuiji.domain.quality.indicators import DEFAULT_INDICATORS, THRESHOLD_GROUPS, IndicatorSpec
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.quality.models import Indicator, RuleSetting

THRESHOLD_PREFIX = "threshold:"


class SettingError(ValueError):
    """A rule setting that cannot be accepted; the message names the field in Chinese."""


def ensure_default_indicators() -> list[Indicator]:
    """Seed 营业收入, 工业总产值, 利润总额, 从业人员期末人数, 应付职工薪酬 when they are missing (idempotent)."""
    found = []
    for order, spec in enumerate(DEFAULT_INDICATORS):
        indicator, _ = Indicator.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "unit": spec.unit,
                "is_cumulative": spec.is_cumulative,
                "is_money": spec.is_money,
                "allows_negative": spec.allows_negative,
                "categories": ",".join(spec.categories),
                "department_name": spec.department,
                "order": order,
            },
        )
        found.append(indicator)
    return found


def indicator_specs() -> tuple[IndicatorSpec, ...]:
    """The active indicators as domain values (seeding the defaults on first use)."""
    rows = list(Indicator.objects.filter(is_active=True))
    if not rows and not Indicator.objects.exists():
        rows = ensure_default_indicators()
    return tuple(
        IndicatorSpec(
            i.code,
            i.name,
            i.unit,
            i.is_cumulative,
            tuple(i.category_list),
            i.is_money,
            i.allows_negative,
            i.department_name,
        )
        for i in rows
    )


def rule_config(bureau: Bureau) -> RuleConfig:
    """The bureau's settings over the defaults (an unset parameter keeps its default)."""
    values: dict[tuple[str, str, str], float] = {}
    thresholds: dict[str, float] = {}
    disabled: set[str] = set()
    expressions: list[tuple[str, str]] = []
    for setting in RuleSetting.objects.filter(bureau=bureau):
        if setting.rule == "expression":
            if setting.is_enabled:
                expressions.append((setting.indicator_code or setting.text, setting.text))
        elif setting.rule.startswith(THRESHOLD_PREFIX) and setting.value is not None:
            thresholds[setting.rule.removeprefix(THRESHOLD_PREFIX)] = setting.value
        elif setting.rule in RULES and not setting.is_enabled:
            disabled.add(setting.rule)
        elif setting.value is not None:
            values[(setting.rule, setting.indicator_code, setting.size_class)] = setting.value
    return RuleConfig(
        indicators=indicator_specs(),
        disabled=frozenset(disabled),
        values=values,
        expressions=tuple(expressions),
        thresholds=thresholds,
    )


def set_rule_setting(
    *,
    actor: Any,
    bureau: Bureau,
    rule: str,
    value: float | None = None,
    indicator_code: str = "",
    size_class: str = "",
    is_enabled: bool = True,
    text: str = "",
) -> RuleSetting:
    """A bureau's own value for a rule parameter, a 四上 threshold (rule `threshold:KEY`), a rule switched off, or
    an audit expression (rule `expression`, label in indicator_code)."""
    _check_setting(rule, value, indicator_code, text)
    with transaction.atomic():
        setting, _ = RuleSetting.objects.update_or_create(
            bureau=bureau,
            rule=rule,
            indicator_code=indicator_code,
            size_class=size_class,
            text=text,
            defaults={"value": value, "is_enabled": is_enabled},
        )
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="quality.setting_changed",
            obj=setting,
            summary=f"数据质量审核规则设置：{rule} {indicator_code} {size_class} = {value if value is not None else text}",
            data={"rule": rule, "indicator": indicator_code, "size": size_class, "value": value, "text": text},
        )
    return setting


def _check_setting(rule: str, value: float | None, indicator_code: str, text: str) -> None:
    thresholds = {THRESHOLD_PREFIX + g.key for g in THRESHOLD_GROUPS}
    if rule == "expression":
        try:
            compile_expression(text, [s.code for s in indicator_specs()])
        except ExpressionError as exc:
            raise SettingError(str(exc)) from None
        return
    if rule not in PARAMETERS and rule not in RULES and rule not in thresholds:
        raise SettingError(f"没有名为“{rule}”的审核规则参数")
    if value is not None and value < 0:
        raise SettingError("取值不能为负数")
    if indicator_code and not Indicator.objects.filter(code=indicator_code).exists():
        raise SettingError(f"指标“{indicator_code}”未配置")


def save_indicator(
    *,
    actor: Any,
    bureau: Bureau,
    code: str,
    name: str,
    unit: str,
    is_cumulative: bool,
    categories: list[str],
    department_name: str,
    is_money: bool = True,
    allows_negative: bool = False,
    is_active: bool = True,
) -> Indicator:
    """A new indicator, or new settings for an existing one (platform-wide: every bureau's imports read it)."""
    from shuangsuiji.domain.units import SCALE_CATEGORIES

    unknown = [c for c in categories if c not in SCALE_CATEGORIES or not c]
    if unknown:
        raise SettingError(f"四上类别“{'、'.join(unknown)}”无效")
    with transaction.atomic():
        indicator = Indicator.objects.filter(code=code).first() or Indicator(code=code, order=Indicator.objects.count())
        indicator.name, indicator.unit, indicator.is_cumulative = name.strip(), unit.strip(), is_cumulative
        indicator.categories, indicator.department_name = ",".join(categories), department_name.strip() or "专业股"
        indicator.is_money, indicator.allows_negative, indicator.is_active = is_money, allows_negative, is_active
        try:
            indicator.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise SettingError("；".join(m for messages in exc.message_dict.values() for m in messages)) from None
        if Indicator.objects.filter(name=indicator.name).exclude(code=code).exists():
            raise SettingError(f"指标名称“{indicator.name}”已被其他指标使用")
        indicator.save()
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="quality.indicator_saved",
            obj=indicator,
            summary=f"统计指标设置：{indicator.name}（{indicator.code}）",
            data={"code": code, "name": indicator.name, "unit": indicator.unit, "categories": categories},
        )
    return indicator
