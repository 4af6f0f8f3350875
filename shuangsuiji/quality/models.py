"""Data-quality monitoring: indicators, reported figures, rule settings, rule runs, findings with their review,
and the comparison of the 名录库 with other departments' registers (名录库比对)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.domain.quality.config import RULE_LABELS


class Indicator(models.Model):
    """统计指标: code, name, measurement unit, whether 本年累计 is reported, the 四上 categories reporting it and the
    专业股室 whose findings it produces."""

    code = models.SlugField("指标代码", max_length=32, unique=True)
    name = models.CharField("指标名称", max_length=60, unique=True)
    unit = models.CharField("计量单位", max_length=20)
    is_cumulative = models.BooleanField("报送本年累计", default=True)
    is_money = models.BooleanField("金额指标", default=True)
    allows_negative = models.BooleanField("可为负数", default=False)
    categories = models.CharField("报送的四上类别", max_length=100, help_text="四上类别代码，逗号分隔")
    department_name = models.CharField("负责的专业股室", max_length=60, default="专业股")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "统计指标"

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]


class ReportedValue(models.Model):
    """One reported figure: a unit's 本月 and 本年累计 value of one indicator for one period (2026-10, 2026Q3, 2026)."""

    unit = models.ForeignKey("directory.Unit", on_delete=models.CASCADE, related_name="reported_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField("报告期", max_length=7)
    period_kind = models.CharField("报告期类型", max_length=1)
    period_index = models.IntegerField("期序")
    current_value = models.DecimalField("本月（本期）", max_digits=16, decimal_places=2, null=True, blank=True)
    cumulative_value = models.DecimalField("本年累计", max_digits=16, decimal_places=2, null=True, blank=True)
    reported_at = models.DateTimeField("填报时间", null=True, blank=True)
    batch = models.ForeignKey("core.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "报送数据"
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="reported_value_unique"),
        ]
        indexes = [models.Index(fields=["period_kind", "period_index", "unit"], name="reported_value_period_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.indicator_id}"


class RuleSetting(models.Model):
    """A bureau's value for one rule parameter, optionally for one indicator and size class; without a row the
    default of shuangsuiji.domain.quality.config applies."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="quality_settings")
    rule = models.CharField("规则参数", max_length=20)
    indicator_code = models.CharField("指标代码", max_length=32, blank=True)
    size_class = models.CharField("单位规模", max_length=2, blank=True)
    value = models.FloatField("取值", null=True, blank=True)
    is_enabled = models.BooleanField("启用", default=True)
    text = models.CharField("审核公式", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "审核规则设置"
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "rule", "indicator_code", "size_class", "text"], name="rule_setting_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bureau_id} {self.rule} {self.indicator_code} {self.size_class}"


class QualityRun(models.Model):
    """One run of the rules for a bureau and period, with the number of findings it produced."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="quality_runs")
    period = models.CharField("报告期", max_length=7)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField("用时（秒）", default=0)
    finding_count = models.PositiveIntegerField("发现问题数", default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "审核运行"

    def __str__(self) -> str:
        return f"{self.bureau_id} {self.period}"


class Finding(models.Model):
    """A suspected data-quality problem of one unit, with its Chinese explanation, its weighted score and its
    review by the indicator's 专业股室."""

    class Status(models.TextChoices):
        OPEN = "open", "待核实"
        VERIFYING = "verifying", "核实中"
        NORMAL = "normal", "数据正常"
        CORRECTED = "corrected", "已更正"
        SUSPECTED = "suspected", "疑似违法"

    run = models.ForeignKey(QualityRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings")
    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="quality_findings")
    unit = models.ForeignKey("directory.Unit", on_delete=models.CASCADE, related_name="quality_findings")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.CharField("报告期", max_length=7)
    rule = models.CharField("规则", max_length=20, choices=list(RULE_LABELS.items()))
    value = models.FloatField("本期值", null=True, blank=True)
    reference = models.FloatField("比较值", null=True, blank=True)
    explanation = models.CharField("说明", max_length=400)
    score = models.FloatField("加权分值", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    corrected_value = models.DecimalField("更正后数值", max_digits=16, decimal_places=2, null=True, blank=True)
    review_note = models.CharField("核实情况", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = "数据质量问题"
        indexes = [
            models.Index(fields=["bureau", "period", "status"], name="finding_bureau_period_idx"),
            models.Index(fields=["bureau", "status", "unit"], name="finding_bureau_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="corrected") | models.Q(corrected_value__isnull=False),
                name="finding_corrected_has_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.get_rule_display()}"

    @property
    def is_reviewed(self) -> bool:
        return self.status in (self.Status.NORMAL, self.Status.CORRECTED, self.Status.SUSPECTED)


class RegisterImport(models.Model):
    """An external register imported for comparison with the 名录库 (市场监管, 税务, 民政 or 编制)."""

    class Source(models.TextChoices):
        MARKET = "market", "市场监管部门登记注册信息"
        TAX = "tax", "税务部门登记信息"
        CIVIL = "civil", "民政部门登记信息"
        ESTABLISHMENT = "establishment", "编制部门机构信息"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="register_imports")
    source = models.CharField("来源部门", max_length=16, choices=Source.choices)
    file_name = models.CharField("文件名", max_length=255)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "外部名录比对"

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.file_name}"


class RegisterProposal(models.Model):
    """A proposed 入库 / 变更 / 退库 from comparing a register with the 名录库, accepted or rejected by staff."""

    class Action(models.TextChoices):
        ENTER = "enter", "入库"
        CHANGE = "change", "变更"
        EXIT = "exit", "退库"

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        ACCEPTED = "accepted", "已采纳"
        REJECTED = "rejected", "已驳回"

    register = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="proposals")
    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="+")
    action = models.CharField("建议", max_length=8, choices=Action.choices)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("单位名称", max_length=200)
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    values = models.JSONField("登记信息", default=dict)
    differences = models.JSONField("差异", default=dict)
    reason = models.CharField("理由", max_length=300)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField("处理说明", max_length=300, blank=True)

    class Meta:
        ordering = ["status", "action", "id"]
        verbose_name = "名录库比对建议"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.name}"
