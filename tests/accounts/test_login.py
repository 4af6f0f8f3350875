from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def test_a_user_logs_in_and_lands_on_the_home_page(coordinator: Any) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and "工作台" in home.content.decode()


def test_a_wrong_password_is_refused_with_a_message(coordinator: Any) -> None:
    response = Client().post(reverse("accounts:login"), {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 400 and "用户名或密码错误" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(coordinator: Any, settings: Any) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "coordinator", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 400 and "已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_expires(coordinator: Any, settings: Any, time_machine: Any) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_MINUTES = 15
    time_machine.move_to("2026-11-20 09:00:00+08:00")
    client = Client()
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "coordinator", "password": "wrong"})
    time_machine.move_to("2026-11-20 09:16:00+08:00")
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302


def test_login_requires_the_csrf_token(coordinator: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 403


def test_a_user_issues_and_revokes_an_api_token(coordinator: Any) -> None:
    client = Client()
    client.force_login(coordinator)
    response = client.post(reverse("accounts:profile"), {"name": "脚本"})
    token = response.context["new_token"]
    assert token.startswith("ssj_")
    assert Client().get("/api/v1/bureaus/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    pk = coordinator.api_tokens.get().pk
    client.post(reverse("accounts:revoke_token", args=[pk]))
    assert Client().get("/api/v1/bureaus/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_only_an_administrator_sees_the_user_list(admin: Any, coordinator: Any) -> None:
    for user, status in [(admin, 200), (coordinator, 403)]:
        client = Client()
        client.force_login(user)
        assert client.get(reverse("accounts:users")).status_code == status


def test_cookies_are_secure_outside_debug() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_SECURE == settings.SECURE_COOKIES
    assert settings.SESSION_COOKIE_HTTPONLY
