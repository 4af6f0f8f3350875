"""Login, logout, the user's own account page (API tokens) and the user list for administrators."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from shuangsuiji.accounts import selectors, services
from shuangsuiji.accounts.forms import LoginForm, TokenForm
from shuangsuiji.accounts.models import User
from shuangsuiji.core.permissions import Perm, require_perm


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        target = request.GET.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = "/"
        return redirect(target)
    return render(request, "accounts/login.html", {"form": form}, status=200 if request.method == "GET" else 400)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = services.issue_token(actor=user, user=user, name=form.cleaned_data["name"])
        messages.success(request, "已签发新的 API 令牌。它只显示这一次，请立即复制保存。")
        form = TokenForm()
    tokens = selectors.tokens_of(user)
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.tokens_of(cast(User, request.user)), pk=pk, revoked_at__isnull=True)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, f"令牌 {token.prefix}… 已吊销。")
    return redirect("accounts:profile")


@require_perm(Perm.USERS_MANAGE)
def users(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/users.html", {"users": selectors.users_in_scope(request.user)})
