"""Forms of the case pages that carry long text or many fields: 询问笔录, 听证笔录, 案件设置 and a 裁量基准 band.
They only read and type the input; the services decide what is allowed and their errors go back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.cases.models import CaseSettings, DiscretionBand
from shuangsuiji.cases.services import SETTINGS_FIELDS, CaseError

_MINUTE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.BaseForm, exc: CaseError) -> None:
    """A service's refusal, on the fields it names (or above the form)."""
    errors = exc.errors or {"": str(exc)}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


class InterviewForm(forms.Form):
    person = forms.CharField(label="被询问人", max_length=50)
    person_role = forms.CharField(label="工作单位及职务（与当事人关系）", max_length=100)
    asker = forms.TypedChoiceField(label="询问人", coerce=int)
    recorder = forms.TypedChoiceField(label="记录人", coerce=int)
    started_at = forms.DateTimeField(label="询问开始时间", widget=_MINUTE)
    ended_at = forms.DateTimeField(label="询问结束时间", widget=_MINUTE)
    place = forms.CharField(label="询问地点", max_length=200)
    transcript = forms.CharField(
        label="询问内容",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="每段以“问：”或“答：”开头；不以此开头的行接续上一段",
    )
    ids_shown = forms.BooleanField(label="已出示执法证件，并告知被询问人权利义务", required=False)

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(h.pk, f"{h.name}（{h.certificate_no}）") for h in handlers]
        for name in ("asker", "recorder"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]


class HearingRecordForm(forms.Form):
    participants = forms.CharField(label="参加人员（调查人员、当事人及其代理人）", max_length=500)
    recorder = forms.CharField(label="记录人", max_length=50)
    party_attended = forms.TypedChoiceField(
        label="当事人出席情况",
        choices=[("1", "出席"), ("0", "无正当理由未出席（视为放弃听证）")],
        coerce=lambda v: v == "1",
        initial="1",
    )
    investigator_statement = forms.CharField(
        label="调查人员提出的违法事实、证据和处罚建议", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    party_statement = forms.CharField(
        label="当事人的陈述、申辩和质证意见", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    transcript = forms.CharField(label="听证经过", widget=forms.Textarea(attrs={"rows": 10}))


class CaseSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CaseSettings
        fields = list(SETTINGS_FIELDS)


class BandForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DiscretionBand
        fields = ["violation", "party_type", "law", "is_severe", "label", "circumstances", "minimum", "maximum"]
