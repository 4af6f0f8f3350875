"""Task pages: list, create/edit, detail with the frame preview, directed targets and joint partners."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.catalog.selectors import published_versions_for_bureau
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.directory.selectors import unit_by_code
from shuangsuiji.domain.scope import describe_scope
from shuangsuiji.organisations.selectors import can_write_bureau, departments_of, subtree
from shuangsuiji.planning.selectors import published_lines
from shuangsuiji.tasks import selectors
from shuangsuiji.tasks.forms import CeremonyForm, DirectedForm, PartnerForm, TaskForm
from shuangsuiji.tasks.models import Task
from shuangsuiji.tasks.services import frames, joint, pools, tasks


def require(request: HttpRequest, perm: Perm, bureau_id: int) -> None:
    if not has_perm(request.user, perm) or not can_write_bureau(request.user, bureau_id):
        raise PermissionDenied


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.tasks_in_scope(request.user)
    year = request.GET.get("year")
    if year and year.isdigit():
        qs = qs.filter(year=int(year))
    rows = list(qs[:200])
    draws = selectors.draws_for_tasks([t.pk for t in rows])
    context = {
        "rows": [(t, draws.get(t.pk)) for t in rows],
        "can_edit": has_perm(request.user, Perm.TASK_EDIT),
        "invitations": selectors.partner_invitations(request.user).filter(status="invited"),
    }
    return render(request, "tasks/task_list.html", context)


def _form(request: HttpRequest, bureau: Any, task: Task | None = None) -> TaskForm:
    year = task.year if task else timezone.localdate().year
    lines = [(line.pk, f"{line.order}. {line.item_version.name}") for line in published_lines(bureau.pk, year)]
    items = [(v.pk, v.name) for v in published_versions_for_bureau(bureau)]
    departments = list(departments_of(bureau.pk).values_list("id", "name"))
    bureaus = [(b.code, b.name) for b in subtree(bureau) if b.pk != bureau.pk]
    initial = TaskForm.initial_from(task) if task else _initial_from_line(request, lines)
    if task:
        initial["items"] = list(task.items.values_list("pk", flat=True))
        initial["inspector_departments"] = list(task.inspector_departments.values_list("pk", flat=True))
    return TaskForm(
        request.POST or None,
        initial=initial,
        lines=lines,
        items=items,
        departments=departments,
        bureaus=bureaus,
        superior=bureau.level != "county",
    )


def _initial_from_line(request: HttpRequest, lines: list[tuple[int, str]]) -> dict[str, Any]:
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "period_start": today,
        "period_end": today.replace(month=12, day=31),
        "ratio_A": 1,
        "ratio_B": 3,
        "ratio_C": 5,
        "ratio_D": 20,
        "strata_components": ["risk", "scale"],
    }
    wanted = request.GET.get("plan_line")
    if wanted and wanted.isdigit() and int(wanted) in dict(lines):
        initial["plan_line"] = int(wanted)
    return initial


@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(request, Perm.TASK_EDIT, user.bureau_id)
    form = _form(request, user.bureau)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        line = published_lines(user.bureau_id, data["period_start"].year).filter(pk=data["plan_line"]).first()
        settings = form.settings()
        name, start, end = settings.pop("name"), settings.pop("period_start"), settings.pop("period_end")
        try:
            task = tasks.create_task(
                actor=user,
                bureau=user.bureau,
                name=name,
                period_start=start,
                period_end=end,
                items=_items(user.bureau, data["items"]),
                plan_line=line,
                adhoc_reason=data["adhoc_reason"],
                kind=data["kind"],
                **settings,
            )
            task.inspector_departments.set(data["inspector_departments"])
        except tasks.TaskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已建立抽查任务 {task.code}。")
            return redirect("tasks:task", task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": None}, status=400 if form.errors else 200)


def _items(bureau: Any, ids: list[int]) -> list[Any]:
    available = {v.pk: v for v in published_versions_for_bureau(bureau)}
    return [available[i] for i in ids if i in available]


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    require(request, Perm.TASK_EDIT, task.bureau_id)
    form = _form(request, task.bureau, task)
    if request.method == "POST" and form.is_valid():
        try:
            tasks.update_task(actor=request.user, task=task, **form.settings())
            tasks.set_items(actor=request.user, task=task, items=_items(task.bureau, form.cleaned_data["items"]))
            task.inspector_departments.set(form.cleaned_data["inspector_departments"])
        except tasks.TaskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存任务设置。")
            return redirect("tasks:task", task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": task}, status=400 if form.errors else 200)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    draw = selectors.live_draw(task)
    writable = can_write_bureau(request.user, task.bureau_id)
    context = {
        "task": task,
        "draw": draw,
        "scope_text": describe_scope(task.scope or {}),
        "draws": task.draws.order_by("-prepared_at"),
        "directed": selectors.directed_of(task),
        "targets": selectors.task_targets(task) if draw and draw.status in ("revealed", "confirmed") else [],
        "can_edit": writable and has_perm(request.user, Perm.TASK_EDIT),
        "can_run": writable and has_perm(request.user, Perm.DRAW_RUN),
        "can_propose": writable and has_perm(request.user, Perm.DIRECTED_PROPOSE),
        "directed_form": DirectedForm(),
        "ceremony_form": CeremonyForm(),
        "candidates": _candidates(task),
        "partner_form": _partner_form(task) if task.kind == Task.Kind.JOINT else None,
    }
    return render(request, "tasks/task_detail.html", context)


def _candidates(task: Task) -> list[Any]:
    """Directed-check candidates from data-quality monitoring (疑似违法 findings), when that app is installed."""
    try:
        from shuangsuiji.quality.selectors import directed_candidates
    except ImportError:
        return []
    return list(directed_candidates(task.bureau_id))[:50]


def _partner_form(task: Task, data: Any = None) -> PartnerForm:
    from shuangsuiji.organisations.models import Agency, Department

    departments = [
        (d.pk, f"{d.bureau.name}{d.name}")
        for d in Department.objects.select_related("bureau").exclude(bureau_id=task.bureau_id)[:500]
    ]
    departments += [(d.pk, d.name) for d in departments_of(task.bureau_id)]
    agencies = list(Agency.objects.values_list("id", "name"))
    return PartnerForm(data, departments=departments, agencies=agencies)


@login_required
def frame_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx partial: the frame as it would be frozen now, the excluded units with reasons, the inspector pool."""
    task = selectors.task_detail(request.user, pk)
    summary = frames.summarize(task)
    on = timezone.localdate()
    context = {
        "task": task,
        "summary": summary,
        "reasons": frames.REASONS,
        "strata": sorted(summary.strata.items()),
        "excluded": [(frames.REASONS.get(code, code), n) for code, n in summary.excluded.items()],
        "pool": pools.eligible_pool(task, on),
        "left_out": pools.ineligible_inspectors(task, on),
    }
    return render(request, "tasks/partials/frame_preview.html", context)


