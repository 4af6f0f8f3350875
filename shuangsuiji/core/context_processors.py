"""Values every template needs: the platform name, the user's bureau and roles, the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from shuangsuiji.core.navigation import navigation_for


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "nav_items": navigation_for(user, request.path) if user is not None and user.is_authenticated else [],
    }
