"""Exporting a bureau's own items with the import's columns: the latest version of each item that is not retired
(a pending draft when there is one), so that an export re-imports without a change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet

from shuangsuiji.catalog.models import InspectionItem
from shuangsuiji.catalog.services.items import text_values
from shuangsuiji.domain.imports.items import ITEM_COLUMNS
from shuangsuiji.domain.imports.writer import write_table
from shuangsuiji.organisations.models import Bureau


def item_export_rows(queryset: QuerySet[InspectionItem]) -> Iterator[list[str]]:
    keys = [c.key for c in ITEM_COLUMNS]
    items = queryset.exclude(status=InspectionItem.Status.RETIRED).prefetch_related("versions__checkpoints")
    for item in items.order_by("bureau__code", "code"):
        version = item.latest_version
        if version is not None:
            values = text_values(version)
            yield [values[key] for key in keys]


def export_items(*, queryset: QuerySet[InspectionItem], path: Path) -> int:
    """Write .xlsx or .csv (UTF-8 with BOM) by the file's extension; returns the number of items written."""
    headers = [c.header for c in ITEM_COLUMNS]
    return write_table(path, "随机抽查事项清单", headers, item_export_rows(queryset))


def export_bureau_items(*, bureau: Bureau | None, path: Path) -> int:
    """CLI export: the bureau's own items (what `import items --bureau` reads back); every bureau's without one."""
    queryset = InspectionItem.objects.all()
    if bureau is not None:
        queryset = queryset.filter(bureau=bureau)
    return export_items(queryset=queryset, path=path)
