"""Case handling (立案 to 结案) under the 普通程序 of domain-rules §2.3, with the 法制审核 that gates the decision."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from shuangsuiji.domain.penalties import PARTY_TYPES, VIOLATIONS
from shuangsuiji.domain.risk import RiskRule
from shuangsuiji.domain.units import RISK_CLASSES


class Case(models.Model):
    class Source(models.TextChoices):
        INSPECTION = "inspection", "“双随机”抽查"
        DIRECTED = "directed", "定向检查"
        COMPLAINT = "complaint", "举报投诉"
        REFERRAL = "referral", "上级转办"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "立案待批"
        INVESTIGATING = "investigating", "调查取证"
        INVESTIGATED = "investigated", "调查终结"
        REVIEWED = "reviewed", "法制审核通过"
        NOTIFIED = "notified", "已事先告知"
        DECIDED = "decided", "已决定"
        SERVED = "served", "已送达"
        EXECUTED = "executed", "已执行"
        CLOSED = "closed", "已结案"
        REFUSED = "refused", "不予立案"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        PENALTY = "penalty", "行政处罚"
        NO_PENALTY = "no_penalty", "不予处罚"
        TRANSFER = "transfer", "移送其他机关"
        JUDICIAL = "judicial", "移送司法机关"
        DROPPED = "dropped", "撤销立案（违法事实不成立）"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("案件序号")
    source = models.CharField("案件来源", max_length=12, choices=Source.choices)
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="cases")
    party_type = models.CharField("当事人类型", max_length=12, choices=list(PARTY_TYPES.items()))
    violations = models.JSONField("涉嫌违法行为", default=list)
    violation_end = models.DateField("违法行为发生（终了）日期")
    facts = models.TextField("案情摘要")
    handlers = models.ManyToManyField("inspectors.Inspector", related_name="cases", verbose_name="承办人")
    status = models.CharField("状态", max_length=14, choices=Status.choices, default=Status.PROPOSED)
    outcome = models.CharField("处理结果", max_length=12, choices=Outcome.choices, blank=True, default="")
    opened_on = models.DateField("立案日期", null=True, blank=True)
    due_on = models.DateField("办结期限", null=True, blank=True)
    extended = models.BooleanField("已延长办案期限", default=False)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    investigation_report = models.TextField("调查终结报告", blank=True)
    severe_reasons = models.JSONField("情节严重情形", default=list, blank=True)
    is_major = models.BooleanField("重大执法决定（须法制审核）", default=True)
    collective_required = models.BooleanField("须集体讨论（情节复杂或重大违法）", default=False)
    proposed_fine = models.PositiveIntegerField("拟罚款（元）", null=True, blank=True)
    proposed_reasoning = models.TextField("裁量理由", blank=True)
    band = models.JSONField("适用的裁量档次", default=dict, blank=True)  # a copy: the bureau's table may change later
    band_departure_reason = models.TextField("拟罚款偏离裁量档次的理由", blank=True)
    law = models.CharField("适用法律版本", max_length=4, blank=True)
    notified_on = models.DateField("事先告知日期", null=True, blank=True)
    hearing_right = models.BooleanField("有权要求听证", default=False)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    # 当事人明确放弃陈述、申辩（及听证）权利 (行政处罚法 Art 62): the decision need not wait for the periods to end
    rights_waived_on = models.DateField("放弃陈述申辩权利日期", null=True, blank=True)
    rights_waived_by = models.CharField("放弃声明人及身份", max_length=150, blank=True)
    rights_waiver = models.CharField("放弃声明的方式和内容", max_length=300, blank=True)
    hearing_noticed_on = models.DateField("听证通知日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_place = models.CharField("听证地点", max_length=200, blank=True)
    hearing_chair = models.CharField("听证主持人", max_length=50, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    fine = models.PositiveIntegerField("罚款（元）", null=True, blank=True)
    decision_reasoning = models.TextField("决定罚款偏离裁量档次的理由", blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    paid_on = models.DateField("缴纳日期", null=True, blank=True)
    late_fee = models.PositiveIntegerField("加处罚款（元）", default=0)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.TextField("结案报告", blank=True)
    transferred_to = models.CharField("移送的机关", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["bureau", "year", "number"], name="case_unique_number")]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.bureau.doc_prefix}立〔{self.year}〕{self.number}号"


class LegalReview(models.Model):
    """法制审核 of a case's proposed decision (seed 001 三项制度 (三)); a disagreement goes to the head."""

    class Opinion(models.TextChoices):
        AGREE = "agree", "同意"
        AGREE_MODIFIED = "agree_modified", "修改后同意"
        DISAGREE = "disagree", "不同意"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checklist = models.JSONField("审核要点", default=dict)
    opinion = models.CharField("审核意见", max_length=16, choices=Opinion.choices)
    reasons = models.TextField("理由")
    head_decision = models.CharField("局领导决定", max_length=300, blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "at", "id"]

    def __str__(self) -> str:
        return self.get_opinion_display()

    @property
    def clears_the_decision(self) -> bool:
        return self.opinion != self.Opinion.DISAGREE or bool(self.head_decision)


