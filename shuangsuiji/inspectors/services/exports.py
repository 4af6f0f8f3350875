"""Exporting inspectors with the import's own columns, so an export re-imports without a change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet

from shuangsuiji.domain.imports.inspectors import INSPECTOR_COLUMNS
from shuangsuiji.domain.imports.writer import write_table
from shuangsuiji.inspectors.models import Inspector
from shuangsuiji.inspectors.services.inspectors import text_values
from shuangsuiji.organisations.models import Bureau


def inspector_export_rows(queryset: QuerySet[Inspector]) -> Iterator[list[str]]:
    keys = [c.key for c in INSPECTOR_COLUMNS]
    for inspector in queryset.select_related("department").order_by("certificate_no"):
        values = text_values(inspector)
        yield [values[key] for key in keys]


def export_inspectors(*, queryset: QuerySet[Inspector], path: Path) -> int:
    """Write .xlsx or .csv (UTF-8 with BOM) by the file's extension; returns the number of inspectors written."""
    headers = [c.header for c in INSPECTOR_COLUMNS]
    return write_table(path, "执法检查人员名录库", headers, inspector_export_rows(queryset))


def export_bureau_inspectors(*, bureau: Bureau | None, path: Path) -> int:
    """CLI export: the inspectors of one bureau (what `import inspectors --bureau` reads back); all without one."""
    queryset = Inspector.objects.all()
    if bureau is not None:
        queryset = queryset.filter(bureau=bureau)
    return export_inspectors(queryset=queryset, path=path)
