"""Reads about bureaus, and the region scope every other selector applies: a user sees their own bureau and the
bureaus below it; they change only their own bureau's data unless granted the subordinates too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from shuangsuiji.organisations.models import Bureau, Department, Region

_CACHE_VISIBLE = "_scope_visible_bureau_ids"


def visible_bureau_ids(user: Any) -> list[int]:
    """Ids of the user's bureau and every bureau below it (cached on the user object for the request)."""
    cached = getattr(user, _CACHE_VISIBLE, None)
    if cached is not None:
        return list(cached)
    if user is None or not user.is_authenticated or user.bureau_id is None:
        ids: list[int] = []
    else:
        path = Bureau.objects.values_list("path", flat=True).get(pk=user.bureau_id)
        ids = list(Bureau.objects.filter(path__startswith=path).values_list("id", flat=True))
    setattr(user, _CACHE_VISIBLE, tuple(ids))
    return ids


def writable_bureau_ids(user: Any) -> list[int]:
    """Ids the user may change: their own bureau, plus those below when granted."""
    if user is None or not user.is_authenticated or user.bureau_id is None:
        return []
    if user.can_write_subordinates or user.is_superuser:
        return visible_bureau_ids(user)
    return [user.bureau_id]


def can_write_bureau(user: Any, bureau_id: int) -> bool:
    return bureau_id in writable_bureau_ids(user)


def bureaus_visible_to(user: Any) -> QuerySet[Bureau]:
    return Bureau.objects.filter(id__in=visible_bureau_ids(user)).select_related("parent").order_by("path")


def bureau_for_user(user: Any, code: str) -> Bureau:
    """The bureau with that code if the user may see it; 404 otherwise (never reveal other bureaus)."""
    try:
        return bureaus_visible_to(user).get(code=code)
    except Bureau.DoesNotExist:
        raise Http404("没有这个统计局，或您无权查看") from None


def bureau_by_code(code: str) -> Bureau | None:
    return Bureau.objects.filter(code=code).first()


def subtree(bureau: Bureau) -> QuerySet[Bureau]:
    return Bureau.objects.filter(path__startswith=bureau.path).order_by("path")


def ancestors(bureau: Bureau) -> list[Bureau]:
    """From the top of the hierarchy down to the bureau's parent."""
    codes = [c for c in bureau.path.strip("/").split("/") if c and c != bureau.code]
    by_code = {b.code: b for b in Bureau.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def departments_of(bureau_id: int) -> QuerySet[Department]:
    return Department.objects.filter(bureau_id=bureau_id).order_by("name")


def known_region_checker(prefixes: list[str]) -> Any:
    """A fast membership test for region codes under the given 6-digit prefixes (used by imports)."""
    codes: set[str] = set()
    for prefix in prefixes:
        codes.update(Region.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    townships = {c for c in codes if len(c) == 12}

    def is_known(code: str) -> bool:
        if code in codes:
            return True
        return len(code) == 12 and (code[:9] + "000") in townships

    return is_known


def region_names(codes: list[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def writable_bureau_choices(user: Any) -> list[tuple[int, str]]:
    ids = writable_bureau_ids(user)
    return list(Bureau.objects.filter(id__in=ids).order_by("path").values_list("id", "name"))


def bureau_by_id(pk: int) -> Bureau:
    return Bureau.objects.get(pk=pk)