class CollectiveDiscussion(models.Model):
    """集体讨论 of a complex or serious case before the decision (行政处罚法 Art 57), recorded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    held_on = models.DateField("讨论日期")
    participants = models.CharField("参加人员", max_length=500)
    conclusion = models.TextField("讨论结论")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"集体讨论 {self.held_on}"

    @property
    def bureau_id(self) -> int:
        """The case's bureau: the documents app scopes the 案件集体讨论记录 by it."""
        return self.case.bureau_id


RISK_RULE_CHOICES = [("", "不调整"), *RISK_CLASSES.items()]


class CaseSettings(models.Model):
    """A bureau's configuration: hearing thresholds (较大数额, unverified in domain-rules: configurable) and which
    decisions count as major. Defaults apply when the bureau has no row."""

    bureau = models.OneToOneField("organisations.Bureau", on_delete=models.CASCADE, related_name="case_settings")
    hearing_threshold_organisation = models.PositiveIntegerField("听证标准：单位（元）", default=50_000)
    hearing_threshold_individual = models.PositiveIntegerField("听证标准：个体工商户（元）", default=2_000)
    major_fine_threshold = models.PositiveIntegerField("重大执法决定：罚款达到（元）", default=0)
    review_every_decision = models.BooleanField("一案一卷一审：普通程序的决定都须法制审核", default=True)
    review_after_hearing = models.BooleanField("经过听证的决定：听证后须就听证笔录再经法制审核", default=True)
    collective_fine_threshold = models.PositiveIntegerField("拟罚款达到该数额须集体讨论（元）", default=100_000)
    # 统计严重失信企业 (2019 defaults of domain-rules §3; the current rules are not fully confirmed)
    credit_on_severe = models.BooleanField("情节严重的处罚决定列入严重失信", default=True)
    credit_fine_threshold = models.PositiveIntegerField("罚款达到该数额也列入（元，0为不按金额）", default=0)
    credit_publish_workdays = models.PositiveSmallIntegerField("决定后公示期限（工作日）", default=20)
    credit_months = models.PositiveSmallIntegerField("公示期（月）", default=12)
    credit_repair_after_months = models.PositiveSmallIntegerField("最早可申请修复（月）", default=6)
    credit_extended_months = models.PositiveSmallIntegerField("修复不实或再次违法时公示期（月）", default=24)
    credit_notice_workdays = models.PositiveSmallIntegerField(
        "认定前告知：陈述申辩期限（工作日，0为不告知直接认定）", default=5
    )
    credit_risk_class = models.CharField(
        "列入后信用风险等级", max_length=1, default="D", choices=list(RISK_CLASSES.items())
    )
    # 信用风险分类 from inspection results and decisions (domain/risk.py; the platform's assumption, configurable)
    risk_problem_class = models.CharField(
        "检查发现问题后信用风险等级至少为", max_length=1, blank=True, default="C", choices=RISK_RULE_CHOICES
    )
    risk_uncooperative_class = models.CharField(
        "不配合检查情节严重的信用风险等级至少为", max_length=1, blank=True, default="D", choices=RISK_RULE_CHOICES
    )
    risk_penalty_class = models.CharField(
        "作出行政处罚决定后信用风险等级至少为", max_length=1, blank=True, default="C", choices=RISK_RULE_CHOICES
    )
    risk_clean_run = models.PositiveSmallIntegerField(
        "连续几次检查未发现问题后风险等级降低一级（0为不调整）", default=2
    )

    def __str__(self) -> str:
        return f"{self.bureau} 案件设置"

    @property
    def risk_rule(self) -> RiskRule:
        return RiskRule(
            problem=self.risk_problem_class,
            uncooperative=self.risk_uncooperative_class,
            penalty=self.risk_penalty_class,
            clean_run=self.risk_clean_run,
        )

    def clean(self) -> None:
        """Values the procedure cannot work with: a hearing right that never arises, a repair before or a
        false-repair term shorter than the listing itself, a publication period outside the calendar's reach."""
        errors: dict[str, str] = {}
        for name in ("hearing_threshold_organisation", "hearing_threshold_individual"):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                errors[name] = "听证标准须至少为1元（0将使当事人永远无权要求听证）"
        if self.credit_publish_workdays is not None and not 1 <= self.credit_publish_workdays <= 366:
            errors["credit_publish_workdays"] = "公示期限须在1到366个工作日之间"
        if self.credit_notice_workdays is not None and self.credit_notice_workdays > 30:
            errors["credit_notice_workdays"] = "认定前告知的陈述申辩期限须在0到30个工作日之间"
        if self.risk_clean_run is not None and self.risk_clean_run > 10:
            errors["risk_clean_run"] = "连续未发现问题的次数须在0到10之间"
        if self.credit_months is not None and not 1 <= self.credit_months <= 60:
            errors["credit_months"] = "公示期须在1到60个月之间"
        months, repair, extended = self.credit_months, self.credit_repair_after_months, self.credit_extended_months
        if None not in (months, repair, extended):
            if repair >= months:
                errors["credit_repair_after_months"] = f"最早可申请修复的月数须少于公示期（{months}个月）"
            if extended < months:
                errors["credit_extended_months"] = f"延长后的公示期不能短于公示期（{months}个月）"
        if errors:
            raise ValidationError(errors)


