"""The figures of the monthly forms, the annual statistics and the dashboard, read from tasks, inspection
results, publications and deadlines. Counting rules: shuangsuiji.domain.reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count as DbCount
from django.http import Http404

from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.domain.reports import (
    FORM1_OTHER_ROWS,
    FORM1_PLATFORM_ROWS,
    FORM2_CUMULATIVE_ROWS,
    Check,
    Count,
    tally,
)
from shuangsuiji.inspections.selectors import outcome_categories, results_between
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import visible_bureau_ids
from shuangsuiji.publicity.models import Publication
from shuangsuiji.reports.figures import ANNUAL_LABELS as ANNUAL_LABELS
from shuangsuiji.reports.figures import annual_figures as annual_figures
from shuangsuiji.reports.figures import checks_between, month_range, subtree_ids
from shuangsuiji.reports.models import AnnualReport, MonthlyInput
from shuangsuiji.tasks.models import Draw, Task


def bureau_for(user: Any, code: str | None) -> Bureau:
    """The bureau a report is about: the user's own, or one below it (else 404)."""
    if not code:
        if user.bureau_id is None:
            raise Http404("没有所属统计局")
        return Bureau.objects.get(pk=user.bureau_id)
    bureau = Bureau.objects.filter(code=code, pk__in=visible_bureau_ids(user)).first()
    if bureau is None:
        raise Http404("没有这个统计局，或无权查看")
    return bureau


@dataclass
class FormRow:
    key: str
    label: str
    count: Count | None  # None: not applicable (shown as —)
    note: str = ""


@dataclass
class MonthlyForm:
    bureau: Bureau
    year: int
    month: int
    platform_rows: list[FormRow]
    other_rows: list[FormRow]
    meetings: str
    documents: str
    trainings: str
    task_documents: list[str]
    month_count: Count
    items: list[str]
    publication: str
    cumulative_rows: list[FormRow]
    contact: str = ""
    phone: str = ""
    mobile: str = ""
    subordinates: list[Bureau] = field(default_factory=list)
    inputs_missing: list[str] = field(default_factory=list)

    @property
    def is_summary(self) -> bool:
        return bool(self.subordinates)


def _inputs(bureau_ids: list[int], year: int, month: int) -> list[MonthlyInput]:
    return list(MonthlyInput.objects.filter(bureau_id__in=bureau_ids, year=year, month=month).select_related("bureau"))


def _joined(inputs: list[MonthlyInput], name: str, several: bool) -> str:
    parts = [(i.bureau.name, getattr(i, name).strip()) for i in inputs if getattr(i, name).strip()]
    if not several:
        return parts[0][1] if parts else ""
    return "\n".join(f"{b}：{text}" for b, text in parts)


def monthly_form(bureau: Bureau, year: int, month: int) -> MonthlyForm:
    """附件1 and 附件2 of one bureau and month; for a superior bureau 附件1 and section 三 count its whole
    subtree and the hand-entered figures are summed, while section 二 (市本级) is the bureau's own work."""
    start, end = month_range(year, month)
    ids = subtree_ids(bureau)
    month_checks = checks_between(ids, start, end)
    platform = tally(month_checks, [key for key, _ in FORM1_PLATFORM_ROWS])
    inputs = _inputs(ids, year, month)
    platform_rows = [
        FormRow(
            key, label, None if key == "market" else platform[key], "统计局不属市场监管系统" if key == "market" else ""
        )
        for key, label in FORM1_PLATFORM_ROWS
    ]
    other_rows = []
    for key, label in FORM1_OTHER_ROWS:
        total = Count()
        for entry in inputs:
            values = entry.other_counts.get(key) or [0, 0, 0]
            total = total + Count(*[int(v) for v in values])
        other_rows.append(FormRow(key, label, total))
    own_checks = checks_between([bureau.pk], start, end)
    own_month = tally(own_checks, ["all"])["all"]
    drawn = (
        Task.objects.filter(
            bureau=bureau, draws__status=Draw.Status.CONFIRMED, draws__confirmed_at__date__range=(start, end)
        )
        .distinct()
        .order_by("number")
    )
    task_documents = [f"{t.code} {t.name}" for t in drawn]
    task_ids = {c.task_id for c in own_checks} | {t.pk for t in drawn}
    items = sorted(set(Task.objects.filter(pk__in=task_ids).values_list("items__name", flat=True)) - {None})
    published = Publication.objects.filter(
        bureau=bureau, kind=Publication.Kind.RESULT, published_at__date__range=(start, end), withdrawn_at__isnull=True
    ).count()
    deadlines = Counter(
        Deadline.objects.filter(bureau=bureau, kind="result_publication", done_on__range=(start, end)).values_list(
            "status", flat=True
        )
    )
    publication = f"本月公示抽查结果 {published} 条（按期 {deadlines.get('done', 0)} 条，逾期 {deadlines.get('done_late', 0)} 条）"
    year_checks = checks_between(ids, dt.date(year, 1, 1), end)
    cumulative = tally(year_checks, [key for key, _ in FORM2_CUMULATIVE_ROWS])
    own = next((i for i in inputs if i.bureau_id == bureau.pk), None)
    children = list(Bureau.objects.filter(parent=bureau, is_active=True).order_by("code"))
    several = len(inputs) > 1
    return MonthlyForm(
        bureau=bureau,
        year=year,
        month=month,
        platform_rows=platform_rows,
        other_rows=other_rows,
        meetings=_joined(inputs, "meetings", several),
        documents=_joined(inputs, "documents", several),
        trainings=_joined(inputs, "trainings", several),
        task_documents=task_documents,
        month_count=own_month,
        items=items,
        publication=publication,
        cumulative_rows=[FormRow(key, label, cumulative[key]) for key, label in FORM2_CUMULATIVE_ROWS],
        contact=own.contact if own else "",
        phone=own.phone if own else "",
        mobile=own.mobile if own else "",
        subordinates=children,
        inputs_missing=[b.name for b in children if not any(i.bureau_id == b.pk for i in inputs)],
    )


