"""The import pages shared by every 名录库: upload, a dry-run preview of what would change, confirmation, and
progress — the same services the CLI uses."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_POST

from shuangsuiji.core.importers import ImportKind, import_kind
from shuangsuiji.core.imports import ImportOptions, run_import
from shuangsuiji.core.jobs import Progress, create_job, start_job
from shuangsuiji.core.models import Job
from shuangsuiji.core.permissions import has_perm
from shuangsuiji.domain.tabular import SUPPORTED_SUFFIXES


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", help_text="支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码）")
    bureau = forms.TypedChoiceField(label="导入到", coerce=int)
    skip_invalid = forms.BooleanField(label="跳过错误行，仅导入正确的行（错误行另存为文件）", required=False)

    def __init__(self, *args: Any, bureaus: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bureau"].choices = bureaus  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 .xlsx、.xls 或 .csv 文件")
        if upload.size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"文件超过 {settings.IMPORT_MAX_UPLOAD_MB} MB")
        if upload.size == 0:
            raise forms.ValidationError("文件是空的")
        return upload


def index(request: HttpRequest) -> HttpResponse:
    from shuangsuiji.core.importers import import_kinds

    kinds = [k for k in import_kinds() if has_perm(request.user, k.perm)]
    if not kinds:
        raise PermissionDenied
    return render(request, "core/import_index.html", {"kinds": kinds})


def _kind_or_404(kind: str, user: Any) -> ImportKind:
    found = import_kind(kind)
    if found is None:
        raise Http404("没有这种导入")
    if not has_perm(user, found.perm):
        raise PermissionDenied
    return found


def _writable_bureaus(user: Any) -> list[tuple[int, str]]:
    from shuangsuiji.organisations.selectors import writable_bureau_choices

    return writable_bureau_choices(user)


def upload(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind_or_404(kind, request.user)
    bureaus = _writable_bureaus(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, bureaus=bureaus)
    if request.method == "POST" and form.is_valid():
        folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        upload_file = form.cleaned_data["file"]
        path = folder / get_valid_filename(Path(upload_file.name).name)
        with path.open("wb") as handle:
            for chunk in upload_file.chunks():
                handle.write(chunk)
        params = {
            "kind": kind,
            "path": str(path),
            "bureau_id": form.cleaned_data["bureau"],
            "skip_invalid": form.cleaned_data["skip_invalid"],
            "dry_run": True,
        }
        job = _launch(request, spec, params, f"预检：{spec.label}导入 {path.name}")
        return redirect("core:import_job", job.pk)
    recent = Job.objects.filter(kind__startswith=f"import.{kind}", bureau_id__in=[b for b, _ in bureaus])[:10]
    return render(
        request,
        "core/import_upload.html",
        {"form": form, "spec": spec, "recent": recent},
        status=400 if request.method == "POST" else 200,
    )


def _launch(request: HttpRequest, spec: ImportKind, params: dict[str, Any], title: str) -> Job:
    user = request.user
    job = create_job(kind=f"import.{spec.kind}", title=title, bureau_id=params["bureau_id"], actor=user, params=params)
    start_job(job, lambda progress: _run(spec, job, params, user, progress))
    return job


def _run(spec: ImportKind, job: Job, params: dict[str, Any], user: Any, progress: Progress) -> dict[str, Any]:
    from shuangsuiji.organisations.selectors import bureau_by_id

    bureau = bureau_by_id(params["bureau_id"])
    path = Path(params["path"])
    options = ImportOptions(
        dry_run=params["dry_run"],
        skip_invalid=params["skip_invalid"],
        rejected_path=path.parent / f"rejected-{job.pk}.csv",
    )
    report = run_import(spec.factory(bureau=bureau, actor=user), path, options, progress)
    result = report.as_dict()
    result["rejected"] = report.rejected
    return result


def _job_in_scope(request: HttpRequest, pk: int) -> Job:
    from shuangsuiji.organisations.selectors import visible_bureau_ids

    job = get_object_or_404(
        Job.objects.filter(kind__startswith="import.", bureau_id__in=visible_bureau_ids(request.user)), pk=pk
    )
    _kind_or_404(job.params["kind"], request.user)
    return job


def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_in_scope(request, pk)
    spec = _kind_or_404(job.params["kind"], request.user)
    context = {
        "job": job,
        "spec": spec,
        "report": job.result if job.is_finished else None,
        "list_url": reverse(spec.list_url_name),
    }
    template = "core/partials/import_job.html" if getattr(request, "htmx", False) else "core/import_job.html"
    return render(request, template, context)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_in_scope(request, pk)
    spec = _kind_or_404(job.params["kind"], request.user)
    if not job.params.get("dry_run") or job.status != Job.Status.SUCCEEDED:
        messages.error(request, "只能确认已完成的预检。")
        return redirect("core:import_job", job.pk)
    params = {**job.params, "dry_run": False, "skip_invalid": request.POST.get("skip_invalid") == "on"}
    real = _launch(request, spec, params, f"{spec.label}导入 {Path(params['path']).name}")
    return redirect("core:import_job", real.pk)


def rejected_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_in_scope(request, pk)
    path = job.result.get("rejected_file") if job.result else ""
    if not path or not Path(path).exists():
        raise Http404("没有错误行文件")
    return FileResponse(Path(path).open("rb"), as_attachment=True, filename=f"错误行-{job.pk}.csv")