class CreditListing(models.Model):
    """统计严重失信企业: listed after a decision by the bureau's rule; shown for a term, removed early on a
    verified repair (信用修复), extended when the repair was false or the firm offends again."""

    class Status(models.TextChoices):
        NOTIFIED = "notified", "已告知拟认定"
        DROPPED = "dropped", "不予认定"
        LISTED = "listed", "公示中"
        REPAIR_APPLIED = "repair_applied", "已申请信用修复"
        REMOVED = "removed", "已提前移出"
        EXPIRED = "expired", "公示期满"

    class Answer(models.TextChoices):
        STATEMENT = "statement", "陈述申辩"
        WAIVER = "waiver", "明确放弃陈述申辩"

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="credit_listings")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="credit_listings")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="credit_listings")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.LISTED)
    notified_on = models.DateField("拟认定告知日期", null=True, blank=True)
    answered_on = models.DateField("陈述申辩（或放弃）日期", null=True, blank=True)
    answer_kind = models.CharField("企业的答复", max_length=10, choices=Answer.choices, blank=True)
    answer = models.TextField("陈述申辩的事实和理由（或放弃声明）", blank=True)
    listed_on = models.DateField("列入日期", null=True, blank=True)
    expires_on = models.DateField("公示截止", null=True, blank=True)
    extended = models.BooleanField("已延长公示期", default=False)
    previous_risk_class = models.CharField(max_length=1, blank=True)
    repair_applied_on = models.DateField("申请修复日期", null=True, blank=True)
    repair_note = models.TextField("修复说明", blank=True)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    extended_on = models.DateField("延长公示期决定日期", null=True, blank=True)
    reason = models.CharField("移出或延长理由", max_length=300, blank=True)
    publication = models.ForeignKey(
        "publicity.Publication", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-listed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} 严重失信"


