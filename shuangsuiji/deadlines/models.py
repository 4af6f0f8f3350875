"""The editable holiday table, the bureaus' deadline rules, and the statutory deadlines themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.conf import settings
from django.db import models

from shuangsuiji.domain.deadline_rules import DEFAULT_RULES, DEFAULTS_BY_CODE, Counting, Rule
from shuangsuiji.domain.workdays import WorkdayCalendar, YearSchedule

KIND_CHOICES = [(rule.code, rule.label) for rule in DEFAULT_RULES]
COUNTING_CHOICES = [
    (Counting.WORKING_DAYS.value, "工作日"),
    (Counting.CALENDAR_DAYS.value, "自然日"),
    (Counting.MONTHS.value, "月"),
    (Counting.FIXED_DATE.value, "每年固定日期"),
]


def count_makeup_workdays() -> bool:
    """The setting “count 调休上班日 as working days” (on unless settings.DEADLINES_COUNT_MAKEUP_WORKDAYS is False)."""
    return bool(getattr(settings, "DEADLINES_COUNT_MAKEUP_WORKDAYS", True))


class HolidayScheduleQuerySet(models.QuerySet["HolidaySchedule"]):
    def year_schedules(self) -> list[YearSchedule]:
        """The schedules as the domain calendar takes them."""
        return [s.as_year_schedule() for s in self.prefetch_related("days")]

    def calendar(self) -> WorkdayCalendar:
        """The calendar every deadline is computed on: entered years first, then chinesecalendar, then the law."""
        return WorkdayCalendar(self.year_schedules(), count_makeup_workdays=count_makeup_workdays())


class HolidaySchedule(models.Model):
    """One year's 放假安排 as announced by the State Council and entered by an administrator; it takes precedence
    over chinesecalendar and over the provisional rule for that year."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source_url = models.URLField("通知网址", max_length=500)
    text = models.TextField("录入内容")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_by_name = models.CharField("录入人", max_length=150)
    entered_at = models.DateTimeField("录入时间")

    objects = HolidayScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = "放假安排"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2004, year__lte=2099), name="holiday_schedule_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年放假安排"

    def as_year_schedule(self) -> YearSchedule:
        days = list(self.days.all())
        return YearSchedule(
            year=self.year,
            days_off={d.on: d.name for d in days if not d.is_workday},
            makeup_workdays={d.on: d.name for d in days if d.is_workday},
            revision=f"{self.entered_at:%Y-%m-%d}",
        )


class AnnouncedHoliday(models.Model):
    """One day of an announced schedule: a day off (holiday or its 调休 rest day) or a make-up working day."""

    schedule = models.ForeignKey(HolidaySchedule, on_delete=models.CASCADE, related_name="days")
    on = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("调休上班", default=False)
    name = models.CharField("节日", max_length=20)

    class Meta:
        ordering = ["on"]
        verbose_name = "放假安排日期"

    def __str__(self) -> str:
        return f"{self.on} {self.name} {'班' if self.is_workday else '休'}"


class DeadlineRuleQuerySet(models.QuerySet["DeadlineRule"]):
    def rule_for(self, bureau_id: int, code: str) -> Rule:
        """The rule a new deadline of `code` opens with in the bureau: its own setting, else the default."""
        override = self.filter(bureau_id=bureau_id, code=code).first()
        return override.as_rule() if override else DEFAULTS_BY_CODE[code]