def monthly_input(bureau: Bureau, year: int, month: int) -> MonthlyInput:
    return MonthlyInput.objects.filter(bureau=bureau, year=year, month=month).first() or MonthlyInput(
        bureau=bureau, year=year, month=month
    )


def annual_report(bureau: Bureau, year: int) -> AnnualReport:
    return AnnualReport.objects.filter(bureau=bureau, year=year).first() or AnnualReport(
        bureau=bureau, year=year, figures=annual_figures(bureau, year)
    )


def monthly_series(bureau: Bureau, year: int) -> list[dict[str, Any]]:
    """Per month: random checks (tasks), units, problem units — the dashboard's first chart."""
    ids = subtree_ids(bureau)
    series = []
    by_month: dict[int, list[Check]] = {m: [] for m in range(1, 13)}
    for check in checks_between(ids, dt.date(year, 1, 1), dt.date(year, 12, 31)):
        by_month[check.month].append(check)
    for month in range(1, 13):
        count = tally(by_month[month], ["all"])["all"]
        series.append(
            {"month": f"{month}月", "times": count.times, "units": count.units, "problems": count.problem_units}
        )
    return series


def outcome_breakdown(bureau: Bureau, year: int) -> list[dict[str, Any]]:
    ids = subtree_ids(bureau)
    labels = {c.code: c.label for c in outcome_categories(bureau.pk)}
    counter: Counter[str] = Counter()
    for outcomes in results_between(ids, dt.date(year, 1, 1), dt.date(year, 12, 31)).values_list("outcomes", flat=True):
        for code in outcomes or ():
            counter[labels.get(code, code)] += 1
    return [{"name": name, "value": n} for name, n in counter.most_common()]


def deadline_compliance(bureau: Bureau, year: int) -> list[dict[str, Any]]:
    ids = subtree_ids(bureau)
    rows = (
        Deadline.objects.filter(bureau_id__in=ids, due_on__year=year)
        .exclude(status="cancelled")
        .values("kind", "status")
        .annotate(n=DbCount("id"))
    )
    table: dict[str, dict[str, int]] = {}
    from shuangsuiji.deadlines.models import KIND_CHOICES

    names = dict(KIND_CHOICES)
    for row in rows:
        table.setdefault(names.get(row["kind"], row["kind"]), Counter())[row["status"]] += row["n"]
    return [
        {
            "kind": kind,
            "done": c.get("done", 0),
            "done_late": c.get("done_late", 0),
            "overdue": c.get("overdue", 0),
            "open": c.get("open", 0),
        }
        for kind, c in sorted(table.items())
    ]


def coverage_rows(bureau: Bureau, year: int) -> list[dict[str, Any]]:
    """核查面 against the plan's targets (the coverage page's figures, as chart rows)."""
    from shuangsuiji.planning.selectors import published_plan
    from shuangsuiji.tasks.coverage import coverage

    result = coverage(subtree_ids(bureau), year, published_plan(bureau.pk, year))
    rows = [result.total, *result.by_category]
    return [
        {
            "label": r.label,
            "inspected": r.inspected,
            "in_scope": r.in_scope,
            "percent": float(r.percent),
            "target": float(r.target_percent) if r.target_percent is not None else None,
        }
        for r in rows
    ]
