from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from shuangsuiji.accounts.backends import AccountLocked


class LoginForm(forms.Form):
    username = forms.CharField(
        label="用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: Any = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if username and password:
            try:
                self.user = authenticate(self.request, username=username, password=password)
            except AccountLocked as locked:
                minutes = max(1, int((locked.until - timezone.now()).total_seconds() // 60) + 1)
                raise forms.ValidationError(f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试。") from None
            if self.user is None:
                raise forms.ValidationError("用户名或密码错误。")
            if not self.user.is_active:
                raise forms.ValidationError("该账号已停用。")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌用途", max_length=100)
