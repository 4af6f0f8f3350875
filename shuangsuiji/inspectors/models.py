"""执法检查人员名录库: the people who may be drawn to inspect, their certificates and declared 回避 relations."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.domain.units import field_to_tags


class Inspector(models.Model):
    """执法检查人员: eligible for a draw only while 在岗 with a valid 统计执法证 (checked on the draw date)."""

    class Status(models.TextChoices):
        ON_DUTY = "on_duty", "在岗"
        ON_LEAVE = "on_leave", "请假"
        SECONDED = "seconded", "借调"
        TRANSFERRED = "transferred", "调离"

    class Sex(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="inspectors")
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspectors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspector"
    )
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    certificate_no = models.CharField("执法证号", max_length=32, unique=True)
    certificate_valid_until = models.DateField("执法证有效期至")
    post = models.CharField("执法岗位", max_length=60, blank=True)
    area = models.CharField("执法区域", max_length=100, blank=True)
    expertise = models.CharField("专长标签", max_length=300, blank=True, help_text="存储为 |标签1|标签2|")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ON_DUTY)
    home_region = models.CharField("常住地区划代码", max_length=12, blank=True)
    staff_no = models.CharField("工号", max_length=32, blank=True)
    phone = models.CharField("手机", max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Only these fields may ever be published (三项制度 事前公开: 姓名、性别、执法证件编号、执法岗位、执法区域).
    PUBLIC_FIELDS = ("name", "sex", "certificate_no", "post", "area")

    class Meta:
        ordering = ["bureau_id", "name"]
        verbose_name = "执法检查人员"
        indexes = [
            models.Index(fields=["bureau", "status"], name="inspector_bureau_status_idx"),
            models.Index(fields=["bureau", "certificate_valid_until"], name="inspector_bureau_cert_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["on_duty", "on_leave", "seconded", "transferred"]),
                name="inspector_status_valid",
            ),
            models.CheckConstraint(condition=models.Q(sex__in=["M", "F"]), name="inspector_sex_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"

    def certificate_is_valid(self, on: dt.date) -> bool:
        return self.certificate_valid_until >= on

    def is_eligible(self, on: dt.date) -> bool:
        """May be drawn on `on`: 在岗 and the certificate has not expired."""
        return not self.ineligibility_reason(on)

    def ineligibility_reason(self, on: dt.date) -> str:
        return vocab.ineligibility_reason(self.status, self.certificate_valid_until, on)

    @property
    def expertise_list(self) -> list[str]:
        return field_to_tags(self.expertise)


class InspectorConflict(models.Model):
    """A declared 回避 relation: the inspector must not inspect this unit (relative, former employer …)."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="conflicts")
    unit_uscc = models.CharField("统一社会信用代码", max_length=18)
    unit_name = models.CharField("单位名称", max_length=200, blank=True)
    reason = models.CharField("回避原因", max_length=200)
    declared_on = models.DateField("申报日期")
    is_active = models.BooleanField("有效", default=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)

    class Meta:
        ordering = ["inspector_id", "unit_uscc"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "unit_uscc"], name="inspector_conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id} 回避 {self.unit_uscc}"


class InspectorChange(models.Model):
    """History of an inspector's record (status, certificate, department …): one row per change, with its reason."""

    class Kind(models.TextChoices):
        ADD = "add", "新增"
        CHANGE = "change", "变更"
        STATUS = "status", "状态变更"
        CERTIFICATE = "certificate", "执法证换发"
        CONFLICT = "conflict", "申报回避"
        CONFLICT_WITHDRAWN = "conflict_withdrawn", "撤回回避"
        ACCOUNT = "account", "关联账号"

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CHANGE)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(
        "core.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="inspector_changes"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["inspector", "at"], name="inspector_change_idx")]

    def __str__(self) -> str:
        return f"{self.inspector_id} {self.get_kind_display()} @ {self.at:%Y-%m-%d}"

    @property
    def labelled_changes(self) -> dict[str, list[object]]:
        """The changed fields under their Chinese column names."""
        from shuangsuiji.domain.imports.inspectors import INSPECTOR_COLUMNS

        labels = {c.key: c.header for c in INSPECTOR_COLUMNS} | {"user": "关联账号", "conflict": "回避单位"}
        return {labels.get(k, k): v for k, v in self.changes.items()}
