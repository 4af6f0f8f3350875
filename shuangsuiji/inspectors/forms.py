"""Forms of the inspector pages; values stay text and are validated by the services (the import's own rules)."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.domain.imports.inspectors import INSPECTOR_COLUMNS
from shuangsuiji.inspectors.services import text_values

_LABELS = {c.key: c.header for c in INSPECTOR_COLUMNS}
_HELP = {
    "certificate_no": "统计执法证上的编号",
    "expertise": "多个标签用空格、逗号或顿号分隔，如：工业 投资 数据审核",
    "home_region": "6位或12位区划代码，抽取时可用于回避本人常住地",
    "area": "如：阳城县全域；凤城镇、北留镇",
}
# Status and certificate have their own actions (状态变更, 执法证换发), each with a reason.
EDIT_EXCLUDED = ("status", "certificate_no", "certificate_valid_until")


class InspectorForm(forms.Form):
    """Add (every field) or edit (without status and certificate); `reason` is required when editing."""

    def __init__(self, *args: Any, departments: list[str], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for column in INSPECTOR_COLUMNS:
            if editing and column.key in EDIT_EXCLUDED:
                continue
            self.fields[column.key] = self._field(column.key, column.required, departments)
            self.fields[column.key].help_text = _HELP.get(column.key, "")
        self.fields["reason"] = forms.CharField(
            label="变更原因" if editing else "备注（可选）", max_length=300, required=editing
        )

    @staticmethod
    def _field(key: str, required: bool, departments: list[str]) -> forms.Field:
        if key == "sex":
            return forms.ChoiceField(label=_LABELS[key], choices=[(v, v) for v in vocab.SEXES.values()])
        if key == "status":
            return forms.ChoiceField(label=_LABELS[key], choices=[(v, v) for v in vocab.STATUSES.values()])
        if key == "department":
            return forms.ChoiceField(
                label=_LABELS[key], choices=[("", "—"), *[(d, d) for d in departments]], required=False
            )
        if key == "certificate_valid_until":
            return forms.CharField(label=_LABELS[key], widget=forms.DateInput(attrs={"type": "date"}))
        return forms.CharField(label=_LABELS[key], required=required, max_length=300)

    def values(self) -> dict[str, str]:
        return {k: str(v or "") for k, v in self.cleaned_data.items() if k != "reason"}

    @staticmethod
    def initial_from(inspector: Any) -> dict[str, str]:
        return text_values(inspector)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="新状态", choices=[(v, v) for v in vocab.STATUSES.values()])
    reason = forms.CharField(label="原因", max_length=300)


class RenewForm(forms.Form):
    valid_until = forms.DateField(label="新的有效期至", widget=forms.DateInput(attrs={"type": "date"}))
    certificate_no = forms.CharField(
        label="新执法证号", max_length=32, required=False, help_text="换发新证时填写；沿用原证号可留空"
    )
    reason = forms.CharField(label="说明", max_length=300, required=False)


class ConflictForm(forms.Form):
    unit_uscc = forms.CharField(
        label="回避单位统一社会信用代码",
        max_length=30,
        help_text="可输入单位名称或代码的一部分，从名录库中选择",
    )
    unit_name = forms.CharField(label="单位名称", max_length=200, required=False, help_text="名录库中已有的单位可留空")
    reason = forms.CharField(label="回避原因", max_length=200, help_text="如：配偶在该单位任财务负责人")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200)


class LinkUserForm(forms.Form):
    user = forms.TypedChoiceField(label="登录账号", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, users: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "（不关联）"), *users]  # type: ignore[attr-defined]
