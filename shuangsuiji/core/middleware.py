"""Request plumbing: htmx detection, and login required everywhere except the public paths."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

PUBLIC_PREFIXES = ("/login/", "/logout/", "/static/", "/public/", "/api/", "/healthz", "/favicon.ico")


class HtmxMiddleware:
    """Sets request.htmx; sends anonymous visitors of private pages to the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.htmx = request.headers.get("HX-Request") == "true"  # type: ignore[attr-defined]
        path = request.path
        if not request.user.is_authenticated and path != "/" and not path.startswith(PUBLIC_PREFIXES):
            return redirect(f"{settings.LOGIN_URL}?next={path}")
        return self.get_response(request)
