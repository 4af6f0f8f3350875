"""Report pages: the monthly forms (with their hand-entered part and downloads), the annual statistics and the
dashboard. A superior bureau reads the sum over the bureaus below it and each one's own forms."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.domain.reports import FORM1_OTHER_ROWS
from shuangsuiji.organisations.selectors import can_write_bureau
from shuangsuiji.reports import exports, selectors, services


def _period(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    default = today.replace(day=1) - dt.timedelta(days=1) if today.day < 6 else today  # last month early on
    try:
        year = int(request.GET.get("year") or default.year)
        month = int(request.GET.get("month") or default.month)
    except ValueError:
        year, month = default.year, default.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        year, month = default.year, default.month
    return year, month


@require_perm(Perm.PUBLICATION_VIEW)
def monthly(request: HttpRequest) -> HttpResponse:
    bureau = selectors.bureau_for(request.user, request.GET.get("bureau"))
    year, month = _period(request)
    form = selectors.monthly_form(bureau, year, month)
    entry = selectors.monthly_input(bureau, year, month)
    values = {
        f"{key}_{i}": (entry.other_counts.get(key) or [0, 0, 0])[i] for key, _ in FORM1_OTHER_ROWS for i in range(3)
    }
    context = {
        "form": form,
        "entry": entry,
        "values": values,
        "other_rows": FORM1_OTHER_ROWS,
        "can_edit": has_perm(request.user, Perm.PUBLICATION_MANAGE) and can_write_bureau(request.user, bureau.pk),
        "today": timezone.localdate(),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "months": range(1, 13),
        "query": f"bureau={bureau.code}&year={year}&month={month}",
    }
    return render(request, "reports/monthly.html", context)


@require_POST
@require_perm(Perm.PUBLICATION_MANAGE)
def monthly_input(request: HttpRequest) -> HttpResponse:
    bureau = selectors.bureau_for(request.user, request.POST.get("bureau"))
    year, month = int(request.POST.get("year", "0") or 0), int(request.POST.get("month", "0") or 0)
    back = f"{reverse('reports:monthly')}?bureau={bureau.code}&year={year}&month={month}"
    if not can_write_bureau(request.user, bureau.pk):
        messages.error(request, "只能填写本局的月报表。")
        return redirect(back)
    try:
        services.save_monthly_input(actor=request.user, bureau=bureau, year=year, month=month, data=request.POST.dict())
        messages.success(request, "已保存本月手工填报的内容。")
    except services.ReportInputError as exc:
        messages.error(request, f"未保存：{exc}")
    return redirect(back)


@require_perm(Perm.PUBLICATION_VIEW)
def monthly_download(request: HttpRequest, fmt: str) -> HttpResponse:
    bureau = selectors.bureau_for(request.user, request.GET.get("bureau"))
    year, month = _period(request)
    form = selectors.monthly_form(bureau, year, month)
    name = f"{bureau.code}-{year}{month:02d}-双随机监管月报表"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.forms_xlsx(form), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = _disposition(f"{name}.xlsx")
        return response
    response = HttpResponse(exports.forms_pdf(form), content_type="application/pdf")
    response["Content-Disposition"] = _disposition(f"{name}.pdf")
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(filename)}"


@require_perm(Perm.PUBLICATION_VIEW)
def annual(request: HttpRequest) -> HttpResponse:
    bureau = selectors.bureau_for(request.user, request.GET.get("bureau"))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    report = selectors.annual_report(bureau, year)
    figures = report.figures if report.pk and report.status == "published" else selectors.annual_figures(bureau, year)
    rows = [(label, figures.get(key)) for key, label in selectors.ANNUAL_LABELS]
    context = {
        "bureau": bureau,
        "year": year,
        "report": report,
        "rows": rows,
        "figures": figures,
        "years": list(range(today.year, today.year - 6, -1)),
        "can_publish": has_perm(request.user, Perm.PUBLICATION_MANAGE)
        and can_write_bureau(request.user, bureau.pk)
        and year < today.year,
    }
    return render(request, "reports/annual.html", context)


@require_POST
@require_perm(Perm.PUBLICATION_MANAGE)
def annual_publish(request: HttpRequest) -> HttpResponse:
    bureau = selectors.bureau_for(request.user, request.POST.get("bureau"))
    year = int(request.POST.get("year", "0") or 0)
    back = f"{reverse('reports:annual')}?bureau={bureau.code}&year={year}"
    if not can_write_bureau(request.user, bureau.pk):
        messages.error(request, "只能公开本局的执法统计年报。")
        return redirect(back)
    try:
        services.publish_annual_report(actor=request.user, bureau=bureau, year=year, note=request.POST.get("note", ""))
        messages.success(request, f"{year}年度行政执法统计已在门户网站公开。")
    except services.ReportInputError as exc:
        messages.error(request, str(exc))
    return redirect(back)


def _dashboard_data(bureau: Any, year: int) -> dict[str, Any]:
    return {
        "monthly": selectors.monthly_series(bureau, year),
        "outcomes": selectors.outcome_breakdown(bureau, year),
        "deadlines": selectors.deadline_compliance(bureau, year),
        "coverage": selectors.coverage_rows(bureau, year),
    }


@require_perm(Perm.PUBLICATION_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    bureau = selectors.bureau_for(request.user, request.GET.get("bureau"))
    year = _year(request)
    data = _dashboard_data(bureau, year)
    context = {
        "bureau": bureau,
        "year": year,
        "data": data,
        "data_json": json.dumps(data, ensure_ascii=False),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
    }
    return render(request, "reports/dashboard.html", context)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


CHART_COLUMNS = {
    "monthly": [("month", "月份"), ("times", "抽查次数"), ("units", "抽查户数"), ("problems", "发现问题户数")],
    "outcomes": [("name", "检查结果"), ("value", "户次")],
    "deadlines": [
        ("kind", "期限"),
        ("done", "按期完成"),
        ("done_late", "逾期完成"),
        ("overdue", "逾期未完成"),
        ("open", "未到期"),
    ],
    "coverage": [
        ("label", "类别"),
        ("inspected", "已检查"),
        ("in_scope", "在库"),
        ("percent", "覆盖率%"),
        ("target", "目标%"),
    ],
}


@require_perm(Perm.PUBLICATION_VIEW)
def chart_csv(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in CHART_COLUMNS:
        from django.http import Http404

        raise Http404("没有这个图表")
    bureau = selectors.bureau_for(request.user, request.GET.get("bureau"))
    year = _year(request)
    rows = _dashboard_data(bureau, year)[chart]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in CHART_COLUMNS[chart]])
    for row in rows:
        writer.writerow([row.get(key, "") for key, _ in CHART_COLUMNS[chart]])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(f"{bureau.code}-{year}-{chart}.csv")
    return response
