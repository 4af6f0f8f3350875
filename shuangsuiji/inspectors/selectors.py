"""Reads of the 执法检查人员名录库, inside the viewer's region scope (another county's inspector is a 404), and the
reads later stages rely on: who may be drawn on a date, the declared 回避, and what may be published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.accounts.selectors import users_in_scope
from shuangsuiji.core.home import Panel
from shuangsuiji.core.pagination import KeysetPage, keyset_page
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.inspectors.filters import EXPIRY_WARNING_DAYS, InspectorFilter, eligible_q
from shuangsuiji.inspectors.models import Inspector, InspectorChange, InspectorConflict
from shuangsuiji.organisations.models import Bureau, Department
from shuangsuiji.organisations.selectors import visible_bureau_ids


def inspectors_in_scope(user: Any) -> QuerySet[Inspector]:
    return Inspector.objects.filter(bureau_id__in=visible_bureau_ids(user))


def scope_bureau_codes(user: Any) -> dict[str, int]:
    return dict(Bureau.objects.filter(id__in=visible_bureau_ids(user)).values_list("code", "id"))


def filtered_inspectors(user: Any, inspector_filter: InspectorFilter, on: dt.date | None = None) -> QuerySet[Inspector]:
    on = on or timezone.localdate()
    return inspector_filter.apply(inspectors_in_scope(user), scope_bureau_codes(user), on)


def inspector_list_page(
    user: Any, inspector_filter: InspectorFilter, params: Any, per_page: int = 50
) -> KeysetPage[Inspector]:
    """One keyset page for the list page: the rows (with bureau and department) and the bounded count."""
    qs = filtered_inspectors(user, inspector_filter).select_related("bureau", "department")
    return keyset_page(qs, params, per_page=per_page)


def inspector_detail(user: Any, pk: int) -> Inspector:
    return get_object_or_404(inspectors_in_scope(user).select_related("bureau", "department", "user"), pk=pk)


def inspector_history(inspector: Inspector) -> list[InspectorChange]:
    return list(inspector.changes.select_related("batch").order_by("-at", "-id"))


def inspector_conflicts(inspector: Inspector) -> list[InspectorConflict]:
    """Active declarations first, then withdrawn ones."""
    return list(inspector.conflicts.order_by("-is_active", "-declared_on", "unit_uscc"))


def conflict_of(inspector: Inspector, pk: int) -> InspectorConflict:
    return get_object_or_404(InspectorConflict.objects.filter(inspector=inspector), pk=pk)


def departments_in_scope(user: Any) -> QuerySet[Department]:
    return (
        Department.objects.filter(bureau_id__in=visible_bureau_ids(user))
        .select_related("bureau")
        .order_by("bureau__code", "name")
    )


def expertise_tags_in_scope(user: Any) -> list[str]:
    tags: set[str] = set()
    fields = inspectors_in_scope(user).exclude(expertise="").order_by().values_list("expertise", flat=True)
    for field in fields.distinct():
        tags.update(t for t in field.split("|") if t)
    return sorted(tags)


def linkable_users(inspector: Inspector, viewer: Any) -> QuerySet[Any]:
    """Logins of the inspector's bureau the viewer can see (the candidates for 关联账号)."""
    return users_in_scope(viewer).filter(bureau_id=inspector.bureau_id, is_active=True)


def eligible_inspectors(
    bureau: Bureau,
    *,
    on: dt.date,
    expertise: str | Sequence[str] | None = None,
    department: Department | int | None = None,
) -> QuerySet[Inspector]:
    """The bureau's inspectors who may be drawn on `on`: 在岗 with a certificate valid that day, holding every
    expertise tag asked for, in the department asked for."""
    qs = Inspector.objects.filter(bureau=bureau).filter(eligible_q(on))
    tags = [expertise] if isinstance(expertise, str) else list(expertise or [])
    for tag in tags:
        qs = qs.filter(expertise__contains=f"|{tag}|")
    if department is not None:
        qs = qs.filter(department_id=department if isinstance(department, int) else department.pk)
    return qs.select_related("department").order_by("certificate_no")


def ineligible_inspectors(bureau: Bureau, *, on: dt.date) -> list[tuple[Inspector, str]]:
    """The bureau's inspectors who may not be drawn on `on`, each with the reason (状态, 执法证过期)."""
    qs = Inspector.objects.filter(bureau=bureau).exclude(eligible_q(on)).select_related("department")
    return [(i, i.ineligibility_reason(on)) for i in qs.order_by("certificate_no")]


def active_conflicts(inspector_ids: Sequence[int]) -> dict[int, set[str]]:
    """{inspector id: USCCs they declared 回避 for} — what a draw must respect."""
    found: dict[int, set[str]] = {}
    rows = InspectorConflict.objects.filter(inspector_id__in=list(inspector_ids), is_active=True)
    for inspector_id, code in rows.values_list("inspector_id", "unit_uscc"):
        found.setdefault(inspector_id, set()).add(code)
    return found


def public_inspector_list(bureau: Bureau, on: dt.date | None = None) -> list[dict[str, str]]:
    """事前公开: only Inspector.PUBLIC_FIELDS (姓名、性别、执法证件编号、执法岗位、执法区域) of the 在岗 inspectors whose
    certificate is valid on `on` (today by default)."""
    on = on or timezone.localdate()
    rows = Inspector.objects.filter(bureau=bureau).filter(eligible_q(on)).order_by("name", "certificate_no")
    sexes = dict(Inspector.Sex.choices)
    return [{**values, "sex": sexes[values["sex"]]} for values in rows.values(*Inspector.PUBLIC_FIELDS)]


def inspector_counts(bureau_ids: Sequence[int], on: dt.date) -> dict[str, int]:
    """在岗 inspectors, and among them certificates expiring within 30 days and already expired (one query)."""
    soon = on + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    on_duty = Q(status=Inspector.Status.ON_DUTY)
    return Inspector.objects.filter(bureau_id__in=list(bureau_ids)).aggregate(
        on_duty=Count("id", filter=on_duty),
        expiring=Count("id", filter=on_duty & Q(certificate_valid_until__gte=on, certificate_valid_until__lte=soon)),
        expired=Count("id", filter=on_duty & Q(certificate_valid_until__lt=on)),
    )


def home_panel(user: Any) -> Panel | None:
    if user.bureau_id is None:
        return None
    counts = inspector_counts(visible_bureau_ids(user), timezone.localdate())
    panel = Panel(title="执法检查人员名录库", order=45)
    panel.stats = [
        ("在岗", counts["on_duty"]),
        (f"证件{EXPIRY_WARNING_DAYS}天内到期", counts["expiring"]),
        ("证件已过期", counts["expired"]),
    ]
    base = reverse("inspectors:list")
    if counts["expired"]:
        panel.warnings.append(f"{counts['expired']} 名在岗人员的执法证已过期，抽取时将被自动排除，请及时换证。")
    panel.links = [
        ("查看名录库", base),
        ("即将到期", f"{base}?eligibility=expiring"),
    ]
    if has_perm(user, Perm.INSPECTORS_EDIT):
        panel.links.append(("导入人员", reverse("core:import", args=["inspectors"])))
    return panel
