"""Exporting units with the import's own columns, so an export re-imports without a change."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook

from shuangsuiji.directory.models import Unit
from shuangsuiji.domain import units as vocab
from shuangsuiji.domain.imports.units import UNIT_COLUMNS


def unit_export_rows(queryset: QuerySet[Unit]) -> Iterator[list[Any]]:
    """Rows in UNIT_COLUMNS order with human-readable values (labels for coded fields)."""
    fields = [c.key for c in UNIT_COLUMNS]
    for values in queryset.order_by("id").values_list(*fields).iterator(chunk_size=5000):
        record = dict(zip(fields, values, strict=True))
        yield [
            record["uscc"],
            record["name"],
            record["region_code"],
            _industry(record),
            vocab.SIZE_CLASSES.get(record["size_class"], ""),
            vocab.SCALE_CATEGORIES[record["scale_category"]] if record["scale_category"] else "",
            record["registration_type"],
            record["legal_representative"],
            record["contact_person"],
            record["phone"],
            record["address"],
            "" if record["revenue"] is None else str(record["revenue"]),
            "" if record["employees"] is None else record["employees"],
            record["indicator_period"],
            record["risk_class"],
            record["growth_band"],
            "；".join(vocab.field_to_tags(record["tags"])),
            vocab.STATUSES[record["status"]],
            record["checksum_exempt_reason"],
        ]


def _industry(record: dict[str, Any]) -> str:
    return str(record["industry_code"])


def export_units(*, queryset: QuerySet[Unit], path: Path) -> int:
    """Write .xlsx or .csv (UTF-8 with BOM) by the file's extension; returns the number of units written."""
    headers = [c.header for c in UNIT_COLUMNS]
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"不支持的导出格式“{suffix}”：请使用 .xlsx 或 .csv")
    count = 0
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for row in unit_export_rows(queryset):
                writer.writerow(row)
                count += 1
        return count
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("检查对象名录库")
    sheet.append(headers)
    for row in unit_export_rows(queryset):
        # codes stay text in Excel so leading zeros and 18-digit codes survive
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def export_bureau_units(*, bureau: object | None, path: Path) -> int:
    """CLI export: every unit of the bureau and those below it (all units when no bureau is given)."""
    from shuangsuiji.organisations.selectors import subtree

    queryset = Unit.objects.all()
    if bureau is not None:
        queryset = queryset.filter(bureau__in=subtree(bureau))  # type: ignore[arg-type]
    return export_units(queryset=queryset, path=path)
