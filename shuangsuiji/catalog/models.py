"""随机抽查事项清单: inspection items with versioned content and checklists (检查表式).

Editing a published item creates a new version; inspections keep a reference to the version they used.
A bureau's list is its own items plus the published items of the bureaus above it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.domain import catalog as vocab


class InspectionItem(models.Model):
    """抽查事项: a stable identity (bureau + code) whose content lives in ItemVersion rows."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        RETIRED = "retired", "已停用"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="inspection_items")
    code = models.CharField("事项编码", max_length=32)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "ItemVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="当前发布的版本",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    retire_reason = models.CharField("停用原因", max_length=300, blank=True)

    class Meta:
        ordering = ["bureau_id", "code"]
        verbose_name = "抽查事项"
        constraints = [
            models.UniqueConstraint(fields=["bureau", "code"], name="item_unique_code_per_bureau"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "retired"]), name="item_status_valid"
            ),
        ]

    def __str__(self) -> str:
        shown = self.shown_version
        return f"{self.code} {shown.name}" if shown is not None else self.code

    @property
    def latest_version(self) -> ItemVersion | None:
        """The newest version (a pending draft, else the current one); uses prefetched versions when present."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None

    @property
    def shown_version(self) -> ItemVersion | None:
        """The version a list shows: the current one, else the draft (from the prefetched versions)."""
        versions = list(self.versions.all())
        current = next((v for v in versions if v.pk == self.current_version_id), None)
        return current or (max(versions, key=lambda v: v.number) if versions else None)

    @property
    def draft_version(self) -> ItemVersion | None:
        return next((v for v in self.versions.all() if v.published_at is None), None)


class ItemVersion(models.Model):
    """One version of an item's content (the columns of the province's 随机抽查事项清单)."""

    class Category(models.TextChoices):
        GENERAL = "general", "一般检查事项"
        KEY = "key", "重点检查事项"

    item = models.ForeignKey(InspectionItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    name = models.CharField("抽查事项名称", max_length=200)
    category = models.CharField("事项类别", max_length=10, choices=Category.choices, default=Category.GENERAL)
    legal_basis = models.TextField("抽查依据")
    inspecting_bodies = models.CharField("抽查主体", max_length=200)
    object_type = models.CharField("抽查对象", max_length=200)
    ratio_min_percent = models.DecimalField("抽查比例下限（%）", max_digits=6, decimal_places=3)
    ratio_max_percent = models.DecimalField("抽查比例上限（%）", max_digits=6, decimal_places=3)
    frequency_min = models.PositiveSmallIntegerField("每年最少次数", default=1)
    frequency_max = models.PositiveSmallIntegerField("每年最多次数", default=1)
    method = models.CharField("抽查方式", max_length=200)
    content = models.TextField("抽查内容及要求")
    inspector_requirements = models.CharField("检查人员要求", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    change_reason = models.CharField("修订原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique_number"),
            models.CheckConstraint(
                condition=models.Q(ratio_min_percent__lte=models.F("ratio_max_percent")),
                name="item_version_ratio_range",
            ),
            models.CheckConstraint(
                condition=models.Q(frequency_min__lte=models.F("frequency_max")),
                name="item_version_frequency_range",
            ),
            models.CheckConstraint(
                condition=models.Q(ratio_min_percent__gte=0, ratio_max_percent__gt=0, ratio_max_percent__lte=100),
                name="item_version_ratio_bounds",
            ),
            models.CheckConstraint(condition=models.Q(frequency_min__gte=1), name="item_version_frequency_min"),
            models.CheckConstraint(condition=models.Q(category__in=["general", "key"]), name="item_version_category"),
            # At most one unpublished version per item: a revision is finished (published) or discarded first.
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(published_at__isnull=True), name="item_version_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def ratio_display(self) -> str:
        return vocab.format_ratio(self.ratio_min_percent, self.ratio_max_percent)

    @property
    def frequency_display(self) -> str:
        return vocab.format_frequency(self.frequency_min, self.frequency_max)


class CheckPoint(models.Model):
    """One point of an item version's checklist (检查表式), answered during an inspection."""

    class AnswerType(models.TextChoices):
        YES_NO = "yes_no", "是/否"
        CHOICE = "choice", "选项"
        NUMBER = "number", "数值"
        TEXT = "text", "文字"
        ATTACHMENT = "attachment", "附件"

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="checkpoints")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("检查要点", max_length=300)
    answer_type = models.CharField("答案类型", max_length=12, choices=AnswerType.choices, default=AnswerType.YES_NO)
    choices = models.JSONField("选项", default=list, blank=True)
    problem_when_no = models.BooleanField("答“否”即为发现问题", default=True)
    is_required = models.BooleanField("必答", default=True)
    guidance = models.CharField("检查方法提示", max_length=300, blank=True)

    class Meta:
        ordering = ["version_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="checkpoint_unique_order"),
            models.CheckConstraint(
                condition=models.Q(answer_type__in=["yes_no", "choice", "number", "text", "attachment"]),
                name="checkpoint_answer_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"
