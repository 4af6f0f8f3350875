"""Writing a 一单两库 table back to .xlsx or .csv with the import's own headers (exports re-import unchanged)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

EXPORT_SUFFIXES = (".xlsx", ".csv")


def write_table(path: Path, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """.xlsx (every value as text, so codes keep their leading zeros) or .csv in UTF-8 with BOM (Excel opens it);
    returns the number of data rows written."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"不支持的导出格式“{suffix}”：请使用 .xlsx 或 .csv")
    count = 0
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for row in rows:
                writer.writerow(row)
                count += 1
        return count
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(list(headers))
    for row in rows:
        sheet.append(["" if value is None else str(value) for value in row])
        count += 1
    workbook.save(path)
    return count
