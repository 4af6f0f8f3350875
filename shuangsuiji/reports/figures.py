"""The counts behind the reports (checks of a period, the annual figures): used by the selectors for pages and
by the services when the annual statistics are published, so they sit below both layers.
Counting rules: shuangsuiji.domain.reports."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from typing import Any

from shuangsuiji.cases.selectors import case_statistics
from shuangsuiji.deadlines.models import Deadline
from shuangsuiji.domain.reports import Check, is_enterprise, tally
from shuangsuiji.inspections.selectors import outcome_categories, results_between
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.publicity.models import Publication
from shuangsuiji.tasks.models import Task


def subtree_ids(bureau: Bureau) -> list[int]:
    return list(Bureau.objects.filter(path__startswith=bureau.path).values_list("id", flat=True))


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def checks_between(bureau_ids: list[int], start: dt.date, end: dt.date) -> list[Check]:
    """Accepted random-check results (first visits, not re-checks) of the bureaus' tasks in [start, end]."""
    rows = (
        results_between(bureau_ids, start, end)
        .filter(recheck_of__isnull=True, target__kind="random")
        .values_list(
            "bureau_id",
            "task_id",
            "task__kind",
            "task__risk_ratios",
            "unit_id",
            "unit__uscc",
            "outcomes",
            "result_date",
        )
    )
    problems: dict[int, set[str]] = {}
    out = []
    for bureau_id, task_id, kind, ratios, unit_id, uscc, outcomes, day in rows.iterator(chunk_size=5000):
        if bureau_id not in problems:
            problems[bureau_id] = {c.code for c in outcome_categories(bureau_id) if c.is_problem}
        out.append(
            Check(
                task_id=task_id,
                task_kind=kind,
                risk_based=bool(ratios),
                unit_id=unit_id,
                enterprise=is_enterprise(uscc),
                problem=any(code in problems[bureau_id] for code in outcomes or ()),
                month=day.month if day else 0,
            )
        )
    return out


def annual_figures(bureau: Bureau, year: int) -> dict[str, Any]:
    """年度行政执法统计 of a bureau and the bureaus below it, from the platform's own records."""
    ids = subtree_ids(bureau)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    checks = checks_between(ids, start, end)
    counts = tally(checks, ["all", "internal", "joint", "risk"])
    results = results_between(ids, start, end).filter(recheck_of__isnull=True)
    rectifications = results.filter(follow_up="rectify").count()
    transfers = results.filter(follow_up__in=["transfer", "judicial"]).count()
    case_referrals = results.filter(follow_up="case").count()
    directed = results.filter(target__kind="directed").count()
    tasks = Task.objects.filter(bureau_id__in=ids, year=year).exclude(status=Task.Status.CANCELLED).count()
    deadlines = Counter(
        Deadline.objects.filter(bureau_id__in=ids, done_on__range=(start, end)).values_list("status", flat=True)
    )
    overdue = Deadline.objects.filter(bureau_id__in=ids, status="overdue", due_on__range=(start, end)).count()
    cases = case_statistics(ids, start, end)
    return {
        "year": year,
        "tasks": tasks,
        "random_checks": counts["all"].times,
        "random_units": counts["all"].units,
        "problem_units": counts["all"].problem_units,
        "joint_checks": counts["joint"].times,
        "risk_based_checks": counts["risk"].times,
        "directed_checks": directed,
        "rectifications": rectifications,
        "case_referrals": case_referrals,
        "transfers": transfers,
        "cases_opened": cases.get("opened"),
        "decisions": cases.get("decisions"),
        "penalties": cases.get("penalties"),
        "fines_total": cases.get("fines_total"),
        "publications": Publication.objects.filter(bureau_id__in=ids, published_at__date__range=(start, end)).count(),
        "deadlines_on_time": deadlines.get("done", 0),
        "deadlines_late": deadlines.get("done_late", 0),
        "deadlines_overdue": overdue,
        "cases_available": bool(cases),
    }


ANNUAL_LABELS: tuple[tuple[str, str], ...] = (
    ("tasks", "抽查任务（个）"),
    ("random_checks", "开展“双随机”抽查（次）"),
    ("random_units", "随机抽查检查对象（户）"),
    ("problem_units", "发现问题（户）"),
    ("joint_checks", "其中：部门联合抽查（次）"),
    ("risk_based_checks", "其中：按信用风险分级分类抽查（次）"),
    ("directed_checks", "定向检查（户）"),
    ("rectifications", "责令限期改正（户）"),
    ("case_referrals", "转立案调查（户）"),
    ("transfers", "移送其他部门或司法机关（户）"),
    ("cases_opened", "立案（件）"),
    ("decisions", "作出行政处罚决定（件）"),
    ("penalties", "罚款（件）"),
    ("fines_total", "罚没金额（元）"),
    ("publications", "信息公开（条）"),
    ("deadlines_on_time", "法定期限内完成（项）"),
    ("deadlines_late", "逾期完成（项）"),
    ("deadlines_overdue", "逾期未完成（项）"),
)
