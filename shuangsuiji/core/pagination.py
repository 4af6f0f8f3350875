"""Keyset paging for lists that must stay fast on a million rows: no OFFSET, no COUNT(*) over the whole table.

Pages are ordered by descending primary key; the cursor is the last id shown. The count is bounded: it says
"共 N 条" up to COUNT_LIMIT and "超过 N 条" beyond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import QueryDict

COUNT_LIMIT = 10_000
T = TypeVar("T", bound=Model)


@dataclass
class KeysetPage(Generic[T]):
    items: list[T]
    has_next: bool
    has_previous: bool
    next_query: str
    first_query: str
    count_label: str


def keyset_page(queryset: QuerySet[T], params: QueryDict, *, per_page: int = 50, count: bool = True) -> KeysetPage[T]:
    """One page of `queryset` after the cursor in params['after'] (descending id)."""
    after = _int(params.get("after"))
    ordered = queryset.order_by("-pk")
    page_qs = ordered.filter(pk__lt=after) if after else ordered
    rows = list(page_qs[: per_page + 1])
    has_next = len(rows) > per_page
    items = rows[:per_page]
    next_params = params.copy()
    if items:
        next_params["after"] = str(items[-1].pk)
    first_params = params.copy()
    first_params.pop("after", None)
    label = ""
    if count:
        bounded = queryset.order_by()[: COUNT_LIMIT + 1].count()
        label = f"超过 {COUNT_LIMIT} 条" if bounded > COUNT_LIMIT else f"共 {bounded} 条"
    return KeysetPage(items, has_next, bool(after), next_params.urlencode(), first_params.urlencode(), label)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
