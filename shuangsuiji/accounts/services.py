"""Creating users, granting roles, issuing API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from shuangsuiji.accounts.models import ApiToken, RoleGrant, User
from shuangsuiji.core.audit import record_event
from shuangsuiji.core.roles import Role
from shuangsuiji.organisations.models import Bureau, Department


def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    bureau: Bureau,
    roles: Iterable[Role],
    display_name: str = "",
    department: Department | None = None,
    can_write_subordinates: bool = False,
    check_password: bool = True,
) -> User:
    """A new login in a bureau with its roles; the password must pass the validators unless check_password=False."""
    if department is not None and department.bureau_id != bureau.pk:
        raise ValueError("科室不属于该统计局")
    with transaction.atomic():
        user = User(
            username=username,
            display_name=display_name,
            bureau=bureau,
            department=department,
            can_write_subordinates=can_write_subordinates,
        )
        if check_password:
            validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        _grant(user, roles)
        record_event(
            actor=actor,
            bureau_id=bureau.pk,
            action="accounts.user_created",
            obj=user,
            summary=f"创建用户 {username}",
            data={"roles": sorted(str(r) for r in roles)},
        )
    return user


def set_roles(*, actor: Any, user: User, roles: Iterable[Role]) -> User:
    with transaction.atomic():
        before = sorted(user.role_set)
        RoleGrant.objects.filter(user=user).delete()
        _grant(user, roles)
        user.__dict__.pop("role_set", None)
        record_event(
            actor=actor,
            bureau_id=user.bureau_id or 0,
            action="accounts.roles_changed",
            obj=user,
            data={"before": before, "after": sorted(str(r) for r in roles)},
        )
    return user


def _grant(user: User, roles: Iterable[Role]) -> None:
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=Role(r)) for r in dict.fromkeys(roles)])
    user.__dict__.pop("role_set", None)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token; the clear token is returned once and never stored."""
    token = "ssj_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_token = ApiToken.objects.create(user=user, name=name, prefix=token[:8], key_hash=hash_token(token))
        record_event(
            actor=actor,
            bureau_id=user.bureau_id or 0,
            action="accounts.token_issued",
            obj=user,
            summary=f"签发 API 令牌 {api_token.prefix}…（{name}）",
        )
    return api_token, token


def revoke_token(*, actor: Any, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            bureau_id=token.user.bureau_id or 0,
            action="accounts.token_revoked",
            obj=token.user,
            summary=f"吊销 API 令牌 {token.prefix}…",
        )


def user_for_token(token: str) -> User | None:
    """The active user behind a bearer token, or None; records when it was last used."""
    api_token = (
        ApiToken.objects.select_related("user").filter(key_hash=hash_token(token), revoked_at__isnull=True).first()
    )
    if api_token is None or not api_token.user.is_active:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user
