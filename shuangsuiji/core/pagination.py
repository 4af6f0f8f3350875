"""Keyset paging for lists that must stay fast on a million rows: no OFFSET, no COUNT(*) over the whole table.

Pages are ordered by descending primary key; the cursor is the last id shown. The count is bounded: it says
"共 N 条" up to COUNT_LIMIT and "超过 N 条" beyond.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import F, Model, QuerySet
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


def keyset_page(
    queryset: QuerySet[T],
    params: QueryDict,
    *,
    per_page: int = 50,
    count: bool = True,
    estimate: bool = False,
    sort_matches: bool = False,
) -> KeysetPage[T]:
    """One page of `queryset` after the cursor in params['after'] (descending id).

    `estimate`: on PostgreSQL the label is the planner's estimate ("约 N 条", one EXPLAIN) instead of the bounded
    count, which reads the whole scope when few rows match (a province's million units for a rare filter).
    `sort_matches`: order by an expression of the id, so that PostgreSQL finds the matching rows through the
    filter's own index and sorts them, instead of walking the primary key backwards past every other row (the
    right plan when the matches cluster, as a region's units do, which the planner cannot know)."""
    after = _int(params.get("after"))
    ordered = queryset.order_by((F("pk") + 0).desc() if sort_matches else "-pk")
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
    if count and estimate and connection.vendor == "postgresql":
        guess = _estimated_rows(queryset.order_by()[: COUNT_LIMIT + 1])
        label = f"超过 {COUNT_LIMIT} 条" if guess > COUNT_LIMIT else f"约 {_round(guess)} 条"
    elif count:
        bounded = queryset.order_by()[: COUNT_LIMIT + 1].count()
        label = f"超过 {COUNT_LIMIT} 条" if bounded > COUNT_LIMIT else f"共 {bounded} 条"
    return KeysetPage(items, has_next, bool(after), next_params.urlencode(), first_params.urlencode(), label)


def _estimated_rows(queryset: QuerySet[Any]) -> int:
    sql, sql_params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", sql_params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _round(number: int) -> int:
    """Two significant digits: an estimate should not look exact."""
    if number < 100:
        return number
    digits = len(str(number)) - 2
    return round(number, -digits)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
