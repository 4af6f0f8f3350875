"""Reads of the 随机抽查事项清单. A bureau's list is its own items plus the published items of the bureaus above it;
a viewer sees the lists of their bureau and the bureaus below (another county's items are a 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from shuangsuiji.catalog.filters import ItemFilter
from shuangsuiji.catalog.models import CheckPoint, InspectionItem, ItemVersion
from shuangsuiji.catalog.standard import standard_items_for
from shuangsuiji.core.home import Panel
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.selectors import ancestors, bureaus_visible_to, visible_bureau_ids

_PUBLISHED = InspectionItem.Status.PUBLISHED


def _with_versions(qs: QuerySet[InspectionItem]) -> QuerySet[InspectionItem]:
    """Items with every version and its checklist (three queries, whatever the number of items)."""
    versions = ItemVersion.objects.order_by("-number").prefetch_related("checkpoints")
    return qs.select_related("bureau", "current_version").prefetch_related(Prefetch("versions", queryset=versions))


def items_for_bureau(bureau: Bureau) -> QuerySet[InspectionItem]:
    """The bureau's list: all its own items (drafts and retired ones included) and the published items of every
    bureau above it, the province's first."""
    above = [b.pk for b in ancestors(bureau)]
    qs = InspectionItem.objects.filter(Q(bureau=bureau) | Q(bureau_id__in=above, status=_PUBLISHED))
    return _with_versions(qs).order_by("bureau__path", "code")


def own_items(bureau: Bureau) -> QuerySet[InspectionItem]:
    return InspectionItem.objects.filter(bureau=bureau)


def published_items_for_bureau(bureau: Bureau) -> QuerySet[InspectionItem]:
    """The items a bureau may put in a plan: published, its own or inherited."""
    return items_for_bureau(bureau).filter(status=_PUBLISHED)


def list_bureau(user: Any, code: str) -> Bureau | None:
    """The bureau whose list the viewer asked for: their own, or one below them; None when they have no bureau."""
    if code:
        found = bureaus_visible_to(user).filter(code=code).first()
        if found is None:
            raise Http404("没有这个统计局，或您无权查看")
        return found
    return user.bureau if user.bureau_id else None


def item_list(user: Any, item_filter: ItemFilter) -> tuple[Bureau | None, list[InspectionItem]]:
    bureau = list_bureau(user, item_filter.bureau)
    if bureau is None:
        return None, []
    return bureau, list(item_filter.apply(items_for_bureau(bureau), bureau.pk))


def items_visible_to(user: Any) -> QuerySet[InspectionItem]:
    """Every item the viewer may open: those of their bureau and below, and the published (or retired after
    publication) items of the bureaus above."""
    if user.bureau_id is None:
        return InspectionItem.objects.none()
    above = [b.pk for b in ancestors(user.bureau)]
    inherited = Q(bureau_id__in=above, current_version__isnull=False)
    return InspectionItem.objects.filter(Q(bureau_id__in=visible_bureau_ids(user)) | inherited)


def item_detail(user: Any, pk: int) -> InspectionItem:
    qs = items_visible_to(user).select_related("bureau", "current_version")
    return get_object_or_404(qs, pk=pk)


def item_versions(item: InspectionItem) -> list[ItemVersion]:
    """All versions, newest first, each with its checklist."""
    points = Prefetch("checkpoints", queryset=CheckPoint.objects.order_by("order"))
    return list(item.versions.select_related("created_by").prefetch_related(points).order_by("-number"))


def version_of(item: InspectionItem, number: int) -> ItemVersion:
    return get_object_or_404(item.versions.prefetch_related("checkpoints"), number=number)


def missing_standard_count(bureau: Bureau) -> int:
    codes = {f"{bureau.code}-{n:02d}" for n in range(1, len(standard_items_for(bureau)) + 1)}
    return len(codes - set(InspectionItem.objects.filter(bureau=bureau, code__in=codes).values_list("code", flat=True)))


def home_panel(user: Any) -> Panel | None:
    if user.bureau_id is None:
        return None
    above = [b.pk for b in ancestors(user.bureau)]
    own = InspectionItem.objects.filter(bureau_id=user.bureau_id).aggregate(
        published=Count("id", filter=Q(status=_PUBLISHED)),
        drafts=Count("id", filter=Q(status=InspectionItem.Status.DRAFT)),
    )
    inherited = InspectionItem.objects.filter(bureau_id__in=above, status=_PUBLISHED).count()
    pending = ItemVersion.objects.filter(item__bureau_id=user.bureau_id, published_at__isnull=True).count()
    panel = Panel(title="随机抽查事项清单", order=50)
    panel.stats = [("本局已发布", own["published"]), ("上级局事项", inherited), ("待发布草稿", pending)]
    if own["published"] + inherited == 0:
        panel.warnings.append("尚无已发布的抽查事项，制定抽查计划前请先建立事项清单。")
    panel.links = [("查看事项清单", reverse("catalog:list"))]
    return panel


def draft_readable_bureau_ids(user: Any) -> list[int]:
    """Bureaus whose drafts the viewer may read: their own and those below (drafts above them stay private)."""
    return visible_bureau_ids(user)


def published_versions_for_bureau(bureau: Bureau) -> list[ItemVersion]:
    """The current published versions a bureau may plan and task with (its own and inherited items)."""
    items = published_items_for_bureau(bureau).select_related("current_version__item")
    return [i.current_version for i in items if i.current_version is not None]
