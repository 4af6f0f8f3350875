"""The shared kernel's tables: the append-only audit chain (全过程记录) and background jobs with progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditChainHead(models.Model):
    """The last event of one bureau's audit chain; locked while an event is appended so the chain stays linear."""

    bureau = models.OneToOneField("organisations.Bureau", on_delete=models.PROTECT, related_name="audit_head")
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.bureau_id}#{self.last_seq}"


class AuditEvent(models.Model):
    """One state change, written by the service that made it, in the same transaction; never updated."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="audit_events")
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bureau", "seq"], name="audit_event_unique_seq_per_bureau")]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_event_object_idx")]
        ordering = ["bureau_id", "seq"]

    def __str__(self) -> str:
        return f"{self.bureau_id}#{self.seq} {self.action}"

    def payload(self) -> dict[str, object]:
        """What the hash covers: everything but the hashes and the row id."""
        return {
            "bureau": self.bureau_id,
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "summary": self.summary,
            "data": self.data,
        }


class Job(models.Model):
    """A long task (import, big draw) run in the background, whose progress the page and the CLI show."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(self.progress_done * 100 / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class ImportBatch(models.Model):
    """One import of a file into a bureau's 名录库 (units, inspectors or items), with its outcome."""

    kind = models.CharField(max_length=16)
    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="import_batches")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    rows_total = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    rejected_file = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"导入 {self.file_name}（{self.created_at:%Y-%m-%d %H:%M}）"
