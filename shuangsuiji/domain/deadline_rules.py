"""Statutory deadlines: how each kind is counted, its default period and legal basis, and its due date.

A bureau may change a rule (amount, counting, basis text); the defaults below come from seed 001 (浙江省统计局系统
“三项制度”实施办法 (一)3 and “双随机、一公开”抽查监管工作细则 第十条) and domain-rules §2.3 (行政处罚法 2021).
Every amount is a default, not a constant: several are marked [unverified] in the research notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from shuangsuiji.domain.workdays import Due, WorkdayCalendar


class Counting(StrEnum):
    """How a period is counted."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    FIXED_DATE = "fixed_date"


COUNTING_LABELS: dict[Counting, str] = {
    Counting.WORKING_DAYS: "按工作日计算，不含法定节假日，起算日不计入（行政处罚法第八十五条）",
    Counting.CALENDAR_DAYS: "按自然日计算，起算日不计入；末日为法定休假日的，顺延至休假日结束的次日（民法典第二百零一条、第二百零三条）",
    Counting.MONTHS: "按月计算，到期月的对应日为末日，没有对应日的为月末日；末日为法定休假日的顺延（民法典第二百零二条、第二百零三条）",
    Counting.FIXED_DATE: "每年固定日期，不顺延",
}

FIXED_DATE_VERSION = "fixed-date"


@dataclass(frozen=True)
class Rule:
    """One kind of deadline: its counting, period, what starts it and the instrument that sets it."""

    code: str
    label: str
    counting: Counting
    amount: int = 0
    is_before: bool = False
    fixed_month: int = 0
    fixed_day: int = 0
    start_event: str = ""
    legal_basis: str = ""

    @property
    def is_yearly(self) -> bool:
        return self.counting is Counting.FIXED_DATE

    def describe(self) -> str:
        """The period in words: 20个工作日内, 开始前7个工作日, 15日内, 3个月内, 每年3月31日前."""
        if self.counting is Counting.FIXED_DATE:
            return f"每年{self.fixed_month}月{self.fixed_day}日前"
        unit = {Counting.WORKING_DAYS: "个工作日", Counting.CALENDAR_DAYS: "日", Counting.MONTHS: "个月"}
        period = f"{self.amount}{unit[self.counting]}"
        return f"{self.start_event or '起算日'}前{period}" if self.is_before else f"{period}内"

    def errors(self) -> list[str]:
        """What is wrong with the rule's values, in words a coordinator understands (empty when valid)."""
        if self.counting is Counting.FIXED_DATE:
            try:
                dt.date(2024, self.fixed_month, self.fixed_day)  # a leap year, so 2月29日 is a valid rule
            except ValueError:
                return [f"固定日期 {self.fixed_month}月{self.fixed_day}日 不存在"]
            return []
        problems = []
        limit = 24 if self.counting is Counting.MONTHS else 366
        if not 1 <= self.amount <= limit:
            problems.append(f"期限须在 1 到 {limit} 之间，当前为 {self.amount}")
        if self.is_before and self.counting is not Counting.WORKING_DAYS:
            problems.append("“事前”期限只支持按工作日计算")
        return problems


@dataclass(frozen=True)
class Computed:
    """A due date with the flag and the calendar data it was computed with."""

    due_on: dt.date
    is_provisional: bool
    calendar_version: str


def compute_due(calendar: WorkdayCalendar, rule: Rule, start_on: dt.date) -> Computed:
    """The due date of a deadline of `rule` whose start event happened on `start_on` (the start day not counted)."""
    if rule.counting is Counting.FIXED_DATE:
        return Computed(_fixed_date_on_or_after(rule, start_on), False, FIXED_DATE_VERSION)
    due = _count(calendar, rule, start_on)
    return Computed(due.on, due.is_provisional, calendar.version_between(start_on, due.on))


def _count(calendar: WorkdayCalendar, rule: Rule, start_on: dt.date) -> Due:
    if rule.counting is Counting.WORKING_DAYS:
        return calendar.add_workdays(start_on, -rule.amount if rule.is_before else rule.amount)
    if rule.counting is Counting.CALENDAR_DAYS:
        return calendar.add_calendar_days(start_on, rule.amount)
    return calendar.add_months(start_on, rule.amount)


def _fixed_date_on_or_after(rule: Rule, start_on: dt.date) -> dt.date:
    """The rule's day of the year in start_on's year, or the next year's when it has passed (29 Feb → 28 Feb)."""
    for year in (start_on.year, start_on.year + 1):
        try:
            due = dt.date(year, rule.fixed_month, rule.fixed_day)
        except ValueError:
            due = dt.date(year, rule.fixed_month, rule.fixed_day - 1)
        if due >= start_on:
            return due
    raise AssertionError("unreachable: a day of the year recurs within two years")


