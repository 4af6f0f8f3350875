"""Forms of the case pages that carry long text or many fields: 询问笔录, 听证笔录, 陈述申辩笔录 and its 复核意见,
案件设置 and a 裁量基准 band.
They only read and type the input; the services decide what is allowed and their errors go back on the fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from shuangsuiji.cases.models import CaseSettings, DiscretionBand, PartyStatement
from shuangsuiji.cases.services import SETTINGS_FIELDS, CaseError
from shuangsuiji.domain.tabular import SUPPORTED_SUFFIXES

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


class StatementForm(forms.Form):
    stated_on = forms.DateField(label="陈述申辩日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    manner = forms.ChoiceField(label="陈述申辩方式", choices=PartyStatement.Manner.choices)
    person = forms.CharField(label="陈述申辩人（当事人或其代理人）", max_length=50)
    person_role = forms.CharField(label="身份（法定代表人、委托代理人等）", max_length=100)
    recorder = forms.CharField(label="记录人（口头陈述申辩时）", max_length=50, required=False)
    statement = forms.CharField(label="陈述申辩的事实、理由和证据", widget=forms.Textarea(attrs={"rows": 10}))


class StatementReviewForm(forms.Form):
    opinion = forms.ChoiceField(label="复核意见", choices=[("", "—"), *PartyStatement.Opinion.choices])
    reasons = forms.CharField(label="复核理由", widget=forms.Textarea(attrs={"rows": 6}))
    reviewed_fine = forms.IntegerField(
        label="复核后拟罚款（元）",
        min_value=0,
        required=False,
        help_text="采纳或部分采纳的填写；不得高于事先告知的数额",
    )


class CaseSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CaseSettings
        fields = list(SETTINGS_FIELDS)


def _boundary(label: str) -> forms.TypedChoiceField:
    """An end of a band: included unless the benchmark says otherwise (a missing value keeps it included)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("1", "含本数"), ("0", "不含本数")],
        coerce=lambda v: v == "1",
        empty_value=True,  # type: ignore[arg-type]
        required=False,
        initial="1",
    )


class BandForm(forms.ModelForm):  # type: ignore[type-arg]
    includes_minimum = _boundary("下限（“以上”）")
    includes_maximum = _boundary("上限（“以下”）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("includes_minimum", "includes_maximum"):  # the choices are "1"/"0", the model's True/False
            self.initial[name] = "1" if getattr(self.instance, name, True) else "0"

    class Meta:
        model = DiscretionBand
        fields = [
            "violation",
            "party_type",
            "law",
            "is_severe",
            "label",
            "circumstances",
            "minimum",
            "maximum",
            "includes_minimum",
            "includes_maximum",
        ]


class DiscretionImportForm(forms.Form):
    file = forms.FileField(label="裁量基准表", help_text="支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码），一行一个档次")
    mode = forms.ChoiceField(
        label="导入方式",
        choices=[
            ("replace", "替换：以文件中的档次替换本局全部裁量基准"),
            ("merge", "合并：只替换文件中出现的违法行为、当事人类型、适用法律和情节组合，其他档次保留"),
        ],
        initial="replace",
        required=False,
        widget=forms.RadioSelect,
    )
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 .xlsx、.xls 或 .csv 文件")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("裁量基准表不能超过 5 MB")
        return upload