class EvidencePreservation(models.Model):
    """证据先行登记保存 during 调查取证 (统计法 Art 38, 行政处罚法 Art 56): requested by the handlers, approved by
    the bureau head before it is carried out, and decided on within 7 working days (the deadline
    `preservation_decision`)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待局领导批准"
        REFUSED = "refused", "不予批准"
        APPROVED = "approved", "已批准，待实施"
        PRESERVED = "preserved", "登记保存中"
        DECIDED = "decided", "已作出处理决定"

    class Decision(models.TextChoices):
        COPIED_RELEASED = "copied_released", "记录、复制、拍照后解除登记保存，退还当事人"
        RELEASED = "released", "解除登记保存，退还当事人"
        TRANSFERRED = "transferred", "移交有关部门（机关）处理"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preservations")
    items = models.JSONField("登记保存清单", default=list)
    reason = models.TextField("登记保存理由（证据可能灭失或者以后难以取得的情形）")
    place = models.CharField("保存地点与方式", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_opinion = models.CharField("局领导意见", max_length=300, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    preserved_on = models.DateField("登记保存日期", null=True, blank=True)
    decision = models.CharField("处理决定", max_length=16, choices=Decision.choices, blank=True)
    decision_note = models.TextField("处理决定说明", blank=True)
    decided_on = models.DateField("处理决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = "证据登记保存"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="preserved") | models.Q(preserved_on__isnull=False, head__isnull=False),
                name="preservation_needs_approval",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | (~models.Q(decision="") & models.Q(decided_on__isnull=False)),
                name="preservation_decided_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} 证据登记保存 {self.pk}"

    @property
    def bureau_id(self) -> int:
        """The case's bureau: the documents app scopes a preservation's documents by it."""
        return self.case.bureau_id


class Interview(models.Model):
    """询问笔录 of one person during 调查取证, taken by two of the case handlers who showed their 执法证
    (统计法 Art 38 (三), 实施条例 Art 36); the 问/答 text as recorded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interviews")
    person = models.CharField("被询问人", max_length=50)
    person_role = models.CharField("工作单位及职务（与当事人关系）", max_length=100)
    asker = models.ForeignKey("inspectors.Inspector", on_delete=models.PROTECT, related_name="+", verbose_name="询问人")
    recorder = models.ForeignKey(
        "inspectors.Inspector", on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    started_at = models.DateTimeField("询问开始时间")
    ended_at = models.DateTimeField("询问结束时间")
    place = models.CharField("询问地点", max_length=200)
    transcript = models.TextField("询问内容（问答）")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "started_at", "id"]
        verbose_name = "询问笔录"
        constraints = [
            models.CheckConstraint(condition=~models.Q(asker=models.F("recorder")), name="interview_two_handlers"),
            models.CheckConstraint(condition=models.Q(ended_at__gt=models.F("started_at")), name="interview_ends"),
        ]

    def __str__(self) -> str:
        return f"询问笔录（{self.person}）"

    @property
    def bureau_id(self) -> int:
        """The case's bureau: the documents app scopes an interview's record by it."""
        return self.case.bureau_id


