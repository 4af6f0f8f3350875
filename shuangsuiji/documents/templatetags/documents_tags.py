"""`{% load documents_tags %}`: `user|can:"audit.view"` for links other apps' pages show conditionally."""

from __future__ import annotations

from typing import Any

from django import template

from shuangsuiji.core.permissions import Perm, has_perm

register = template.Library()


@register.filter
def can(user: Any, perm: str) -> bool:
    return has_perm(user, Perm(perm))
