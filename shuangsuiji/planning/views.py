"""Pages of the annual plan: list, detail with every version, edit the draft, lines, approval and publication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.catalog.selectors import published_versions_for_bureau
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.domain.scope import describe_scope
from shuangsuiji.organisations.selectors import can_write_bureau, departments_of
from shuangsuiji.planning import selectors, services
from shuangsuiji.planning.forms import (
    SCHEDULE_LABELS,
    LineForm,
    PlanCreateForm,
    ReasonForm,
    VersionForm,
    pair_to_percent,
)
from shuangsuiji.planning.models import PlanVersion


def _require(request: HttpRequest, perm: Perm, bureau_id: int) -> None:
    if not has_perm(request.user, perm) or not can_write_bureau(request.user, bureau_id):
        raise PermissionDenied


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanCreateForm(request.POST or None)
    user: Any = request.user
    if request.method == "POST":
        _require(request, Perm.PLAN_EDIT, user.bureau_id)
        if form.is_valid():
            try:
                version = services.create_plan(
                    actor=user, bureau=user.bureau, year=form.cleaned_data["year"], title=form.cleaned_data["title"]
                )
            except services.PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已新建计划草稿，请设置目标并添加抽查事项。")
                return redirect("planning:plan", version.plan_id)
    context = {"plans": selectors.plans_in_scope(user), "form": form, "can_edit": has_perm(user, Perm.PLAN_EDIT)}
    return render(request, "planning/plan_list.html", context, status=400 if form.errors else 200)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(request.user, pk)
    versions = list(plan.versions.all())
    shown = _chosen_version(versions, request.GET.get("v"))
    writable = can_write_bureau(request.user, plan.bureau_id)
    context = {
        "plan": plan,
        "versions": versions,
        "shown": shown,
        "writable": writable,
        "can_edit": writable and has_perm(request.user, Perm.PLAN_EDIT),
        "can_approve": writable and has_perm(request.user, Perm.PLAN_APPROVE),
        "lines": [
            (line, describe_scope(line.scope), [SCHEDULE_LABELS.get(s, s) for s in line.schedule])
            for line in shown.lines.all()
        ]
        if shown
        else [],
        "ratios": [(risk, pair_to_percent(pair)) for risk, pair in sorted(shown.risk_ratios.items())] if shown else [],
        "reason_form": ReasonForm(),
    }
    return render(request, "planning/plan_detail.html", context)


def _chosen_version(versions: list[PlanVersion], wanted: str | None) -> PlanVersion | None:
    if wanted and wanted.isdigit():
        for version in versions:
            if version.number == int(wanted):
                return version
    return versions[0] if versions else None


@login_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_in_scope(request.user, pk)
    _require(request, Perm.PLAN_EDIT, version.plan.bureau_id)
    form = VersionForm(request.POST or None, initial=VersionForm.initial_from(version))
    if request.method == "POST" and form.is_valid():
        try:
            values = form.values()
            if version.number > 1:
                version.adjustment_reason = form.cleaned_data["adjustment_reason"]
            services.update_version(actor=request.user, version=version, **values)
            if version.number > 1:
                PlanVersion.objects.filter(pk=version.pk).update(adjustment_reason=version.adjustment_reason)
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect(f"/plans/{version.plan_id}/?v={version.number}")
    return render(
        request, "planning/version_form.html", {"form": form, "version": version}, status=400 if form.errors else 200
    )


@login_required
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_in_scope(request.user, pk)
    _require(request, Perm.PLAN_EDIT, version.plan.bureau_id)
    items = {v.pk: v for v in published_versions_for_bureau(version.plan.bureau) if v is not None}
    choices = [(pk, f"{v.name}（{v.ratio_display}，{v.frequency_display}）") for pk, v in items.items()]
    departments = list(departments_of(version.plan.bureau_id).values_list("id", "name"))
    form = LineForm(request.POST or None, items=choices, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_line(
                actor=request.user,
                version=version,
                item_version=items[data["item_version"]],
                ratio_percent=data["ratio_percent"],
                frequency=data["frequency"],
                scope=form.scope(),
                schedule=data["schedule"],
                department=_department(version, data["department"]),
                note=data["note"],
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已添加抽查事项。")
            return redirect(f"/plans/{version.plan_id}/?v={version.number}")
    return render(
        request, "planning/line_form.html", {"form": form, "version": version}, status=400 if form.errors else 200
    )


def _department(version: PlanVersion, pk: int | None) -> Any:
    return departments_of(version.plan.bureau_id).filter(pk=pk).first() if pk else None


@login_required
@require_POST
def line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_in_scope(request.user, pk)
    _require(request, Perm.PLAN_EDIT, line.version.plan.bureau_id)
    try:
        services.remove_line(actor=request.user, line=line)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    return redirect(f"/plans/{line.version.plan_id}/?v={line.version.number}")


Action = Callable[[Any, PlanVersion, str], PlanVersion]
ACTIONS: dict[str, tuple[Perm, Action, str]] = {
    "submit": (Perm.PLAN_EDIT, lambda actor, v, r: services.submit(actor=actor, version=v), "已提交审批。"),
    "approve": (Perm.PLAN_APPROVE, lambda actor, v, r: services.approve(actor=actor, version=v, note=r), "已批准。"),
    "return": (
        Perm.PLAN_APPROVE,
        lambda actor, v, r: services.return_for_changes(actor=actor, version=v, reason=r),
        "已退回修改。",
    ),
    "publish": (Perm.PLAN_EDIT, lambda actor, v, r: services.publish(actor=actor, version=v), "已发布。"),
}


@login_required
@require_POST
def version_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    version = selectors.version_in_scope(request.user, pk)
    if action not in ACTIONS:
        raise PermissionDenied
    perm, run, done = ACTIONS[action]
    _require(request, perm, version.plan.bureau_id)
    try:
        run(request.user, version, request.POST.get("reason", ""))
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(f"/plans/{version.plan_id}/?v={version.number}")


@login_required
@require_POST
def plan_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(request.user, pk)
    _require(request, Perm.PLAN_EDIT, plan.bureau_id)
    try:
        version = services.adjust(actor=request.user, plan=plan, reason=request.POST.get("reason", ""))
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return redirect("planning:plan", plan.pk)
    messages.success(request, f"已建立第{version.number}版（调整）草稿。")
    return redirect(f"/plans/{plan.pk}/?v={version.number}")