class HearingRecord(models.Model):
    """听证笔录 (行政处罚法 Art 64 (八)): who took part, the investigators' case, the party's statements and the
    course of the hearing; the decision is made on it (Art 65). A party that stayed away waived the hearing."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="hearing_record")
    held_on = models.DateField("听证日期")
    participants = models.CharField("参加人员（调查人员、当事人及其代理人）", max_length=500)
    recorder = models.CharField("记录人", max_length=50)
    party_attended = models.BooleanField("当事人出席", default=True)
    investigator_statement = models.TextField("调查人员提出的违法事实、证据和处罚建议", blank=True)
    party_statement = models.TextField("当事人的陈述、申辩和质证意见", blank=True)
    transcript = models.TextField("听证经过")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "听证笔录"

    def __str__(self) -> str:
        return f"{self.case} 听证笔录"


class DiscretionBand(models.Model):
    """One band of a bureau's 裁量基准 (domain-rules §1.3): the fine range, inside the legal range, for a violation
    by a party type under one law, in the circumstances described, each end included or not as the benchmark
    reads “以上/以下” (a per-band flag). Copied from the platform's defaults (`is_default` until changed), entered
    by the 法制室 or imported from a table."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="discretion_bands")
    violation = models.CharField("违法行为", max_length=20, choices=[(v.code, v.label) for v in VIOLATIONS])
    party_type = models.CharField("当事人类型", max_length=12, choices=list(PARTY_TYPES.items()))
    law = models.CharField("适用法律", max_length=4, choices=[("2024", "2024年统计法"), ("2009", "2009年统计法")])
    is_severe = models.BooleanField("情节严重", default=False)
    label = models.CharField("档次", max_length=40)
    circumstances = models.CharField("适用情形", max_length=300, blank=True)
    minimum = models.PositiveIntegerField("罚款下限（元）")
    maximum = models.PositiveIntegerField("罚款上限（元）")
    includes_minimum = models.BooleanField("含下限本数", default=True)
    includes_maximum = models.BooleanField("含上限本数", default=True)
    is_default = models.BooleanField("平台默认值", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bureau_id", "violation", "law", "party_type", "is_severe", "minimum", "id"]
        verbose_name = "裁量基准档次"
        constraints = [
            models.CheckConstraint(condition=models.Q(minimum__lte=models.F("maximum")), name="band_min_le_max"),
            models.UniqueConstraint(
                fields=["bureau", "violation", "party_type", "law", "is_severe", "label"], name="band_unique_label"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_violation_display()} {self.label}"


class PartyStatement(models.Model):
    """陈述申辩笔录 and 复核意见 (行政处罚法 Arts 44–45): what the party stated in its defence after the prior notice
    without a hearing, and the bureau's review of it. The penalty may not be made heavier because of it; a
    review that accepts the defence may lower the proposed fine, and the decision may not exceed that."""

    class Manner(models.TextChoices):
        ORAL = "oral", "口头陈述申辩（当场制作笔录）"
        WRITTEN = "written", "书面陈述申辩材料"

    class Opinion(models.TextChoices):
        ACCEPTED = "accepted", "采纳"
        PARTLY = "partly", "部分采纳"
        REJECTED = "rejected", "不予采纳"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="statement")
    stated_on = models.DateField("陈述申辩日期")
    manner = models.CharField("陈述申辩方式", max_length=8, choices=Manner.choices)
    person = models.CharField("陈述申辩人（当事人或其代理人）", max_length=50)
    person_role = models.CharField("身份（法定代表人、委托代理人等）", max_length=100)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    statement = models.TextField("陈述申辩的事实、理由和证据")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    opinion = models.CharField("复核意见", max_length=8, choices=Opinion.choices, blank=True)
    review_reasons = models.TextField("复核理由", blank=True)
    reviewed_fine = models.PositiveIntegerField("复核后拟罚款（元）", null=True, blank=True)
    reviewed_on = models.DateField("复核日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "陈述申辩笔录"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opinion="") | models.Q(reviewed_on__isnull=False, reviewed_fine__isnull=False),
                name="statement_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} 陈述申辩笔录"

    @property
    def is_reviewed(self) -> bool:
        return bool(self.opinion)
