"""The 案件设置 and 裁量基准 pages: anyone who handles cases sees their bureau's (and, with ?bureau=, a bureau below
theirs, read-only); the 法制室 or the administrator changes their own. Another county's bureau is a 404."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_valid_filename

from shuangsuiji.cases import services
from shuangsuiji.cases.forms import BandForm, CaseSettingsForm, DiscretionImportForm, add_service_errors
from shuangsuiji.cases.models import DiscretionBand
from shuangsuiji.cases.views.parsing import parse_id
from shuangsuiji.core.exporters import download
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.domain import penalties
from shuangsuiji.organisations.selectors import bureau_for_user, can_write_bureau


def _bureau(request: HttpRequest) -> Any:
    user: Any = request.user
    code = request.GET.get("bureau", "")
    if code:
        return bureau_for_user(user, code)
    if user.bureau is None:
        raise PermissionDenied("您的账号未归属统计局")
    return user.bureau


def _may_change(request: HttpRequest, bureau: Any) -> bool:
    return has_perm(request.user, Perm.CASE_CONFIGURE) and can_write_bureau(request.user, bureau.pk)


@require_perm(Perm.CASE_VIEW)
def case_settings(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    may_change = _may_change(request, bureau)
    current = services.settings_for(bureau)
    form = CaseSettingsForm(request.POST or None, instance=services.settings_for(bureau))
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("只有本局法制室或系统管理员可以修改案件设置")
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
            try:
                services.change_case_settings(actor=request.user, bureau=bureau, values=values)
            except services.CaseError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "案件设置已保存。")
                return redirect(request.get_full_path())
    context = {
        "bureau": bureau,
        "form": form,
        "may_change": may_change,
        "is_default": current.pk is None,
        "rows": [(form.fields[n].label, getattr(current, n)) for n in services.SETTINGS_FIELDS],
    }
    return render(request, "cases/settings.html", context, status=400 if form.errors else 200)


def _band_rows(bureau: Any) -> list[tuple[str, penalties.Band]]:
    return [(penalties.VIOLATION_BY_CODE[b.violation].label, b) for b in services.bands_for(bureau)]


def _band_action(request: HttpRequest, bureau: Any, form: BandForm) -> bool:
    """Run the posted action; False when the band form has errors to show."""
    action, post = request.POST.get("action", ""), request.POST
    try:
        if action == "adopt":
            services.adopt_default_bands(actor=request.user, bureau=bureau)
        elif action == "reset":
            services.reset_bands(actor=request.user, bureau=bureau)
        elif action == "delete":
            services.delete_band(actor=request.user, bureau=bureau, band_id=parse_id(post.get("band")))
        elif form.is_valid():
            band_id = parse_id(post.get("band")) or None
            services.save_band(actor=request.user, bureau=bureau, band_id=band_id, values=form.cleaned_data)
        else:
            return False
    except services.CaseError as exc:
        if action in ("adopt", "reset", "delete"):
            messages.error(request, f"未办理：{exc}")
            return True
        add_service_errors(form, exc)
        return False
    messages.success(request, "裁量基准已更新。")
    return True


@require_perm(Perm.CASE_VIEW)
def discretion(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    may_change = _may_change(request, bureau)
    editing = DiscretionBand.objects.filter(bureau=bureau, pk=parse_id(request.GET.get("edit"))).first()
    form = BandForm(request.POST or None, instance=editing)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("只有本局法制室或系统管理员可以修改裁量基准")
        editing = DiscretionBand.objects.filter(bureau=bureau, pk=parse_id(request.POST.get("band"))).first()
        form = BandForm(request.POST, instance=editing)
        if _band_action(request, bureau, form):
            return redirect(f"{request.path}?bureau={bureau.code}")
    context = {
        "bureau": bureau,
        "rows": _band_rows(bureau),
        "uses_defaults": not DiscretionBand.objects.filter(bureau=bureau).exists(),
        "form": form,
        "editing": editing,
        "may_change": may_change,
    }
    return render(request, "cases/discretion.html", context, status=400 if form.errors else 200)


@require_perm(Perm.CASE_VIEW)
def discretion_export(request: HttpRequest, fmt: str) -> FileResponse:
    """The table the bureau's cases use, as .xlsx or .csv in the import's columns (edit it and import it back)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404("只能导出 .xlsx 或 .csv")
    bureau = _bureau(request)
    name = f"裁量基准-{bureau.code}-{timezone.localdate():%Y%m%d}.{fmt}"
    return download(lambda path: services.export_discretion_bands(bureau=bureau, path=path), f".{fmt}", name)


@require_perm(Perm.CASE_VIEW)
def discretion_import(request: HttpRequest) -> HttpResponse:
    """Upload a 裁量基准 table: checked row by row, and stored whole (replacing the bureau's table) or not at all."""
    bureau = _bureau(request)
    if not _may_change(request, bureau):
        raise PermissionDenied("只有本局法制室或系统管理员可以导入裁量基准")
    form = DiscretionImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = get_valid_filename(Path(upload.name).name)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                report = services.import_discretion_bands(
                    actor=request.user,
                    bureau=bureau,
                    path=path,
                    dry_run=form.cleaned_data["dry_run"],
                    name=name,
                    merge=form.cleaned_data["mode"] == "merge",
                )
            except services.CaseError as exc:
                add_service_errors(form, exc)
        if report is not None and report.written:
            if report.merge:
                done = f"已合并导入 {report.band_count} 个档次，保留本局其他 {report.kept} 个档次。"
            else:
                done = f"已导入 {report.band_count} 个档次，替换本局原有的 {report.replaced} 个。"
            messages.success(request, done)
            return redirect(f"/cases/discretion/?bureau={bureau.code}")
    failed = bool(form.errors) or bool(report and report.errors)
    context = {"bureau": bureau, "form": form, "report": report}
    return render(request, "cases/discretion_import.html", context, status=400 if failed else 200)
