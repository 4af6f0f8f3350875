"""The home page per role, job progress, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from shuangsuiji.core.home import home_panels
from shuangsuiji.core.models import Job
from shuangsuiji.organisations.selectors import visible_bureau_ids


def root(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return home(request)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": home_panels(request.user)})


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.filter(bureau_id__in=visible_bureau_ids(request.user)), pk=pk)
    if getattr(request, "htmx", False):
        return render(request, "core/partials/job_progress.html", {"job": job})
    return render(request, "core/job.html", {"job": job})


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (a downloaded verifier shown as text)."""
    from django.contrib.staticfiles import finders

    path = finders.find("core/favicon.svg")
    with open(str(path), "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
