from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from shuangsuiji.deadlines.models import COUNTING_CHOICES

SCHEDULE_EXAMPLE = "2027-01-01 元旦 休\n2027-02-06~2027-02-13 春节 休\n2027-02-14 春节 班"
MAX_UPLOAD_BYTES = 200_000


class HolidayScheduleForm(forms.Form):
    """A year's schedule typed from the State Council notice, or uploaded as a CSV of the same columns."""

    source_url = forms.CharField(label="通知网址", max_length=500, help_text="国务院办公厅关于当年部分节假日安排的通知")
    text = forms.CharField(
        label="放假安排",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "placeholder": SCHEDULE_EXAMPLE, "class": "mono"}),
        help_text="每行一条：日期或日期范围、名称、休（放假）或班（调休上班），如“2027-02-06~2027-02-13 春节 休”。",
    )
    file = forms.FileField(
        label="或上传 CSV",
        required=False,
        help_text="列：日期,名称,类型（或 开始日期,结束日期,名称,类型），UTF-8 或 GBK 编码",
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            cleaned["text"] = _decode(upload)
        if not str(cleaned.get("text") or "").strip():
            raise forms.ValidationError("请填写放假安排，或上传 CSV 文件")
        return cleaned


def _decode(upload: UploadedFile) -> str:
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise forms.ValidationError("文件过大：放假安排的 CSV 不应超过 200 KB")
    raw: bytes = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise forms.ValidationError("无法识别文件编码，请另存为 UTF-8 编码的 CSV")


class RuleForm(forms.Form):
    counting = forms.ChoiceField(label="计算方式", choices=COUNTING_CHOICES)
    amount = forms.IntegerField(label="期限（天数或月数）", required=False, min_value=0, max_value=366)
    fixed_month = forms.IntegerField(label="月", required=False, min_value=1, max_value=12)
    fixed_day = forms.IntegerField(label="日", required=False, min_value=1, max_value=31)
    legal_basis = forms.CharField(
        label="依据", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="留空则使用默认依据"
    )


class CompleteForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}))
