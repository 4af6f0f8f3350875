"""检查对象名录库: the regulated units of each bureau, with their lifecycle (入库/变更/退库) kept as history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.domain import units as vocab


class Unit(models.Model):
    """检查对象: one unit of a bureau's 名录库, keyed by its 统一社会信用代码 inside the bureau."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="units")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("单位详细名称", max_length=200)
    region_code = models.CharField("区划代码", max_length=12)
    industry_code = models.CharField("行业代码", max_length=4)
    industry_section = models.CharField("门类", max_length=1)
    industry_division = models.CharField("大类", max_length=2)
    size_class = models.CharField("单位规模", max_length=2, blank=True, choices=list(vocab.SIZE_CLASSES.items()))
    scale_category = models.CharField(
        "四上类别", max_length=4, blank=True, choices=[(k, v) for k, v in vocab.SCALE_CATEGORIES.items()]
    )
    registration_type = models.CharField("登记注册类型", max_length=60, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=60, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    address = models.CharField("详细地址", max_length=300, blank=True)
    revenue = models.DecimalField("营业收入（万元）", max_digits=15, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人员", null=True, blank=True)
    indicator_period = models.CharField("指标期别", max_length=7, blank=True)
    risk_class = models.CharField("信用风险等级", max_length=1, choices=list(vocab.RISK_CLASSES.items()), default="B")
    growth_band = models.CharField("增速分组", max_length=2, blank=True, choices=list(vocab.GROWTH_BANDS.items()))
    tags = models.CharField("标签", max_length=300, blank=True)
    status = models.CharField("状态", max_length=12, choices=list(vocab.STATUSES.items()), default="OPERATING")
    checksum_exempt_reason = models.CharField("校验码豁免原因", max_length=200, blank=True)
    is_in_directory = models.BooleanField("在库", default=True)
    entered_on = models.DateField("入库日期")
    exited_on = models.DateField("退库日期", null=True, blank=True)
    exit_reason = models.CharField("退库原因", max_length=200, blank=True)
    import_batch = models.ForeignKey(
        "core.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    row_hash = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "检查对象"
        constraints = [
            models.UniqueConstraint(fields=["bureau", "uscc"], name="unit_unique_code_per_bureau"),
            models.CheckConstraint(
                condition=models.Q(risk_class__in=list(vocab.RISK_CLASSES)), name="unit_risk_class_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "id"], name="unit_bureau_id_idx"),
            models.Index(fields=["uscc"], name="unit_uscc_idx"),
            models.Index(fields=["bureau", "scale_category", "id"], name="unit_bureau_scale_idx"),
            models.Index(fields=["bureau", "risk_class", "id"], name="unit_bureau_risk_idx"),
            models.Index(fields=["region_code"], name="unit_region_idx"),
            models.Index(fields=["bureau", "industry_section", "id"], name="unit_bureau_section_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"

    @property
    def tag_list(self) -> list[str]:
        return vocab.field_to_tags(self.tags)

    @property
    def industry_display(self) -> str:
        return f"{self.industry_section}{self.industry_code}"

    @property
    def is_individual_business(self) -> bool:
        return self.uscc.startswith("92")


class UnitChange(models.Model):
    """One entry of a unit's history: 入库, 变更 (with the changed fields), 退库 or 恢复入库, with its reason."""

    class Kind(models.TextChoices):
        ENTER = "enter", "入库"
        CHANGE = "change", "变更"
        EXIT = "exit", "退库"
        REENTER = "reenter", "恢复入库"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.CharField("原因", max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(
        "core.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "at"], name="unit_change_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.get_kind_display()}"

    @property
    def labelled_changes(self) -> dict[str, list[object]]:
        """The changed fields under their Chinese column names."""
        from shuangsuiji.domain.imports.units import UNIT_COLUMNS

        labels = {c.key: c.header for c in UNIT_COLUMNS}
        labels.update(
            {
                "industry_section": "门类",
                "industry_division": "大类",
                "bureau_id": "所属统计局",
                "is_in_directory": "在库",
            }
        )
        return {labels.get(k, k): v for k, v in self.changes.items()}
