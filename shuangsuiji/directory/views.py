"""Pages of the 检查对象名录库: list with filters, detail with history, 入库/变更/退库, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from shuangsuiji.core.exporters import download
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.directory import selectors, services
from shuangsuiji.directory.filters import CHOICES, UnitFilter
from shuangsuiji.directory.forms import ReasonForm, UnitForm
from shuangsuiji.directory.models import Unit
from shuangsuiji.domain import industry
from shuangsuiji.organisations.selectors import bureaus_visible_to, can_write_bureau, region_names

EXPORT_LIMIT = 200_000


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    unit_filter = UnitFilter.from_params(request.GET)
    page = selectors.unit_list_page(request.user, unit_filter, request.GET)
    context = {
        "page": page,
        "filter": unit_filter,
        "choices": CHOICES,
        "sections": industry.SECTIONS,
        "bureaus": bureaus_visible_to(request.user),
        "can_edit": has_perm(request.user, Perm.DIRECTORY_EDIT),
        "query": request.GET.urlencode(),
    }
    template = "directory/partials/unit_rows.html" if getattr(request, "htmx", False) else "directory/unit_list.html"
    return render(request, template, context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_detail(request.user, pk)
    context = {
        "unit": unit,
        "history": selectors.unit_history(unit),
        "region_name": region_names([unit.region_code, unit.region_code[:6]]),
        "section_name": industry.section_name(unit.industry_section),
        "division_name": industry.division_name(unit.industry_division),
        "can_edit": has_perm(request.user, Perm.DIRECTORY_EDIT) and can_write_bureau(request.user, unit.bureau_id),
        "exit_form": ReasonForm(),
    }
    return render(request, "directory/unit_detail.html", context)


@require_perm(Perm.DIRECTORY_EDIT)
def unit_create(request: HttpRequest) -> HttpResponse:
    bureau = request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise PermissionDenied
    form = UnitForm(request.POST or None, initial={"risk_class": "B", "status": "OPERATING"})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.enter_unit(
                actor=request.user, bureau=bureau, values=form.values(), reason=form.cleaned_data["reason"]
            )
        except services.UnitInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, f"已入库：{unit.name}")
            return redirect("directory:unit", unit.pk)
    return render(
        request,
        "directory/unit_form.html",
        {"form": form, "title": "新增检查对象（入库）"},
        status=400 if request.method == "POST" else 200,
    )


@require_perm(Perm.DIRECTORY_EDIT)
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _writable_unit(request, pk)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_from(unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_unit(
                actor=request.user, unit=unit, values=form.values(), reason=form.cleaned_data["reason"]
            )
        except services.UnitInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "已保存变更，变更内容已记入历史。")
            return redirect("directory:unit", unit.pk)
    return render(
        request,
        "directory/unit_form.html",
        {"form": form, "unit": unit, "title": f"变更：{unit.name}"},
        status=400 if request.method == "POST" else 200,
    )


@require_perm(Perm.DIRECTORY_EDIT)
def unit_exit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _writable_unit(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if unit.is_in_directory:
                services.exit_unit(actor=request.user, unit=unit, reason=form.cleaned_data["reason"])
                messages.success(request, "已退库。")
            else:
                services.reenter_unit(actor=request.user, unit=unit, reason=form.cleaned_data["reason"])
                messages.success(request, "已恢复入库。")
        except services.UnitInputError as exc:
            messages.error(request, str(exc))
        return redirect("directory:unit", unit.pk)
    messages.error(request, "请填写原因。")
    return redirect("directory:unit", unit.pk)


def _writable_unit(request: HttpRequest, pk: int) -> Unit:
    unit = selectors.unit_detail(request.user, pk)
    if not can_write_bureau(request.user, unit.bureau_id):
        raise PermissionDenied("只能修改本局的名录（上级局对下级局数据为只读）")
    return unit


def _attach(form: UnitForm, exc: services.UnitInputError) -> None:
    for key, message in exc.errors:
        form.add_error(key if key in form.fields else None, message)


@login_required
def unit_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    unit_filter = UnitFilter.from_params(request.GET)
    queryset = selectors.filtered_units(request.user, unit_filter)
    if queryset.order_by()[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.error(request, f"导出超过 {EXPORT_LIMIT} 条，请先筛选，或使用命令行 shuangsuiji export。")
        return redirect(f"{request.path.rsplit('/export', 1)[0]}/?{request.GET.urlencode()}")
    suffix = ".xlsx" if fmt == "xlsx" else ".csv"
    name = f"检查对象名录库-{timezone.localdate():%Y%m%d}{suffix}"
    return download(lambda path: services.export_units(queryset=queryset, path=path), suffix, name)
