"""Bureaus (国家 → 省 → 市 → 县), their departments, other agencies for joint inspections, and region codes."""

from __future__ import annotations

from django.db import models


class Bureau(models.Model):
    """统计局: one node of the hierarchy, identified by its 6-digit 区划代码; `path` makes subtree queries cheap."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家"
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"

    code = models.CharField("区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称（文号用）", max_length=20, blank=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=120, db_index=True, editable=False)
    address = models.CharField("单位地址", max_length=200, blank=True)
    complaint_phone = models.CharField("投诉举报电话", max_length=50, blank=True)
    enforcement_functions = models.TextField("执法职责", blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "统计局"
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{6}$"), name="bureau_code_six_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def doc_prefix(self) -> str:
        """The first character(s) of document numbers, e.g. 阳统."""
        return self.short_name or self.name[:1] + "统"


class Department(models.Model):
    """股室/科室/队/中心 inside a bureau; 法制室 coordinates, 专业股室 watch the data."""

    class Kind(models.TextChoices):
        SECTION = "section", "股室/科室"
        TEAM = "team", "队"
        CENTRE = "centre", "中心"
        OFFICE = "office", "办公室"

    bureau = models.ForeignKey(Bureau, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.SECTION)
    code = models.CharField("代码", max_length=16, blank=True)
    is_legal_office = models.BooleanField("法制机构", default=False)
    is_specialist = models.BooleanField("专业股室", default=False)

    class Meta:
        ordering = ["bureau_id", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """Another administrative body (市场监管局, 商务局 …) that can join a joint inspection (部门联合抽查)."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("部门类别", max_length=40, blank=True)
    region_code = models.CharField("区划代码", max_length=6)
    contact = models.CharField("联系人及电话", max_length=100, blank=True)

    class Meta:
        ordering = ["region_code", "name"]
        verbose_name = "其他部门"

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A 区划代码 known to the platform (6-digit county or 12-digit township/village), with its vintage year."""

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=4)
    parent_code = models.CharField(max_length=12, blank=True, db_index=True)
    urban_rural_code = models.CharField("城乡分类代码", max_length=3, blank=True)
    vintage = models.PositiveSmallIntegerField("版本年份", default=2023)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
