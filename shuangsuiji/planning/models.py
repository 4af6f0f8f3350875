"""年度抽查计划: what a bureau plans to check in a year — items, scope, ratios, schedule, coverage targets and the
differentiated ratios by credit-risk class (seed 000 五, seed 001 细则 第十条–第十一条, seed 002 二, seed 003 三(五))."""

from __future__ import annotations

from django.conf import settings
from django.db import models

DEFAULT_RISK_RATIOS = {"A": [1, 100], "B": [3, 100], "C": [5, 100], "D": [20, 100]}
DEFAULT_CATEGORY_TARGETS = {"four_above": "20", "four_below": "20"}


class AnnualPlan(models.Model):
    """年度抽查计划: one per bureau and year, due by 31 March; its content lives in versions."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="annual_plans")
    year = models.PositiveSmallIntegerField("年度")
    current_version = models.ForeignKey(
        "PlanVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="当前发布的版本"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "bureau_id"]
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="plan_one_per_bureau_and_year")]

    def __str__(self) -> str:
        return f"{self.bureau} {self.year}年度抽查计划"


class PlanVersion(models.Model):
    """One version of a plan: draft → submitted → approved (局领导) → published; an adjustment is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被调整版本替代"

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField("计划名称", max_length=200)
    adjustment_reason = models.CharField("调整原因", max_length=500, blank=True)
    coverage_target_percent = models.DecimalField(
        "全年抽查企业占比目标（%）", max_digits=5, decimal_places=2, default=5
    )
    category_targets = models.JSONField("分类核查面目标（%）", default=dict, blank=True)
    township_target_percent = models.DecimalField(
        "乡镇核查面目标（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    risk_ratios = models.JSONField("按信用风险等级的抽查比例", default=dict)
    yearly_cap = models.PositiveSmallIntegerField("每户每年检查次数上限", default=1)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField("审批意见", max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=["draft", "submitted", "approved"]),
                name="plan_version_one_open",
            ),
            models.CheckConstraint(condition=models.Q(yearly_cap__gte=1), name="plan_version_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PlanLine(models.Model):
    """One item of the plan: its scope in the directory, ratio and frequency within the item list's range, schedule."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField("序号")
    item_version = models.ForeignKey("catalog.ItemVersion", on_delete=models.PROTECT, related_name="+")
    scope = models.JSONField("抽查范围", default=dict, blank=True)
    ratio_percent = models.DecimalField("抽查比例（%）", max_digits=6, decimal_places=3)
    frequency = models.PositiveSmallIntegerField("每年次数", default=1)
    schedule = models.JSONField("安排（季度/半年）", default=list, blank=True)
    department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        ordering = ["version_id", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="plan_line_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.item_version.name}"
