"""Loading a bureau's standard item list (see catalog.standard for the lists and where they come from)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shuangsuiji.catalog.models import InspectionItem
from shuangsuiji.catalog.services.items import create_item, name_holder, publish_item
from shuangsuiji.catalog.standard import PROVINCE_ITEMS, TEAM, StandardItem, standard_items_for
from shuangsuiji.organisations.models import Bureau


def _values(item: StandardItem, bureau: Bureau, code: str) -> dict[str, str]:
    bodies = "省、市、县三级统计局" if item in PROVINCE_ITEMS else bureau.name
    source = "省局随机抽查事项清单" if item in PROVINCE_ITEMS else "县局抽查实施方案第四部分"
    return {
        "code": code,
        "name": item.name,
        "category": item.category,
        "legal_basis": item.legal_basis,
        "inspecting_bodies": bodies,
        "object_type": item.object_type,
        "ratio": item.ratio,
        "frequency": item.frequency,
        "method": item.method,
        "content": item.content,
        "inspector_requirements": TEAM,
        "note": item.note or f"来源：{source}",
    }


def load_standard_items(bureau: Bureau, *, actor: Any = None, publish: bool = True) -> list[InspectionItem]:
    """Create (and publish) the bureau's standard items with codes <bureau code>-01, -02 …; an item whose code or
    name is already in the bureau's list is skipped, so loading twice changes nothing. Returns the items created."""
    existing = set(InspectionItem.objects.filter(bureau=bureau).values_list("code", flat=True))
    created = []
    with transaction.atomic():
        for number, standard in enumerate(standard_items_for(bureau), start=1):
            code = f"{bureau.code}-{number:02d}"
            if code in existing or name_holder(bureau.pk, standard.name):
                continue
            item = create_item(
                actor=actor, bureau=bureau, values=_values(standard, bureau, code), checkpoints=standard.points
            )
            created.append(publish_item(actor=actor, item=item) if publish else item)
    return created
