"""Draw pages: the ceremony actions, the notice and result, the big-screen presentation, the files, and the
substitutions after confirmation."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.core.roles import Role
from shuangsuiji.organisations.selectors import can_write_bureau, visible_bureau_ids
from shuangsuiji.tasks import engine, exports, selectors, storage
from shuangsuiji.tasks.forms import CeremonyForm, RevealForm, SubstitutionForm
from shuangsuiji.tasks.models import Draw, GroupMember, Target
from shuangsuiji.tasks.services import ceremony, substitutions
from shuangsuiji.tasks.views.tasks import require


@login_required
@require_POST
def prepare(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    require(request, Perm.DRAW_RUN, task.bureau_id)
    form = CeremonyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "摇号时间或地点填写有误。")
        return redirect("tasks:task", task.pk)
    try:
        draw = ceremony.prepare_draw(actor=request.user, task=task, **form.cleaned_data)
    except ceremony.DrawError as exc:
        messages.error(request, str(exc))
        return redirect("tasks:task", task.pk)
    return redirect("tasks:draw", draw.pk)


STEPS = {
    "commit": (Perm.DRAW_RUN, "已公告承诺：抽样框、参数、检查人员库和回避名单已冻结。"),
    "confirm_coordinator": (Perm.DRAW_CONFIRM, "已确认（法制室）。"),
    "confirm_leader": (Perm.DRAW_CONFIRM, "已确认（局领导）。"),
    "cancel": (Perm.DRAW_RUN, "本次摇号已作废，记录保留。"),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    draw = selectors.draw_in_scope(request.user, pk)
    if action not in STEPS:
        raise Http404
    perm, done = STEPS[action]
    require(request, perm, draw.task.bureau_id)
    user: Any = request.user
    try:
        if action == "commit":
            ceremony.commit_draw(actor=user, draw=draw)
        elif action == "cancel":
            ceremony.cancel_draw(actor=user, draw=draw, reason=request.POST.get("reason", ""))
        else:
            role = action.removeprefix("confirm_")
            if not user.is_superuser and Role(role) not in user.role_set:
                raise PermissionDenied
            ceremony.confirm_draw(actor=user, draw=draw, as_role=role)
    except ceremony.DrawError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("tasks:draw", draw.pk)


@login_required
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_in_scope(request.user, pk)
    context = _draw_context(request, draw)
    return render(request, "tasks/draw_detail.html", context)


def _draw_context(request: HttpRequest, draw: Draw) -> dict[str, Any]:
    writable = can_write_bureau(request.user, draw.task.bureau_id)
    result = engine.current_result(draw) if draw.result_file else None
    revealed = draw.status in (Draw.Status.REVEALED, Draw.Status.CONFIRMED)
    return {
        "draw": draw,
        "task": draw.task,
        "result": result,
        "allocation": result.get("allocation", []) if result else [],
        "targets": selectors.task_targets(draw.task) if revealed else [],
        "reserves": selectors.reserves(draw) if revealed else [],
        "groups": selectors.draw_groups(draw) if revealed else [],
        "substitutions": draw.substitutions.select_related("approved_by", "requested_by"),
        "can_run": writable and has_perm(request.user, Perm.DRAW_RUN),
        "can_confirm": writable and has_perm(request.user, Perm.DRAW_CONFIRM),
        "can_approve": writable and has_perm(request.user, Perm.SUBSTITUTION_APPROVE),
        "reveal_form": RevealForm(),
        "substitution_form": SubstitutionForm(),
        "reported": draw.targets.exclude(out_of_scope_reason="").filter(state=Target.State.ACTIVE),
    }


@login_required
def presentation(request: HttpRequest, pk: int) -> HttpResponse:
    """The big-screen ceremony page: the commitment, the digits as they are entered, then the result."""
    draw = selectors.draw_in_scope(request.user, pk)
    form = RevealForm(request.POST or None)
    can_reveal = can_write_bureau(request.user, draw.task.bureau_id) and has_perm(request.user, Perm.DRAW_RUN)
    if request.method == "POST":
        if not can_reveal:
            raise PermissionDenied
        if form.is_valid():
            try:
                ceremony.reveal_draw(
                    actor=request.user,
                    draw=draw,
                    seed_inputs={"dice": form.cleaned_data["dice"]},
                    witnesses=form.witnesses(),
                )
            except ceremony.DrawError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("tasks:presentation", draw.pk)
    draw.refresh_from_db()
    context = {**_draw_context(request, draw), "form": form, "can_reveal": can_reveal}
    template = "tasks/partials/presentation_body.html" if getattr(request, "htmx", False) else "tasks/presentation.html"
    return render(request, template, context, status=400 if form.errors else 200)


FILES = {
    "RESULT.json": "result_file",
    "frame.csv": "frame_file",
    "excluded.csv": "excluded_file",
    "conflicts.csv": "conflicts_file",
}


@login_required
def draw_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    draw = selectors.draw_in_scope(request.user, pk)
    if name == "inspectors.csv" and draw.status != Draw.Status.PREPARED:
        return FileResponse(exports.inspectors_file(draw), as_attachment=True, filename=f"{draw.draw_id}-{name}")
    attribute = FILES.get(name)
    stored = getattr(draw, attribute, "") if attribute else ""
    if not stored:
        raise Http404("文件不存在")
    return FileResponse(
        storage.open_file(stored), as_attachment=True, filename=f"{draw.draw_id}-{PurePosixPath(stored).name}"
    )


@login_required
@require_POST
def substitute_target(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.select_related("draw__task"), pk=pk, task__bureau_id__in=visible_bureau_ids(request.user)
    )
    require(request, Perm.SUBSTITUTION_APPROVE, target.task.bureau_id)
    try:
        reserve = substitutions.substitute_target(
            actor=request.user, target=target, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"已由备选对象 {reserve.unit.name} 替换。")
    except substitutions.SubstitutionError as exc:
        messages.error(request, str(exc))
    return redirect("tasks:draw", target.draw_id)


@login_required
@require_POST
def replace_inspector(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        GroupMember.objects.select_related("group__draw__task"),
        pk=pk,
        group__draw__task__bureau_id__in=visible_bureau_ids(request.user),
    )
    require(request, Perm.SUBSTITUTION_APPROVE, member.group.draw.task.bureau_id)
    try:
        new = substitutions.replace_inspector(actor=request.user, member=member, reason=request.POST.get("reason", ""))
        messages.success(request, f"已由 {new.inspector_name or new.inspector_code} 接替。")
    except substitutions.SubstitutionError as exc:
        messages.error(request, str(exc))
    return redirect("tasks:draw", member.group.draw_id)
