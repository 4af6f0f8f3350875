"""One filter definition for the item list page and the API."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet

from shuangsuiji.catalog.models import InspectionItem, ItemVersion

OWNER_CHOICES = [("own", "本局事项"), ("inherited", "上级局事项")]


@dataclass
class ItemFilter:
    q: str = ""
    bureau: str = ""
    status: str = ""
    category: str = ""
    owner: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ItemFilter:
        return cls(**{f.name: str(params.get(f.name, "") or "").strip()[:100] for f in fields(cls)})

    def apply(self, queryset: QuerySet[InspectionItem], bureau_id: int) -> QuerySet[InspectionItem]:
        """Filter a bureau's list (its own items and the published items above it)."""
        qs = queryset
        if self.q:
            named = ItemVersion.objects.filter(name__contains=self.q).values("item_id")
            qs = qs.filter(Q(code__icontains=self.q) | Q(pk__in=named))
        if self.status:
            qs = qs.filter(status=self.status) if self.status in InspectionItem.Status.values else qs.none()
        if self.category:
            drafts = ItemVersion.objects.filter(category=self.category, published_at__isnull=True).values("item_id")
            qs = qs.filter(Q(current_version__category=self.category) | Q(current_version__isnull=True, pk__in=drafts))
        if self.owner == "own":
            qs = qs.filter(bureau_id=bureau_id)
        elif self.owner == "inherited":
            qs = qs.exclude(bureau_id=bureau_id)
        return qs

    @property
    def is_active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "bureau")
