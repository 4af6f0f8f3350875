from __future__ import annotations

from decimal import Decimal
from math import gcd
from typing import Any

from django import forms
from django.utils import timezone

from shuangsuiji.domain import industry, units
from shuangsuiji.planning.models import PlanVersion
from shuangsuiji.planning.services import SCHEDULE_SLOTS

SCHEDULE_LABELS = {
    "Q1": "一季度",
    "Q2": "二季度",
    "Q3": "三季度",
    "Q4": "四季度",
    "H1": "上半年",
    "H2": "下半年",
    "Y": "全年",
}
SCALE_CHOICES = [("NONE" if k == "" else k, v.split("（")[0]) for k, v in units.SCALE_CATEGORIES.items()]


def percent_to_pair(value: Decimal) -> list[int]:
    """3 → [3, 100]; 2.5 → [1, 40]; exact integer pair for DSR-1."""
    numerator, denominator = int(value * 1000), 100_000
    divisor = gcd(numerator, denominator) or 1
    return [numerator // divisor, denominator // divisor]


def pair_to_percent(pair: list[int]) -> Decimal:
    return (Decimal(pair[0]) * 100 / Decimal(pair[1])).quantize(Decimal("0.001")).normalize()


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    title = forms.CharField(label="计划名称", max_length=200, required=False, help_text="留空则自动命名")


class VersionForm(forms.Form):
    title = forms.CharField(label="计划名称", max_length=200)
    adjustment_reason = forms.CharField(label="调整原因", max_length=500, required=False)
    coverage_target_percent = forms.DecimalField(
        label="全年抽查企业占比目标（%）",
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text="新乐市方案：不低于上年底企业数的 5%",
    )
    four_above_target = forms.DecimalField(
        label="“四上”企业核查面目标（%）", min_value=0, max_value=100, required=False
    )
    four_below_target = forms.DecimalField(
        label="“四下”企业核查面目标（%）", min_value=0, max_value=100, required=False
    )
    township_target_percent = forms.DecimalField(
        label="乡镇核查面目标（%）", min_value=0, max_value=100, required=False
    )
    ratio_A = forms.DecimalField(label="A类（低风险）抽查比例（%）", min_value=0, max_value=100, decimal_places=3)
    ratio_B = forms.DecimalField(label="B类（一般风险）抽查比例（%）", min_value=0, max_value=100, decimal_places=3)
    ratio_C = forms.DecimalField(label="C类（较高风险）抽查比例（%）", min_value=0, max_value=100, decimal_places=3)
    ratio_D = forms.DecimalField(label="D类（高风险）抽查比例（%）", min_value=0, max_value=100, decimal_places=3)
    yearly_cap = forms.IntegerField(label="每户每年检查次数上限", min_value=1, max_value=12)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_from(version: PlanVersion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": version.title,
            "adjustment_reason": version.adjustment_reason,
            "coverage_target_percent": version.coverage_target_percent,
            "four_above_target": version.category_targets.get("four_above"),
            "four_below_target": version.category_targets.get("four_below"),
            "township_target_percent": version.township_target_percent,
            "yearly_cap": version.yearly_cap,
            "note": version.note,
        }
        for risk, pair in version.risk_ratios.items():
            initial[f"ratio_{risk}"] = pair_to_percent(pair)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ratios = [data.get(f"ratio_{r}") for r in "ABCD"]
        if all(r is not None for r in ratios) and not ratios[0] <= ratios[1] <= ratios[2] <= ratios[3]:  # type: ignore[operator]
            self.add_error("ratio_A", "差异化监管：风险越高抽查比例应越高（A ≤ B ≤ C ≤ D）")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        targets = {
            k: str(data[f"{k}_target"]) for k in ("four_above", "four_below") if data.get(f"{k}_target") is not None
        }
        return {
            "title": data["title"],
            "coverage_target_percent": data["coverage_target_percent"],
            "category_targets": targets,
            "township_target_percent": data.get("township_target_percent"),
            "risk_ratios": {r: percent_to_pair(data[f"ratio_{r}"]) for r in "ABCD"},
            "yearly_cap": data["yearly_cap"],
            "note": data.get("note", ""),
        }


class LineForm(forms.Form):
    item_version = forms.TypedChoiceField(label="抽查事项", coerce=int)
    ratio_percent = forms.DecimalField(label="抽查比例（%）", min_value=0, max_value=100, decimal_places=3)
    frequency = forms.IntegerField(label="每年次数", min_value=1, max_value=12, initial=1)
    schedule = forms.MultipleChoiceField(
        label="时间安排",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(s, SCHEDULE_LABELS[s]) for s in SCHEDULE_SLOTS],
    )
    department = forms.TypedChoiceField(label="责任股室", coerce=int, required=False, empty_value=None)
    scale_categories = forms.MultipleChoiceField(
        label="范围：四上类别", required=False, choices=SCALE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    sections = forms.MultipleChoiceField(
        label="范围：行业门类", required=False, choices=[(k, f"{k} {v}") for k, v in industry.SECTIONS.items()]
    )
    regions = forms.CharField(
        label="范围：区划代码前缀", required=False, help_text="多个用空格分隔，如 140522100 140522101"
    )
    tags = forms.CharField(label="范围：标签", required=False, help_text="多个用空格分隔")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, items: list[tuple[int, str]], departments: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["item_version"].choices = items  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", "—"), *departments]  # type: ignore[attr-defined]

    def scope(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            "scale_categories": data["scale_categories"],
            "sections": data["sections"],
            "regions": data["regions"].split(),
            "tags": data["tags"].split(),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500)
