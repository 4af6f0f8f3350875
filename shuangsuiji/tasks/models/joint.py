"""部门联合抽查 (一业一查): partners invited to a lead's task, each drawing its own inspectors (draw-spec §7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JointPartner(models.Model):
    """A partner department (of this platform) or agency invited into a joint task; accepts or declines, and
    commits its own inspector pool before the lead commits the draw."""

    class Status(models.TextChoices):
        INVITED = "invited", "已邀请"
        ACCEPTED = "accepted", "已接受"
        DECLINED = "declined", "已谢绝"

    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="partners")
    code = models.CharField("部门代码", max_length=32)
    department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.INVITED)
    items = models.TextField("本部门检查事项", blank=True)
    pool = models.JSONField("检查人员库", default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.CharField("答复说明", max_length=300, blank=True)

    class Meta:
        ordering = ["task_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["task", "code"], name="joint_partner_unique_code"),
            models.CheckConstraint(
                condition=models.Q(department__isnull=False, agency__isnull=True)
                | models.Q(department__isnull=True, agency__isnull=False),
                name="joint_partner_department_or_agency",
            ),
        ]

    def __str__(self) -> str:
        return str(self.department or self.agency)

    @property
    def label(self) -> str:
        if self.department_id:
            return f"{self.department.bureau.name}{self.department.name}"  # type: ignore[union-attr]
        return str(self.agency)
