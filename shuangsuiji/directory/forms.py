from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.directory.models import Unit
from shuangsuiji.domain import units as vocab
from shuangsuiji.domain.imports.units import UNIT_COLUMNS

_LABELS = {c.key: c.header for c in UNIT_COLUMNS}
_CHOICE_FIELDS = {
    "size_class": [("", "—"), *vocab.SIZE_CLASSES.items()],
    "scale_category": [(k, v) for k, v in vocab.SCALE_CATEGORIES.items()],
    "risk_class": list(vocab.RISK_CLASSES.items()),
    "growth_band": [("", "—"), *vocab.GROWTH_BANDS.items()],
    "status": list(vocab.STATUSES.items()),
}
_HELP = {
    "region_code": "6位县级区划代码或12位统计用区划代码",
    "industry_code": "GB/T 4754-2017 小类，如 1311 或 C1311",
    "revenue": "万元",
    "tags": "多个标签用空格或顿号分隔",
    "checksum_exempt_reason": "仅在历史遗留代码校验位不符时填写，将记入日志",
    "indicator_period": "如 2025、2025-10、2025-Q3",
}


class UnitForm(forms.Form):
    """The unit fields as text; validation is the import validator's (services.validate_values)."""

    reason = forms.CharField(label="原因", max_length=300, help_text="入库或变更的依据，记入历史")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for column in UNIT_COLUMNS:
            key = column.key
            if key in _CHOICE_FIELDS:
                field: forms.Field = forms.ChoiceField(label=_LABELS[key], choices=_CHOICE_FIELDS[key], required=False)
            else:
                field = forms.CharField(label=_LABELS[key], required=column.required, max_length=300)
            field.help_text = _HELP.get(key, "")
            fields[key] = field
        fields["reason"] = self.fields["reason"]
        self.fields = fields

    @staticmethod
    def initial_from(unit: Unit) -> dict[str, Any]:
        values = {c.key: getattr(unit, c.key) for c in UNIT_COLUMNS}
        values["tags"] = " ".join(vocab.field_to_tags(unit.tags))
        values["revenue"] = "" if unit.revenue is None else str(unit.revenue)
        values["employees"] = "" if unit.employees is None else str(unit.employees)
        return values

    def values(self) -> dict[str, str]:
        return {c.key: str(self.cleaned_data.get(c.key) or "") for c in UNIT_COLUMNS}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, widget=forms.TextInput(attrs={"size": 40}))
