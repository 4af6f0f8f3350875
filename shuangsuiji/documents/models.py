"""执法文书: numbered PDF documents about any object (a target, an inspection, a case …), kept when re-issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentCounter(models.Model):
    """The last 文号 sequence of one (bureau, family, year); locked while a number is allocated, so numbers are
    gap-free: a rolled-back issue rolls the counter back with it."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="+")
    family = models.CharField("文号用字", max_length=8)
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bureau", "family", "year"], name="document_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bureau_id} {self.family}〔{self.year}〕{self.last_seq}"


class Document(models.Model):
    """One issued document: its 文号, the object it documents (by string reference, like AuditEvent), the PDF and
    its SHA-256. Re-issuing creates a new document and links the old one to it (superseded_by); nothing is lost."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书种类", max_length=40)
    family = models.CharField("文号用字", max_length=8)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("所涉对象", max_length=300, blank=True)
    title = models.CharField("标题", max_length=200)
    pdf = models.FileField(upload_to="documents/%Y/%m/", max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes", verbose_name="被重新制发"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "family", "year", "seq"], name="document_unique_number"),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="document_object_idx"),
            models.Index(fields=["bureau", "kind", "year"], name="document_bureau_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def file_name(self) -> str:
        """The download name: title and number, no path characters."""
        return f"{self.title}{self.number}.pdf".replace("/", "-").replace("\\", "-")
