from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.domain import industry, units
from shuangsuiji.domain.scope import COMPONENTS
from shuangsuiji.planning.forms import SCALE_CHOICES, pair_to_percent, percent_to_pair
from shuangsuiji.tasks.models import DirectedTarget, Task

CHECKBOXES = forms.CheckboxSelectMultiple


class TaskForm(forms.Form):
    """Every setting of a task; the page and the API build the same keyword arguments for the services."""

    name = forms.CharField(label="任务名称", max_length=200)
    kind = forms.ChoiceField(
        label="任务类型", choices=[(Task.Kind.OWN, Task.Kind.OWN.label), (Task.Kind.JOINT, Task.Kind.JOINT.label)]
    )
    plan_line = forms.TypedChoiceField(label="来自年度计划事项", coerce=int, required=False, empty_value=None)
    adhoc_reason = forms.CharField(label="计划外任务原因", max_length=300, required=False)
    items = forms.TypedMultipleChoiceField(label="抽查事项", coerce=int, widget=CHECKBOXES)
    period_start = forms.DateField(label="检查开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label="检查结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    scale_categories = forms.MultipleChoiceField(
        label="范围：四上类别", required=False, choices=SCALE_CHOICES, widget=CHECKBOXES
    )
    sections = forms.MultipleChoiceField(
        label="范围：行业门类", required=False, choices=[(k, f"{k} {v}") for k, v in industry.SECTIONS.items()]
    )
    risk_classes = forms.MultipleChoiceField(
        label="范围：信用风险等级", required=False, widget=CHECKBOXES, choices=[(k, k) for k in units.RISK_CLASSES]
    )
    size_classes = forms.MultipleChoiceField(
        label="范围：单位规模", required=False, widget=CHECKBOXES, choices=list(units.SIZE_CLASSES.items())
    )
    regions = forms.CharField(label="范围：区划代码前缀", required=False, help_text="多个用空格分隔")
    tags = forms.CharField(label="范围：标签（须全部具备）", required=False)
    bureaus = forms.MultipleChoiceField(label="范围：下级统计局（上级下派任务）", required=False, widget=CHECKBOXES)
    exclude_inspected_days = forms.IntegerField(
        label="排除最近 N 天内已被抽查的单位", min_value=0, max_value=1095, initial=365
    )
    yearly_cap = forms.IntegerField(label="每户每年检查次数上限", min_value=1, max_value=12, initial=1)
    exclude_open_tasks = forms.BooleanField(label="排除已在其他未完成任务中的单位", required=False, initial=True)
    strata_components = forms.MultipleChoiceField(
        label="分层因素",
        choices=list(COMPONENTS.items()),
        required=False,
        widget=CHECKBOXES,
        help_text="按信用风险比例分配时，信用风险等级总在第一位",
    )
    allocation = forms.ChoiceField(
        label="分配方式", choices=Task.Allocation.choices, widget=forms.RadioSelect, initial=Task.Allocation.RATIOS
    )
    ratio_A = forms.DecimalField(label="A类比例（%）", min_value=0, max_value=100, decimal_places=3, required=False)
    ratio_B = forms.DecimalField(label="B类比例（%）", min_value=0, max_value=100, decimal_places=3, required=False)
    ratio_C = forms.DecimalField(label="C类比例（%）", min_value=0, max_value=100, decimal_places=3, required=False)
    ratio_D = forms.DecimalField(label="D类比例（%）", min_value=0, max_value=100, decimal_places=3, required=False)
    total_n = forms.IntegerField(label="抽取总数（按总数分配时）", min_value=1, required=False)
    minimum_per_stratum = forms.IntegerField(label="每层最少抽取", min_value=0, max_value=100, initial=0)
    reserve_per_stratum = forms.IntegerField(label="每层备选数", min_value=0, max_value=50, initial=2)
    group_size = forms.IntegerField(label="每组检查人员数", min_value=2, max_value=10, initial=2)
    inspector_expertise = forms.CharField(label="检查人员专长要求（标签）", required=False)
    inspector_departments = forms.TypedMultipleChoiceField(
        label="检查人员所在科室（不选则全局）", coerce=int, required=False, widget=CHECKBOXES
    )
    avoid_last_inspector = forms.BooleanField(label="回避：不派上次检查该单位的人员", required=False, initial=True)
    avoid_same_township = forms.BooleanField(label="回避：不派常住地与单位同乡镇的人员", required=False)

    def __init__(
        self,
        *args: Any,
        lines: list[tuple[int, str]],
        items: list[tuple[int, str]],
        departments: list[tuple[int, str]],
        bureaus: list[tuple[str, str]],
        superior: bool,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["plan_line"].choices = [("", "（计划外任务）"), *lines]  # type: ignore[attr-defined]
        self.fields["items"].choices = items  # type: ignore[attr-defined]
        self.fields["inspector_departments"].choices = departments  # type: ignore[attr-defined]
        self.fields["bureaus"].choices = bureaus  # type: ignore[attr-defined]
        if superior:
            own_kinds = [(k.value, k.label) for k in (Task.Kind.OWN, Task.Kind.JOINT)]
            self.fields["kind"].choices = [*own_kinds, (Task.Kind.ASSIGNED, Task.Kind.ASSIGNED.label)]  # type: ignore[attr-defined]
        else:
            del self.fields["bureaus"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("plan_line") and not (data.get("adhoc_reason") or "").strip():
            self.add_error("adhoc_reason", "计划外任务须说明原因")
        if data.get("allocation") == Task.Allocation.RATIOS and any(data.get(f"ratio_{r}") is None for r in "ABCD"):
            self.add_error("ratio_A", "请填写 A、B、C、D 四类的抽查比例")
        if data.get("allocation") == Task.Allocation.TOTAL and not data.get("total_n"):
            self.add_error("total_n", "按总数分配时请填写抽取总数")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "结束日期不能早于开始日期")
        return data

    def settings(self) -> dict[str, Any]:
        """Keyword arguments for services.create_task / update_task (besides items and identity)."""
        d = self.cleaned_data
        scope = {
            "scale_categories": d["scale_categories"],
            "sections": d["sections"],
            "risk_classes": d["risk_classes"],
            "size_classes": d["size_classes"],
            "regions": d["regions"].split(),
            "tags": d["tags"].split(),
        }
        if "bureaus" in d:
            scope["bureaus"] = d["bureaus"]
        ratios = {r: percent_to_pair(d[f"ratio_{r}"]) for r in "ABCD" if d.get(f"ratio_{r}") is not None}
        return {
            "name": d["name"],
            "period_start": d["period_start"],
            "period_end": d["period_end"],
            "scope": scope,
            "exclude_inspected_days": d["exclude_inspected_days"],
            "yearly_cap": d["yearly_cap"],
            "exclude_open_tasks": d["exclude_open_tasks"],
            "strata_components": d["strata_components"],
            "allocation": d["allocation"],
            "risk_ratios": ratios,
            "total_n": d.get("total_n"),
            "minimum_per_stratum": d["minimum_per_stratum"],
            "reserve_per_stratum": d["reserve_per_stratum"],
            "group_size": d["group_size"],
            "inspector_expertise": d["inspector_expertise"].split(),
            "avoid_last_inspector": d["avoid_last_inspector"],
            "avoid_same_township": d["avoid_same_township"],
        }

    @staticmethod
    def initial_from(task: Task) -> dict[str, Any]:
        scope = task.scope or {}
        initial = {
            f: getattr(task, f)
            for f in (
                "name",
                "kind",
                "adhoc_reason",
                "period_start",
                "period_end",
                "exclude_inspected_days",
                "yearly_cap",
                "exclude_open_tasks",
                "strata_components",
                "allocation",
                "total_n",
                "minimum_per_stratum",
                "reserve_per_stratum",
                "group_size",
                "avoid_last_inspector",
                "avoid_same_township",
            )
        }
        initial.update(
            {k: scope.get(k, []) for k in ("scale_categories", "sections", "risk_classes", "size_classes", "bureaus")}
        )
        initial["regions"], initial["tags"] = " ".join(scope.get("regions", [])), " ".join(scope.get("tags", []))
        initial["inspector_expertise"] = " ".join(task.inspector_expertise or [])
        initial["plan_line"] = task.plan_line_id
        for risk, pair in (task.risk_ratios or {}).items():
            initial[f"ratio_{risk}"] = pair_to_percent(pair)
        return initial


class DirectedForm(forms.Form):
    code = forms.CharField(label="统一社会信用代码", max_length=18)
    reason_kind = forms.ChoiceField(label="定向原因类别", choices=DirectedTarget.Reason.choices)
    reason = forms.CharField(label="定向原因", max_length=500)


class CeremonyForm(forms.Form):
    ceremony_at = forms.DateTimeField(
        label="摇号时间", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ceremony_place = forms.CharField(label="摇号地点", max_length=200, required=False)
    seed_recipe = forms.CharField(label="公开随机数来源说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RevealForm(forms.Form):
    dice = forms.CharField(
        label="骰子数字（20位）",
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "dice-input"}),
    )
    witness_1 = forms.CharField(label="见证人1（姓名、身份）", max_length=100)
    witness_2 = forms.CharField(label="见证人2", max_length=100, required=False)
    witness_3 = forms.CharField(label="见证人3", max_length=100, required=False)

    def witnesses(self) -> list[dict[str, str]]:
        people = []
        for key in ("witness_1", "witness_2", "witness_3"):
            text = (self.cleaned_data.get(key) or "").strip()
            if text:
                name, _, role = text.replace("，", ",").partition(",")
                people.append({"name": name.strip(), "role": role.strip()})
        return people


class PartnerForm(forms.Form):
    department = forms.TypedChoiceField(label="本平台科室", coerce=int, required=False, empty_value=None)
    agency = forms.TypedChoiceField(label="其他部门", coerce=int, required=False, empty_value=None)
    items = forms.CharField(label="该部门检查事项", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, departments: list[tuple[int, str]], agencies: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—"), *departments]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [("", "—"), *agencies]  # type: ignore[attr-defined]


class SubstitutionForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300)
