"""一公开: what a bureau has published. The public portal reads only these rows — each holds the masked snapshot
taken when it was published — so unpublished or unmasked data cannot reach a portal page, a feed or an export."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Publication(models.Model):
    """公示: one published record (plan version, draw notice or result, inspection result, decision …).

    A withdrawn record (撤下) keeps its row and shows only the withdrawal; a correction (更正) is a new publication
    pointing to the one it corrects."""

    class Kind(models.TextChoices):
        PLAN = "plan", "年度抽查计划"
        DRAW_NOTICE = "draw_notice", "摇号公告"
        DRAW_RESULT = "draw_result", "摇号结果"
        RESULT = "result", "抽查结果"
        DECISION = "decision", "行政处罚决定"
        CREDIT = "credit", "统计严重失信企业"
        ANNUAL_REPORT = "annual_report", "行政执法统计年报"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="publications")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    title = models.CharField("标题", max_length=300)
    payload = models.JSONField("公开内容（已脱敏）", default=dict)
    unit_codes = models.TextField("涉及的统一社会信用代码", blank=True, help_text="|代码|代码|，用于检索与企业自查")
    published_at = models.DateTimeField("公开时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    correction_note = models.CharField("更正说明", max_length=300, blank=True)
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.CharField("撤下原因", max_length=300, blank=True)
    expires_on = models.DateField("公示截止日期", null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "kind", "-published_at"], name="publication_list_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="publication_subject_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=models.Q(corrects__isnull=True),
                name="publication_once_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None and self.superseded_at is None


class PublicationPolicy(models.Model):
    """A bureau's choices for publication (the defaults mask more, never less)."""

    bureau = models.OneToOneField("organisations.Bureau", on_delete=models.CASCADE, related_name="publication_policy")
    show_legal_representative = models.BooleanField("公开法定代表人姓名（非个体工商户）", default=False)
    publish_frame_file = models.BooleanField("公开抽样框文件（统一社会信用代码）", default=True)

    def __str__(self) -> str:
        return f"{self.bureau} 公开设置"


class PortalState(models.Model):
    """A counter bumped by every publish, withdraw and correct, so cached portal pages in every process stay
    exact (the cache key carries the counter)."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"portal v{self.version}"


class Objection(models.Model):
    """异议: someone (usually the enterprise concerned) objects to a published record from the portal, without a
    login; the bureau checks it and answers — 已更正 (the record was wrong and is corrected) or 维持 (with reasons)
    — within the deadline `objection_reply`. The submitter follows it with its tracking code."""

    class Status(models.TextChoices):
        RECEIVED = "received", "待核实"
        CORRECTED = "corrected", "已更正"
        UPHELD = "upheld", "维持原公示"

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="objections")
    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="objections")
    code = models.CharField("查询码", max_length=16, unique=True)
    name = models.CharField("提出人", max_length=50)
    organisation = models.CharField("单位名称", max_length=200, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact = models.CharField("联系电话或邮箱", max_length=100)
    content = models.TextField("异议内容与理由")
    submitted_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    reply = models.TextField("核实与答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["bureau", "status"], name="objection_bureau_status_idx")]

    def __str__(self) -> str:
        return f"异议 {self.code}"
