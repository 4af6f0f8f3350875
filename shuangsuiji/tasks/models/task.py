"""抽查任务: a frame of units (scope minus exclusions) to draw targets from, with its draw parameters, and the
directed (定向) targets added with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Task(models.Model):
    """抽查任务: a frame of units (scope minus exclusions) to draw targets from, with its draw parameters."""

    class Kind(models.TextChoices):
        OWN = "own", "本级随机抽查"
        ASSIGNED = "assigned", "上级下派（本级发起）"
        SHARE = "share", "上级下派（承接）"
        JOINT = "joint", "部门联合抽查"

    class Status(models.TextChoices):
        DRAFT = "draft", "准备中"
        DRAWN = "drawn", "已摇号"
        IN_PROGRESS = "in_progress", "检查中"
        COMPLETED = "completed", "已完成"
        CANCELLED = "cancelled", "已取消"

    class Allocation(models.TextChoices):
        RATIOS = "ratios", "按信用风险等级比例"
        TOTAL = "total", "按总数"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="tasks")
    number = models.PositiveIntegerField("任务序号")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("任务名称", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.OWN)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    plan_line = models.ForeignKey(
        "planning.PlanLine", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    adhoc_reason = models.CharField("计划外任务原因", max_length=300, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="shares")
    items = models.ManyToManyField("catalog.ItemVersion", related_name="tasks", verbose_name="抽查事项")
    period_start = models.DateField("检查开始日期")
    period_end = models.DateField("检查结束日期")
    scope = models.JSONField("抽查范围（名录筛选条件）", default=dict, blank=True)
    exclude_inspected_days = models.PositiveSmallIntegerField("排除最近 N 天内已检查的单位", default=365)
    yearly_cap = models.PositiveSmallIntegerField("每户每年检查次数上限", default=1)
    exclude_open_tasks = models.BooleanField("排除已在其他未完成任务中的单位", default=True)
    strata_components = models.JSONField("分层因素", default=list)
    allocation = models.CharField("分配方式", max_length=8, choices=Allocation.choices, default=Allocation.RATIOS)
    risk_ratios = models.JSONField("按信用风险等级的抽查比例", default=dict, blank=True)
    total_n = models.PositiveIntegerField("抽取总数", null=True, blank=True)
    minimum_per_stratum = models.PositiveSmallIntegerField("每层最少抽取数", default=0)
    reserve_per_stratum = models.PositiveSmallIntegerField("每层备选数", default=2)
    group_size = models.PositiveSmallIntegerField("每组检查人员数", default=2)
    inspector_expertise = models.JSONField("检查人员专长要求", default=list, blank=True)
    inspector_departments = models.ManyToManyField(
        "organisations.Department", blank=True, related_name="+", verbose_name="检查人员所在科室"
    )
    avoid_last_inspector = models.BooleanField("回避：不派上次检查该单位的人员", default=True)
    avoid_same_township = models.BooleanField("回避：不派常住地与单位同乡镇的人员", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_reason = models.CharField("取消原因", max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "number"], name="task_unique_number"),
            models.CheckConstraint(condition=models.Q(group_size__gte=2), name="task_group_size_at_least_two"),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="task_period_ordered"
            ),
            models.CheckConstraint(
                condition=~models.Q(plan_line__isnull=True, adhoc_reason="", kind__in=["own", "assigned", "joint"]),
                name="task_from_plan_or_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return f"{self.bureau.doc_prefix}抽〔{self.year}〕{self.number}号"


class DirectedTarget(models.Model):
    """定向 target: added with a reason, never mixed into the random draw, counted apart in reports."""

    class Reason(models.TextChoices):
        ANOMALY = "anomaly", "数据异常"
        COMPLAINT = "complaint", "举报投诉"
        SUPERIOR = "superior", "上级交办"
        OTHER = "other", "其他"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="directed_targets")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="+")
    reason_kind = models.CharField("定向原因类别", max_length=12, choices=Reason.choices)
    reason = models.CharField("定向原因", max_length=500)
    source_ref = models.CharField("来源（如数据质量预警编号）", max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task_id", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="directed_target_once_per_task")]

    def __str__(self) -> str:
        return f"{self.task_id} 定向 {self.unit_id}"