@login_required
@require_POST
def directed_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    require(request, Perm.DIRECTED_PROPOSE, task.bureau_id)
    form = DirectedForm(request.POST)
    if form.is_valid():
        try:
            unit = unit_by_code(request.user, form.cleaned_data["code"].strip())
            tasks.add_directed_target(
                actor=request.user,
                task=task,
                unit=unit,
                reason=form.cleaned_data["reason"],
                reason_kind=form.cleaned_data["reason_kind"],
                source_ref=request.POST.get("source_ref", ""),
            )
            messages.success(request, f"已添加定向检查对象：{unit.name}")
        except tasks.TaskError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请填写统一社会信用代码、定向原因类别和原因。")
    return redirect("tasks:task", task.pk)


@login_required
@require_POST
def partner_invite(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    require(request, Perm.TASK_EDIT, task.bureau_id)
    form = _partner_form(task, request.POST)
    if form.is_valid():
        from shuangsuiji.organisations.models import Agency, Department

        data = form.cleaned_data
        department = Department.objects.filter(pk=data["department"]).first() if data["department"] else None
        agency = Agency.objects.filter(pk=data["agency"]).first() if data["agency"] else None
        try:
            joint.invite_partner(
                actor=request.user, task=task, items=data["items"], department=department, agency=agency
            )
            messages.success(request, "已发出联合抽查邀请。")
        except joint.JointError as exc:
            messages.error(request, str(exc))
    return redirect("tasks:task", task.pk)


@login_required
@require_POST
def partner_respond(request: HttpRequest, pk: int) -> HttpResponse:
    from shuangsuiji.tasks.models import JointPartner

    partner = get_object_or_404(JointPartner.objects.select_related("task", "department"), pk=pk)
    user: Any = request.user
    lead_writes = can_write_bureau(user, partner.task.bureau_id) and has_perm(user, Perm.TASK_EDIT)
    own_department = partner.department_id and partner.department.bureau_id == user.bureau_id  # type: ignore[union-attr]
    if not ((own_department and has_perm(user, Perm.TASK_EDIT)) or (partner.agency_id and lead_writes)):
        raise PermissionDenied
    accept = request.POST.get("decision") == "accept"
    pool = request.POST.get("pool", "").replace("，", ",").replace(",", " ").split()
    try:
        joint.respond(actor=user, partner=partner, accept=accept, note=request.POST.get("note", ""), pool=pool)
        messages.success(request, "已答复联合抽查邀请。")
    except joint.JointError as exc:
        messages.error(request, str(exc))
    return redirect("tasks:task", partner.task_id) if lead_writes else redirect("tasks:tasks")


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    require(request, Perm.TASK_EDIT, task.bureau_id)
    try:
        tasks.cancel_task(actor=request.user, task=task, reason=request.POST.get("reason", ""))
        messages.success(request, "任务已取消。")
    except tasks.TaskError as exc:
        messages.error(request, str(exc))
    return redirect("tasks:task", task.pk)


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    from shuangsuiji.organisations.selectors import visible_bureau_ids
    from shuangsuiji.planning.selectors import published_plan
    from shuangsuiji.tasks.coverage import coverage

    user: Any = request.user
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    ids = visible_bureau_ids(user)
    plan = published_plan(user.bureau_id, year)
    context = {
        "year": year,
        "coverage": coverage(ids, year, plan),
        "plan": plan,
        "workload": selectors.workload(ids, year),
    }
    return render(request, "tasks/coverage.html", context)
