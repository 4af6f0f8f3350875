"""Reads of annual plans, scoped to the viewer's bureaus."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.core.home import Panel
from shuangsuiji.organisations.selectors import visible_bureau_ids
from shuangsuiji.planning.models import AnnualPlan, PlanLine, PlanVersion

PLAN_DUE = (3, 31)
PLAN_WARNING_FROM = (3, 1)


def plans_in_scope(user: Any) -> QuerySet[AnnualPlan]:
    return (
        AnnualPlan.objects.filter(bureau_id__in=visible_bureau_ids(user))
        .select_related("bureau", "current_version")
        .prefetch_related("versions")
        .order_by("-year", "bureau__code")
    )


def plan_detail(user: Any, pk: int) -> AnnualPlan:
    lines = PlanLine.objects.select_related("item_version", "department").order_by("order")
    versions = PlanVersion.objects.select_related("created_by", "approved_by").prefetch_related(
        Prefetch("lines", queryset=lines)
    )
    queryset = AnnualPlan.objects.filter(bureau_id__in=visible_bureau_ids(user)).select_related("bureau")
    return get_object_or_404(queryset.prefetch_related(Prefetch("versions", queryset=versions)), pk=pk)


def version_in_scope(user: Any, pk: int) -> PlanVersion:
    queryset = PlanVersion.objects.filter(plan__bureau_id__in=visible_bureau_ids(user)).select_related("plan__bureau")
    return get_object_or_404(queryset, pk=pk)


def line_in_scope(user: Any, pk: int) -> PlanLine:
    queryset = PlanLine.objects.filter(version__plan__bureau_id__in=visible_bureau_ids(user))
    return get_object_or_404(queryset.select_related("version__plan", "item_version"), pk=pk)


def published_plan(bureau_id: int, year: int) -> PlanVersion | None:
    plan = AnnualPlan.objects.filter(bureau_id=bureau_id, year=year).select_related("current_version").first()
    return plan.current_version if plan else None


def published_lines(bureau_id: int, year: int) -> QuerySet[PlanLine]:
    version = published_plan(bureau_id, year)
    if version is None:
        return PlanLine.objects.none()
    return version.lines.select_related("item_version").order_by("order")


def plan_warning(bureau_id: int, today: dt.date) -> str:
    """From 1 March, a bureau without a published plan for the year is warned (due 31 March, seed 001 第十条)."""
    if (today.month, today.day) < PLAN_WARNING_FROM:
        return ""
    if published_plan(bureau_id, today.year) is not None:
        return ""
    due = dt.date(today.year, *PLAN_DUE)
    if today > due:
        return f"本局{today.year}年度抽查计划尚未发布，已超过 {due:%m月%d日} 的期限。"
    return f"本局{today.year}年度抽查计划尚未发布，应于 {due:%m月%d日} 前制定并发布。"


def plan_panel(user: Any) -> Panel | None:
    if user.bureau_id is None:
        return None
    today = timezone.localdate()
    panel = Panel(title="年度抽查计划", order=20)
    warning = plan_warning(user.bureau_id, today)
    if warning:
        panel.warnings.append(warning)
    pending = PlanVersion.objects.filter(plan__bureau_id=user.bureau_id, status=PlanVersion.Status.SUBMITTED).count()
    current = published_plan(user.bureau_id, today.year)
    panel.stats = [("本年度计划", f"第{current.number}版" if current else "未发布"), ("待审批版本", pending)]
    panel.links = [("查看计划", reverse("planning:plans"))]
    return panel
