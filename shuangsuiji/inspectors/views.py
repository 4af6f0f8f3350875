"""Pages of the 执法检查人员名录库: list with filters, detail with history and 回避, add/edit, 状态变更, 执法证换发,
回避 declaration, 关联账号, export and the public-list preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.core.exporters import download
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.directory.selectors import units_in_scope
from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.inspectors import selectors, services
from shuangsuiji.inspectors.filters import ELIGIBILITY_CHOICES, InspectorFilter
from shuangsuiji.inspectors.forms import ConflictForm, InspectorForm, LinkUserForm, RenewForm, StatusForm, WithdrawForm
from shuangsuiji.inspectors.models import Inspector
from shuangsuiji.organisations.selectors import bureaus_visible_to, can_write_bureau, departments_of

EXPORT_LIMIT = 50_000


@login_required
def inspector_list(request: HttpRequest) -> HttpResponse:
    inspector_filter = InspectorFilter.from_params(request.GET)
    context = {
        "page": selectors.inspector_list_page(request.user, inspector_filter, request.GET),
        "filter": inspector_filter,
        "today": timezone.localdate(),
        "statuses": list(vocab.STATUSES.items()),
        "eligibility_choices": ELIGIBILITY_CHOICES,
        "departments": list(selectors.departments_in_scope(request.user)),
        "tags": selectors.expertise_tags_in_scope(request.user),
        "bureaus": list(bureaus_visible_to(request.user)),
        "can_edit": has_perm(request.user, Perm.INSPECTORS_EDIT),
        "query": request.GET.urlencode(),
    }
    htmx = getattr(request, "htmx", False)
    return render(
        request, "inspectors/partials/inspector_rows.html" if htmx else "inspectors/inspector_list.html", context
    )


@login_required
def inspector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = selectors.inspector_detail(request.user, pk)
    today = timezone.localdate()
    context = {
        "inspector": inspector,
        "reason": inspector.ineligibility_reason(today),
        "history": selectors.inspector_history(inspector),
        "conflicts": selectors.inspector_conflicts(inspector),
        "can_edit": _can_edit(request, inspector),
        "status_form": StatusForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "inspectors/inspector_detail.html", context)


def _can_edit(request: HttpRequest, inspector: Inspector) -> bool:
    return has_perm(request.user, Perm.INSPECTORS_EDIT) and can_write_bureau(request.user, inspector.bureau_id)


def _writable(request: HttpRequest, pk: int) -> Inspector:
    inspector = selectors.inspector_detail(request.user, pk)
    if not can_write_bureau(request.user, inspector.bureau_id):
        raise PermissionDenied("只能修改本局的执法人员（上级局对下级局数据为只读）")
    return inspector


def _attach(form: Any, exc: services.InspectorInputError) -> None:
    for key, message in exc.errors:
        form.add_error(key if key in form.fields else None, message)


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@require_perm(Perm.INSPECTORS_EDIT)
def inspector_create(request: HttpRequest) -> HttpResponse:
    bureau = request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise PermissionDenied
    names = list(departments_of(bureau.pk).values_list("name", flat=True))
    form = InspectorForm(request.POST or None, departments=names, initial={"status": "在岗"})
    if request.method == "POST" and form.is_valid():
        try:
            inspector = services.add_inspector(
                actor=request.user, bureau=bureau, values=form.values(), reason=form.cleaned_data["reason"]
            )
        except services.InspectorInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, f"已新增执法检查人员：{inspector.name}")
            return redirect("inspectors:detail", inspector.pk)
    return _form_page(request, "inspectors/inspector_form.html", {"form": form, "title": "新增执法检查人员"})


@require_perm(Perm.INSPECTORS_EDIT)
def inspector_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _writable(request, pk)
    names = list(departments_of(inspector.bureau_id).values_list("name", flat=True))
    form = InspectorForm(
        request.POST or None, departments=names, editing=True, initial=InspectorForm.initial_from(inspector)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_inspector(
                actor=request.user, inspector=inspector, values=form.values(), reason=form.cleaned_data["reason"]
            )
        except services.InspectorInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "已保存变更，变更内容已记入历史。")
            return redirect("inspectors:detail", inspector.pk)
    context = {"form": form, "inspector": inspector, "title": f"变更：{inspector.name}"}
    return _form_page(request, "inspectors/inspector_form.html", context)


@require_perm(Perm.INSPECTORS_EDIT)
@require_POST
def inspector_status(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _writable(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择新状态并填写原因。")
        return redirect("inspectors:detail", inspector.pk)
    try:
        services.change_status(
            actor=request.user,
            inspector=inspector,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except services.InspectorInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"状态已改为“{form.cleaned_data['status']}”。")
    return redirect("inspectors:detail", inspector.pk)


@require_perm(Perm.INSPECTORS_EDIT)
def inspector_renew(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _writable(request, pk)
    form = RenewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.renew_certificate(
                actor=request.user,
                inspector=inspector,
                valid_until=data["valid_until"],
                certificate_no=data["certificate_no"],
                reason=data["reason"],
            )
        except services.InspectorInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "执法证信息已更新。")
            return redirect("inspectors:detail", inspector.pk)
    context = {"form": form, "inspector": inspector, "title": f"执法证换发：{inspector.name}"}
    return _form_page(request, "inspectors/inspector_action.html", context)


@require_perm(Perm.INSPECTORS_EDIT)
def conflict_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _writable(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.declare_conflict(
                actor=request.user,
                inspector=inspector,
                unit_uscc=data["unit_uscc"],
                unit_name=data["unit_name"],
                reason=data["reason"],
            )
        except services.InspectorInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "已登记回避申报，今后抽取时该人员不会被派往该单位。")
            return redirect("inspectors:detail", inspector.pk)
    context = {"form": form, "inspector": inspector, "title": f"申报回避：{inspector.name}", "unit_lookup": True}
    return _form_page(request, "inspectors/inspector_action.html", context)


@require_perm(Perm.INSPECTORS_EDIT)
@require_POST
def conflict_withdraw(request: HttpRequest, pk: int, conflict_pk: int) -> HttpResponse:
    inspector = _writable(request, pk)
    conflict = selectors.conflict_of(inspector, conflict_pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤回原因。")
        return redirect("inspectors:detail", inspector.pk)
    try:
        services.withdraw_conflict(actor=request.user, conflict=conflict, reason=form.cleaned_data["reason"])
    except services.InspectorInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已撤回该回避申报。")
    return redirect("inspectors:detail", inspector.pk)


@require_perm(Perm.INSPECTORS_EDIT)
def inspector_link(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _writable(request, pk)
    candidates = selectors.linkable_users(inspector, request.user)
    choices = [(u.pk, f"{u.username}（{u.display_name or '未填姓名'}）") for u in candidates]
    form = LinkUserForm(request.POST or None, users=choices, initial={"user": inspector.user_id})
    if request.method == "POST" and form.is_valid():
        user_id = form.cleaned_data["user"]
        user = candidates.filter(pk=user_id).first() if user_id else None
        try:
            services.link_user(actor=request.user, inspector=inspector, user=user)
        except services.InspectorInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "已更新关联账号。")
            return redirect("inspectors:detail", inspector.pk)
    context = {"form": form, "inspector": inspector, "title": f"关联账号：{inspector.name}"}
    return _form_page(request, "inspectors/inspector_action.html", context)


@login_required
def unit_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: <option>s of the units whose name or code matches what was typed (for the 回避 form)."""
    text = str(request.GET.get("unit_uscc", "")).strip()[:50]
    units = units_in_scope(request.user).filter(is_in_directory=True)
    if len(text) < 2:
        found: list[tuple[str, str]] = []
    elif text.isascii() and text.isalnum():
        found = list(units.filter(uscc__startswith=text.upper()).values_list("uscc", "name")[:20])
    else:
        found = list(units.filter(name__contains=text).values_list("uscc", "name")[:20])
    return render(request, "inspectors/partials/unit_options.html", {"units": found})


@login_required
def inspector_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("xlsx", "csv"):
        raise Http404("不支持的导出格式")
    queryset = selectors.filtered_inspectors(request.user, InspectorFilter.from_params(request.GET))
    if queryset.count() > EXPORT_LIMIT:
        messages.error(request, f"导出超过 {EXPORT_LIMIT} 条，请先筛选，或使用命令行 shuangsuiji export。")
        return redirect("inspectors:list")
    name = f"执法检查人员名录库-{timezone.localdate():%Y%m%d}.{fmt}"
    return download(lambda path: services.export_inspectors(queryset=queryset, path=path), f".{fmt}", name)


@login_required
def public_list(request: HttpRequest) -> HttpResponse:
    """What the portal will publish for the user's bureau (事前公开): the public fields only."""
    bureau = request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise Http404("未分配统计局")
    rows = selectors.public_inspector_list(bureau)
    return render(request, "inspectors/public_list.html", {"rows": rows, "bureau": bureau})
