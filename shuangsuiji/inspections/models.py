"""An inspection of one drawn (or directed) target: what was checked, how, what was found, the evidence, the
signatures, and the coordinator's review before the result is handed to publication (待公示)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.domain.outcomes import FOLLOW_UPS, METHODS


class Inspection(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待检查"
        IN_PROGRESS = "in_progress", "检查中"
        SUBMITTED = "submitted", "已提交"
        ACCEPTED = "accepted", "已审核"
        FOR_PUBLICATION = "for_publication", "待公示"
        PUBLISHED = "published", "已公示"

    class UnitResponse(models.TextChoices):
        NONE = "", "未记录"
        ACKNOWLEDGED = "acknowledged", "被检查单位已签字确认"
        REFUSED = "refused", "被检查单位拒绝签字"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="inspections")
    task = models.ForeignKey("tasks.Task", on_delete=models.PROTECT, related_name="inspections")
    target = models.ForeignKey("tasks.Target", on_delete=models.PROTECT, related_name="inspections")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="inspections")
    group = models.ForeignKey("tasks.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recheck_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="recheck", verbose_name="复查所针对的检查"
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING)
    methods = models.JSONField("检查方式", default=list, blank=True, help_text=f"取值：{', '.join(METHODS)}")
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    place = models.CharField("检查地点", max_length=300, blank=True)
    answers = models.JSONField("检查表答复", default=dict, blank=True)  # {"<checkpoint id>": {"answer":…, "note":…}}
    findings = models.TextField("检查发现", blank=True)
    outcomes = models.JSONField("检查结果", default=list, blank=True)  # codes of OutcomeCategory
    follow_up = models.CharField("后续处理", max_length=10, blank=True, choices=list(FOLLOW_UPS.items()))
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    follow_up_note = models.CharField("后续处理说明", max_length=300, blank=True)
    unit_response = models.CharField(
        "被检查单位意见", max_length=12, blank=True, choices=UnitResponse.choices, default=UnitResponse.NONE
    )
    unit_signer = models.CharField("被检查单位签字人", max_length=60, blank=True)
    unit_response_note = models.CharField("拒签情况说明", max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_date = models.DateField("检查结果形成日期", null=True, blank=True)  # starts the 20-working-day clock
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task_id", "id"]
        indexes = [
            models.Index(fields=["bureau", "state"], name="inspection_bureau_state_idx"),
            models.Index(fields=["bureau", "result_date"], name="inspection_result_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(recheck_of__isnull=True), name="inspection_once_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"检查 {self.pk}（{self.get_state_display()}）"


class OutcomeCategory(models.Model):
    """A result category for statistics: the defaults are domain.outcomes.OUTCOMES; a row renames, switches off
    or adds a category for the whole platform (bureau empty) or for one bureau."""

    bureau = models.ForeignKey("organisations.Bureau", null=True, blank=True, on_delete=models.CASCADE)
    code = models.CharField(max_length=32)
    label = models.CharField("名称", max_length=60)
    is_problem = models.BooleanField("计入发现问题", default=False)
    needs_follow_up = models.BooleanField("须选择后续处理", default=False)
    out_of_scope = models.BooleanField("不属于检查范围（启用备选）", default=False)
    credit_no_problem = models.BooleanField("列入诚信信息", default=False)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["bureau", "code"], name="outcome_code_unique_per_bureau")]

    def __str__(self) -> str:
        return self.label


class Evidence(models.Model):
    """A file attached to an inspection or to one check point, covered by its SHA-256 in the audit chain."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        DOCUMENT = "document", "文件"
        AUDIO = "audio", "录音"
        VIDEO = "video", "录像"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="evidence")
    checkpoint_id = models.PositiveIntegerField("所属检查要点", null=True, blank=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=255)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField("说明", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class Signature(models.Model):
    """A drawn signature (PNG) of an inspector of the group or of the unit's representative."""

    class Role(models.TextChoices):
        INSPECTOR = "inspector", "检查人员"
        UNIT = "unit", "被检查单位"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=10, choices=Role.choices)
    inspector = models.ForeignKey(
        "inspectors.Inspector", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField("签字人", max_length=60)
    image = models.FileField(upload_to="signatures/%Y/%m/", max_length=255)
    sha256 = models.CharField(max_length=64)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "inspector"],
                condition=models.Q(inspector__isnull=False),
                name="signature_once_per_inspector",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} 签字"


class Review(models.Model):
    """The coordinator's decision on a submitted record; returns keep their reason and the record's history."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", "审核通过"
        RETURN = "return", "退回修改"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    reason = models.CharField("意见", max_length=500, blank=True)
    snapshot = models.JSONField("提交时的记录", default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection_id", "at", "id"]

    def __str__(self) -> str:
        return self.get_decision_display()