_SEED_001 = "浙江省统计局系统全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度实施办法（一）3"

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        "result_publication",
        "抽查检查结果公示",
        Counting.WORKING_DAYS,
        20,
        start_event="抽查检查结果形成之日",
        legal_basis=f"{_SEED_001}：自行政执法决定作出之日起20个工作日内向社会公布；国发〔2019〕5号",
    ),
    Rule(
        "penalty_publication",
        "行政处罚决定公示",
        Counting.WORKING_DAYS,
        7,
        start_event="行政处罚决定作出之日",
        legal_basis=f"{_SEED_001}：行政处罚的执法决定信息应当在执法决定作出之日起7个工作日内公开；国统字〔2023〕49号",
    ),
    Rule(
        "decision_withdrawal",
        "撤下已公开的执法决定",
        Counting.WORKING_DAYS,
        7,
        start_event="决定被撤销、确认违法或要求重新作出之日",
        legal_basis=f"{_SEED_001}：自撤销、确认违法或要求重新作出决定之日起7个工作日内从信息公示平台撤下",
    ),
    Rule(
        "objection_reply",
        "答复对公示信息的异议",
        Counting.WORKING_DAYS,
        10,
        start_event="收到异议之日",
        legal_basis="公示信息有误的应当及时更正（国发〔2019〕5号、seed 001 三项制度 (一)）；答复期限无统一规定，"
        "默认10个工作日（未经核实，请按本局规定设定）",
    ),
    Rule(
        "annual_report",
        "公开上年度行政执法统计年报",
        Counting.FIXED_DATE,
        fixed_month=1,
        fixed_day=31,
        start_event="年度开始",
        legal_basis=f"{_SEED_001}：各级统计局应于每年1月31日前公开本部门上年度行政执法总体情况有关数据",
    ),
    Rule(
        "annual_plan",
        "制订年度抽查工作计划",
        Counting.FIXED_DATE,
        fixed_month=3,
        fixed_day=31,
        start_event="年度开始",
        legal_basis="浙江省统计局系统“双随机、一公开”抽查监管工作细则第十条：每年3月底前，形成本部门年度抽查工作计划",
    ),
    Rule(
        "decision_service",
        "送达行政处罚决定书",
        Counting.WORKING_DAYS,
        7,
        start_event="行政处罚决定宣告之日",
        legal_basis="行政处罚法第六十一条：当事人不在场的，应当在七日内送达；第八十五条：指工作日",
    ),
    Rule(
        "hearing_request",
        "当事人要求听证",
        Counting.WORKING_DAYS,
        5,
        start_event="告知听证权利之日",
        legal_basis="行政处罚法第六十四条第（一）项：当事人要求听证的，应当在行政机关告知后五日内提出",
    ),
    Rule(
        "statement_period",
        "当事人陈述、申辩",
        Counting.WORKING_DAYS,
        3,
        start_event="送达行政处罚事先告知书之日",
        legal_basis="行政处罚法第四十四条、第四十五条、第六十二条：期限由事先告知书载明，"
        "常见为3至5个工作日（默认值，未经核实，请按本局文书格式设定）；期满未陈述申辩的视为放弃",
    ),
    Rule(
        "hearing_notice",
        "通知听证时间、地点",
        Counting.WORKING_DAYS,
        7,
        is_before=True,
        start_event="举行听证之日",
        legal_basis="行政处罚法第六十四条第（二）项：行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点",
    ),
    Rule(
        "preservation_decision",
        "对登记保存的证据作出处理决定",
        Counting.WORKING_DAYS,
        7,
        start_event="先行登记保存之日",
        legal_basis="行政处罚法第五十六条：应当在七日内及时作出处理决定",
    ),
    Rule(
        "penalty_payment",
        "当事人缴纳罚款",
        Counting.CALENDAR_DAYS,
        15,
        start_event="当事人收到行政处罚决定书之日",
        legal_basis="行政处罚法第六十七条：自收到行政处罚决定书之日起十五日内缴纳罚款；民法典第二百零三条（末日为法定休假日的顺延）",
    ),
    Rule(
        "case_closure",
        "案件办结",
        Counting.MONTHS,
        3,
        start_event="立案之日",
        legal_basis="统计执法案件自立案之日起3个月内办结，经批准可延长，最长不超过3个月（行政处罚法第六十条“法律、法规、规章另有规定的，从其规定”）",
    ),
    Rule(
        "credit_repair_decision",
        "对信用修复申请作出决定",
        Counting.WORKING_DAYS,
        15,
        start_event="收到信用修复申请之日",
        legal_basis="《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令第58号）及《统计严重失信企业信用管理办法》："
        "认定单位应在规定期限内作出是否准予修复的决定（期限未经核实，默认15个工作日，请按本地规定设定）",
    ),
    Rule(
        "credit_publication",
        "统计严重失信企业信息公示",
        Counting.WORKING_DAYS,
        20,
        start_event="认定决定作出之日",
        legal_basis="国统字〔2019〕33号第十四条：作出认定决定后20个工作日内公示",
    ),
)

DEFAULTS_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in DEFAULT_RULES}
YEARLY_CODES: tuple[str, ...] = tuple(rule.code for rule in DEFAULT_RULES if rule.is_yearly)
