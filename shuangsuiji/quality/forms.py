"""Forms of the data-quality pages."""

from __future__ import annotations

from django import forms

from shuangsuiji.domain.quality.config import PARAMETERS, RULE_LABELS
from shuangsuiji.domain.quality.indicators import THRESHOLD_GROUPS
from shuangsuiji.domain.units import SCALE_CATEGORIES, SIZE_CLASSES
from shuangsuiji.quality.models import Finding, RegisterImport


class RunForm(forms.Form):
    period = forms.CharField(label="报告期", max_length=10, help_text="如 2026-10（月）、2026Q3（季）、2026（年）")


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="核实结果",
        choices=[
            (s.value, s.label) for s in (Finding.Status.NORMAL, Finding.Status.CORRECTED, Finding.Status.SUSPECTED)
        ],
        widget=forms.RadioSelect,
    )
    corrected_value = forms.CharField(label="更正后的本月数值", required=False, max_length=30)
    note = forms.CharField(label="核实情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class RegisterForm(forms.Form):
    source = forms.ChoiceField(label="来源部门", choices=RegisterImport.Source.choices)
    file = forms.FileField(label="外部名录文件", help_text="支持 .xlsx、.xls、.csv；按统一社会信用代码比对")


class DecisionForm(forms.Form):
    note = forms.CharField(label="驳回理由", max_length=300, required=False)


def _rule_choices() -> list[tuple[str, str]]:
    choices = [(key, f"{p.label}（默认 {p.default:g}）") for key, p in PARAMETERS.items()]
    choices += [(f"threshold:{g.key}", f"四上标准：{g.label}（默认 {g.threshold:g} 万元）") for g in THRESHOLD_GROUPS]
    return choices


class SettingForm(forms.Form):
    rule = forms.ChoiceField(label="参数", choices=_rule_choices)
    indicator_code = forms.CharField(label="指标代码（留空为全部指标）", max_length=32, required=False)
    size_class = forms.ChoiceField(label="单位规模", choices=[("", "全部规模"), *SIZE_CLASSES.items()], required=False)
    value = forms.FloatField(label="取值", min_value=0)


class SwitchForm(forms.Form):
    rule = forms.ChoiceField(label="规则", choices=list(RULE_LABELS.items()))
    is_enabled = forms.BooleanField(label="启用", required=False)


class ExpressionForm(forms.Form):
    label = forms.CharField(label="公式名称", max_length=32)
    text = forms.CharField(label="审核公式（应成立的条件）", max_length=300, help_text="如 wages <= revenue * 0.5")


class IndicatorForm(forms.Form):
    code = forms.SlugField(label="指标代码（英文）", max_length=32)
    name = forms.CharField(label="指标名称", max_length=60)
    unit = forms.CharField(label="计量单位", max_length=20)
    is_cumulative = forms.BooleanField(label="报送本年累计", required=False)
    is_money = forms.BooleanField(label="金额指标", required=False, initial=True)
    allows_negative = forms.BooleanField(label="可为负数", required=False)
    categories = forms.MultipleChoiceField(
        label="报送的四上类别",
        choices=[(k, v) for k, v in SCALE_CATEGORIES.items() if k],
        widget=forms.CheckboxSelectMultiple,
    )
    department_name = forms.CharField(label="负责的专业股室", max_length=60, initial="专业股")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
