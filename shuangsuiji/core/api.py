"""Shared API plumbing: the list of app routers and error handlers that answer in the same shape everywhere."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router

# (url prefix, "module:attribute") — an app adds its router here.
ROUTERS: list[tuple[str, str]] = [
    ("/bureaus", "shuangsuiji.organisations.api:router"),
    ("/units", "shuangsuiji.directory.api:router"),
    ("/inspectors", "shuangsuiji.inspectors.api:router"),
    ("/items", "shuangsuiji.catalog.api:router"),
    ("/plans", "shuangsuiji.planning.api:router"),
    ("/tasks", "shuangsuiji.tasks.api:router"),
    ("/deadlines", "shuangsuiji.deadlines.api:router"),
    ("/inspections", "shuangsuiji.inspections.api:router"),
    ("/documents", "shuangsuiji.documents.api:router"),
    ("/quality", "shuangsuiji.quality.api:router"),
    ("/cases", "shuangsuiji.cases.api:router"),
]


def routers() -> list[tuple[str, Router]]:
    found = []
    for prefix, target in ROUTERS:
        module_name, attribute = target.split(":")
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.append((prefix, getattr(module, attribute)))
    return found


def install_error_handlers(api: NinjaAPI) -> None:
    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, {"detail": "不存在，或您无权查看"}, status=404)

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "无权进行此操作"}, status=403)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = exc.message_dict if hasattr(exc, "message_dict") else exc.messages
        return api.create_response(request, {"detail": detail}, status=422)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(ValidationError, invalid)
