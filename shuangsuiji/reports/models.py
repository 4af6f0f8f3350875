"""What the monthly forms need that the platform cannot know (meetings, documents, trainings, checks made on
other platforms, the contact lines), and the annual statistics as published."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MonthlyInput(models.Model):
    """The hand-entered part of one bureau's monthly forms (附件1 rows 7–9, 附件2 section 一, contacts)."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    meetings = models.TextField("本月召开会议部署随机抽查工作情况", blank=True)
    documents = models.TextField("本月印发双随机工作文件情况", blank=True)
    trainings = models.TextField("本月组织随机抽查业务培训情况", blank=True)
    other_counts = models.JSONField("通过其他平台开展抽查情况", default=dict, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    mobile = models.CharField("手机", max_length=20, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "month"], name="monthly_input_once"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="monthly_input_month"),
        ]

    def __str__(self) -> str:
        return f"{self.bureau_id} {self.year}-{self.month:02d}"


class AnnualReport(models.Model):
    """年度行政执法统计: figures drafted from the platform, a note, and the published snapshot."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公开"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField("统计数据", default=dict)
    note = models.TextField("说明", blank=True)
    publication = models.ForeignKey(
        "publicity.Publication", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="annual_report_once")]

    def __str__(self) -> str:
        return f"{self.year}年度行政执法统计"