class DeadlineRule(models.Model):
    """A bureau's own setting for one kind of deadline, replacing the default; it applies to deadlines opened
    after the change (a deadline keeps the counting it was opened with)."""

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.CASCADE, related_name="deadline_rules")
    code = models.CharField("期限类型", max_length=40, choices=KIND_CHOICES)
    counting = models.CharField("计算方式", max_length=16, choices=COUNTING_CHOICES)
    amount = models.PositiveSmallIntegerField("期限", default=0)
    fixed_month = models.PositiveSmallIntegerField("月", default=0)
    fixed_day = models.PositiveSmallIntegerField("日", default=0)
    legal_basis = models.TextField("依据", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        ordering = ["bureau_id", "code"]
        verbose_name = "期限规则"
        constraints = [
            models.UniqueConstraint(fields=["bureau", "code"], name="deadline_rule_unique_per_bureau"),
            models.CheckConstraint(
                condition=models.Q(counting__in=[c for c, _ in COUNTING_CHOICES]), name="deadline_rule_counting_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bureau_id}:{self.code}"

    def as_rule(self) -> Rule:
        default = DEFAULTS_BY_CODE[self.code]
        return replace(
            default,
            counting=Counting(self.counting),
            amount=self.amount,
            fixed_month=self.fixed_month,
            fixed_day=self.fixed_day,
            legal_basis=self.legal_basis or default.legal_basis,
        )


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def active(self) -> DeadlineQuerySet:
        """Not yet done or cancelled: 未到期 or 已逾期."""
        return self.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.OVERDUE])

    def touching_year(self, year: int) -> DeadlineQuerySet:
        """Counted on the calendar, with a period (start to due, either way round) reaching into `year`."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        reaches = models.Q(start_on__lte=last, due_on__gte=first) | models.Q(due_on__lte=last, start_on__gte=first)
        return self.exclude(counting=Counting.FIXED_DATE.value).filter(reaches)


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "未到期"
    OVERDUE = "overdue", "已逾期"
    DONE = "done", "按期完成"
    DONE_LATE = "done_late", "逾期完成"
    CANCELLED = "cancelled", "已撤销"


_DONE = [DeadlineStatus.DONE.value, DeadlineStatus.DONE_LATE.value]


class Deadline(models.Model):
    """One statutory deadline of one subject (an inspection result, a penalty decision …), with its due date
    computed on the working-day calendar and the calendar data it was computed with."""

    Status = DeadlineStatus

    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField("期限类型", max_length=40, choices=KIND_CHOICES)
    subject_type = models.CharField("事项类型", max_length=64)
    subject_id = models.CharField("事项编号", max_length=64)
    subject_label = models.CharField("事项", max_length=200)
    subject_url = models.CharField("事项链接", max_length=500, blank=True)
    start_on = models.DateField("起算日")
    due_on = models.DateField("到期日")
    counting = models.CharField("计算方式", max_length=16, choices=COUNTING_CHOICES)
    amount = models.PositiveSmallIntegerField("期限", default=0)
    is_before = models.BooleanField("事前期限", default=False)
    fixed_month = models.PositiveSmallIntegerField(default=0)
    fixed_day = models.PositiveSmallIntegerField(default=0)
    legal_basis = models.TextField("依据", blank=True)
    is_provisional = models.BooleanField("暂定", default=False)
    calendar_version = models.CharField("日历版本", max_length=300)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=300, blank=True)
    last_reminded_on = models.DateField("最近提醒日期", null=True, blank=True)
    reminder_count = models.PositiveIntegerField("提醒次数", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "法定期限"
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_type", "subject_id"], name="deadline_unique_per_subject"),
            models.CheckConstraint(
                condition=models.Q(status__in=_DONE, done_on__isnull=False)
                | (~models.Q(status__in=_DONE) & models.Q(done_on__isnull=True)),
                name="deadline_done_on_iff_done",
            ),
            models.CheckConstraint(condition=models.Q(status__in=DeadlineStatus.values), name="deadline_status_valid"),
        ]
        indexes = [
            models.Index(fields=["bureau", "status", "due_on"], name="deadline_bureau_status_idx"),
            models.Index(fields=["status", "due_on"], name="deadline_status_due_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject_label}"

    def as_rule(self) -> Rule:
        """The rule as it was when the deadline was opened (a later change of the bureau's rule does not apply)."""
        default = DEFAULTS_BY_CODE.get(self.kind)
        return Rule(
            code=self.kind,
            label=self.get_kind_display(),
            counting=Counting(self.counting),
            amount=self.amount,
            is_before=self.is_before,
            fixed_month=self.fixed_month,
            fixed_day=self.fixed_day,
            start_event=default.start_event if default else "",
            legal_basis=self.legal_basis,
        )

    @property
    def is_closed(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.DONE_LATE, self.Status.CANCELLED}


class DeadlineNote(models.Model):
    """A line of a deadline's history: opened, recomputed after a schedule was entered, reminded, overdue, done."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(auto_now_add=True)
    actor_name = models.CharField(max_length=150)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.deadline_id}: {self.text}"
