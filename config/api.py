"""The REST API (django-ninja, OpenAPI at /api/v1/docs). Each app contributes a router; every endpoint applies
the same region scope as the pages."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from shuangsuiji.accounts.api import BearerToken
from shuangsuiji.core.api import install_error_handlers, routers

api = NinjaAPI(
    title="统计执法“双随机、一公开”监管平台 API",
    version="1",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)
install_error_handlers(api)
for prefix, router in routers():
    api.add_router(prefix, router)
