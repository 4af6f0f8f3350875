"""Authentication with lockout after repeated failures (counted per user name, so guessing is slowed for
every user name, existing or not)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from shuangsuiji.accounts.models import LoginThrottle


class AccountLocked(Exception):
    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


def lock_state(username: str) -> dt.datetime | None:
    throttle = LoginThrottle.objects.filter(username=username.lower()).first()
    if throttle and throttle.locked_until and throttle.locked_until > timezone.now():
        return throttle.locked_until
    return None


def register_failure(username: str) -> LoginThrottle:
    now = timezone.now()
    throttle, _ = LoginThrottle.objects.get_or_create(username=username.lower())
    if throttle.locked_until and throttle.locked_until <= now:
        throttle.failures = 0
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= settings.LOGIN_MAX_FAILURES:
        throttle.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    throttle.save()
    return throttle


def clear_failures(username: str) -> None:
    LoginThrottle.objects.filter(username=username.lower()).delete()


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username:
            return None
        until = lock_state(username)
        if until is not None:
            raise AccountLocked(until)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle = register_failure(username)
            if throttle.locked_until:
                raise AccountLocked(throttle.locked_until)
            return None
        clear_failures(username)
        return user
