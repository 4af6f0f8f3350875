"""The item form and its checklist formset; values stay text and are validated by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.catalog.models import ItemVersion
from shuangsuiji.catalog.services import specs_of, text_values
from shuangsuiji.domain import catalog, checklists
from shuangsuiji.domain.checklists import CheckPointSpec

CHECKPOINT_PREFIX = "cp"
_TEXTAREA = {"legal_basis": 2, "content": 4, "note": 2}
_HELP = {
    "code": "留空则自动编号（如 140522-10）；发布后不可更改",
    "ratio": "如：3%、3%-5%、不低于3%",
    "frequency": "如：1次/年、1-2次/年、每年1-2次",
    "method": "如：现场检查或书面检查",
    "content": "按“1.…；2.…”编号书写时，未填写检查要点会按编号自动生成",
}
_LABELS = {
    "code": "事项编码",
    "name": "抽查事项名称",
    "category": "事项类别",
    "legal_basis": "抽查依据",
    "inspecting_bodies": "抽查主体",
    "object_type": "抽查对象",
    "ratio": "抽查比例",
    "frequency": "抽查频次",
    "method": "抽查方式",
    "content": "抽查内容及要求",
    "inspector_requirements": "检查人员要求",
    "note": "备注",
}
_OPTIONAL = ("code", "category", "inspector_requirements", "note")


class ItemForm(forms.Form):
    """An item version's fields; the code only when creating."""

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in _LABELS.items():
            if key == "code" and not creating:
                continue
            self.fields[key] = self._field(key, label)
            self.fields[key].help_text = _HELP.get(key, "")

    @staticmethod
    def _field(key: str, label: str) -> forms.Field:
        required = key not in _OPTIONAL
        if key == "category":
            return forms.ChoiceField(label=label, choices=[(v, v) for v in catalog.CATEGORIES.values()])
        if key in _TEXTAREA:
            widget = forms.Textarea(attrs={"rows": _TEXTAREA[key]})
            return forms.CharField(label=label, required=required, widget=widget, max_length=5000)
        return forms.CharField(label=label, required=required, max_length=200)

    def values(self) -> dict[str, str]:
        return {k: str(v or "") for k, v in self.cleaned_data.items()}

    @staticmethod
    def initial_from(version: ItemVersion) -> dict[str, str]:
        values = text_values(version)
        values.pop("checkpoints")
        return values


def _text(label: str, size: int) -> forms.TextInput:
    return forms.TextInput(attrs={"aria-label": label, "size": size})


class CheckPointForm(forms.Form):
    text = forms.CharField(label="检查要点", max_length=300, required=False, widget=_text("检查要点", 40))
    answer_type = forms.ChoiceField(
        label="答案类型",
        choices=list(checklists.ANSWER_TYPES.items()),
        initial="yes_no",
        widget=forms.Select(attrs={"aria-label": "答案类型"}),
    )
    choices = forms.CharField(label="选项", max_length=300, required=False, widget=_text("选项，用/分隔", 14))
    not_problem = forms.BooleanField(
        label="答“否”不视为问题", required=False, widget=forms.CheckboxInput(attrs={"aria-label": "答“否”不视为问题"})
    )
    optional = forms.BooleanField(
        label="选答", required=False, widget=forms.CheckboxInput(attrs={"aria-label": "选答"})
    )
    guidance = forms.CharField(label="检查方法提示", max_length=300, required=False, widget=_text("检查方法提示", 16))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        extra = data.get("choices") or data.get("guidance") or data.get("answer_type", "yes_no") != "yes_no"
        if not (data.get("text") or "").strip() and (extra or data.get("not_problem") or data.get("optional")):
            raise forms.ValidationError("请填写检查要点内容，或删除该行")
        return data

    def spec(self) -> CheckPointSpec | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("text") or "").strip():
            return None
        return CheckPointSpec(
            text=data["text"],
            answer_type=data["answer_type"],
            choices=tuple(c for c in (data.get("choices") or "").split("/") if c.strip()),
            problem_when_no=not data["not_problem"],
            is_required=not data["optional"],
            guidance=data.get("guidance") or "",
        )


CheckPointFormSet = forms.formset_factory(CheckPointForm, extra=2, can_delete=True, max_num=50, validate_max=True)


def checkpoint_formset(data: Any = None, version: ItemVersion | None = None) -> Any:
    initial = [_initial(s) for s in specs_of(version)] if version is not None else None
    return CheckPointFormSet(data, initial=initial, prefix=CHECKPOINT_PREFIX)


def _initial(spec: CheckPointSpec) -> dict[str, Any]:
    return {
        "text": spec.text,
        "answer_type": spec.answer_type,
        "choices": "/".join(spec.choices),
        "not_problem": not spec.problem_when_no,
        "optional": not spec.is_required,
        "guidance": spec.guidance,
    }


def specs_from(formset: Any) -> list[CheckPointSpec] | None:
    """The checklist entered, in order; None when no row was filled (the service then derives it)."""
    specs = [spec for form in formset.forms if (spec := form.spec()) is not None]
    return specs or None


def empty_checkpoint_form(index: int) -> CheckPointForm:
    return CheckPointForm(prefix=f"{CHECKPOINT_PREFIX}-{index}", empty_permitted=True, use_required_attribute=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300)
