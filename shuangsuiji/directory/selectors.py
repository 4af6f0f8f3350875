"""Reads of the 名录库, always inside the viewer's region scope (other bureaus' units are a 404)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from shuangsuiji.core.home import Panel
from shuangsuiji.core.models import AuditEvent, ImportBatch
from shuangsuiji.core.pagination import KeysetPage, keyset_page
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.directory.filters import UnitFilter
from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import visible_bureau_ids


def units_in_scope(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(bureau_id__in=visible_bureau_ids(user))


def units_matching_scope(bureau_ids: list[int], scope: dict[str, list[str]]) -> QuerySet[Unit]:
    """Units in the 名录库 of these bureaus matching a plan or task scope (see domain.scope)."""
    qs = Unit.objects.filter(bureau_id__in=bureau_ids, is_in_directory=True)
    if scope.get("scale_categories"):
        qs = qs.filter(scale_category__in=["" if c == "NONE" else c for c in scope["scale_categories"]])
    simple = {
        "sections": "industry_section__in",
        "divisions": "industry_division__in",
        "risk_classes": "risk_class__in",
        "size_classes": "size_class__in",
        "growth_bands": "growth_band__in",
    }
    for key, lookup in simple.items():
        if scope.get(key):
            qs = qs.filter(**{lookup: scope[key]})
    if scope.get("regions"):
        region_q = Q()
        for prefix in scope["regions"]:
            region_q |= Q(region_code__startswith=prefix)
        qs = qs.filter(region_q)
    for tag in scope.get("tags") or []:
        qs = qs.filter(tags__contains=f"|{tag}|")
    return qs


def unit_ids_by_code(bureau_id: int, codes: list[str]) -> dict[str, int]:
    """Code → unit id inside a bureau's subtree (the lowest id when two bureaus hold the same code). Looked up by
    code alone (its index) and filtered to the subtree here, which stays fast on a million units."""
    from shuangsuiji.organisations.selectors import bureau_by_id, subtree

    bureau_ids = set(subtree(bureau_by_id(bureau_id)).values_list("id", flat=True))
    found: dict[str, int] = {}
    for start in range(0, len(codes), 5000):
        chunk = codes[start : start + 5000]
        rows = Unit.objects.filter(uscc__in=chunk).order_by("-id").values_list("uscc", "id", "bureau_id")
        found.update((code, pk) for code, pk, owner in rows if owner in bureau_ids)
    return found


def unit_rows_by_code(bureau_id: int, codes: list[str]) -> dict[str, tuple[int, int]]:
    """Code → (unit id, its bureau id) inside a bureau's subtree, the lowest id when two bureaus hold the same code
    (as unit_ids_by_code). On PostgreSQL one query with the codes as an array; elsewhere in chunks."""
    from shuangsuiji.organisations.selectors import bureau_by_id, subtree

    bureau_ids = set(subtree(bureau_by_id(bureau_id)).values_list("id", flat=True))
    found: dict[str, tuple[int, int]] = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT uscc, id, bureau_id FROM {Unit._meta.db_table} WHERE uscc = ANY(%s) ORDER BY id DESC",
                [codes],
            )
            found.update((code, (pk, owner)) for code, pk, owner in cursor.fetchall() if owner in bureau_ids)
        return found
    for start in range(0, len(codes), 5000):
        rows = Unit.objects.filter(uscc__in=codes[start : start + 5000]).order_by("-id")
        found.update(
            (code, (pk, owner))
            for code, pk, owner in rows.values_list("uscc", "id", "bureau_id")
            if owner in bureau_ids
        )
    return found


def units_by_ids(ids: list[int]) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=ids)


def scope_bureau_codes(user: Any) -> dict[str, int]:
    return dict(Bureau.objects.filter(id__in=visible_bureau_ids(user)).values_list("code", "id"))


def filtered_units(user: Any, unit_filter: UnitFilter) -> QuerySet[Unit]:
    return unit_filter.apply(units_in_scope(user), scope_bureau_codes(user))


def unit_list_page(user: Any, unit_filter: UnitFilter, params: Any, per_page: int = 50) -> KeysetPage[Unit]:
    """One keyset page of units for the list page: two queries for the rows and the count (bounded, or the
    planner's estimate for a scope of several bureaus on PostgreSQL)."""
    bureau_ids = visible_bureau_ids(user)
    several = len(bureau_ids) > 1
    scoped = units_in_scope(user)
    if several and connection.vendor == "sqlite":
        # SQLite would read every unit of the scope through a bureau index and sort them all for one page; with
        # the bureau test kept off the index (bureau_id + 0) it walks the ids backwards and stops after a page.
        scoped = Unit.objects.alias(scope_bureau=F("bureau_id") + 0).filter(scope_bureau__in=bureau_ids)
    qs = (
        unit_filter.apply(scoped, scope_bureau_codes(user))
        .select_related("bureau")
        .only(
            "id",
            "uscc",
            "name",
            "region_code",
            "industry_code",
            "industry_section",
            "scale_category",
            "size_class",
            "risk_class",
            "status",
            "is_in_directory",
            "bureau__name",
            "bureau__code",
        )
    )
    # A scope of several bureaus (a city, a province) labels the page with the planner's estimate: counting even
    # up to 10,000 reads the whole scope when few units match. A region's units cluster: found by their index.
    return keyset_page(qs, params, per_page=per_page, estimate=several, sort_matches=bool(unit_filter.region))


def unit_detail(user: Any, pk: int) -> Unit:
    return get_object_or_404(units_in_scope(user).select_related("bureau", "import_batch"), pk=pk)


def unit_by_code(user: Any, code: str) -> Unit:
    return get_object_or_404(units_in_scope(user).select_related("bureau"), uscc=code.upper())


def unit_history(unit: Unit) -> list[UnitChange]:
    return list(unit.changes.select_related("batch").order_by("-at", "-id"))


def unit_timeline(unit: Unit) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="directory.unit", object_id=str(unit.pk)).order_by("seq")


def recent_imports(user: Any, kind: str = "units", limit: int = 10) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(bureau_id__in=visible_bureau_ids(user), kind=kind).select_related(
        "bureau", "actor"
    )[:limit]


def home_panel(user: Any) -> Panel | None:
    if user.bureau_id is None:
        return None
    qs = units_in_scope(user).filter(is_in_directory=True)
    total = qs.order_by()[:100_001].count()
    panel = Panel(title="检查对象名录库", order=40)
    panel.stats = [("在库单位", f"{total:,}" if total <= 100_000 else "超过10万")]
    panel.links = [("查看名录库", reverse("directory:units"))]
    if has_perm(user, Perm.DIRECTORY_IMPORT):
        panel.links.append(("导入名录", reverse("core:import", args=["units"])))
    return panel
