"""Reads about users, scoped to the bureaus the viewer may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuangsuiji.accounts.models import ApiToken, User
from shuangsuiji.core.roles import Role
from shuangsuiji.organisations.selectors import visible_bureau_ids


def users_in_scope(viewer: Any) -> QuerySet[User]:
    return (
        User.objects.filter(bureau_id__in=visible_bureau_ids(viewer))
        .select_related("bureau", "department")
        .prefetch_related("role_grants")
        .order_by("bureau__code", "username")
    )


def users_with_role(bureau_id: int, role: Role) -> QuerySet[User]:
    return User.objects.filter(bureau_id=bureau_id, role_grants__role=role, is_active=True).order_by("username")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
