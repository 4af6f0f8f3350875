"""Reading the spreadsheets bureaus really exchange: .xlsx/.xls (calamine) and .csv in UTF-8, UTF-8 with BOM,
GBK or GB18030. Every value comes back as text; row numbers are the ones the spreadsheet shows (header = row 1
when it is the first row).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
_HEADER_SEARCH_ROWS = 10


class TableError(ValueError):
    """A file that cannot be read as a table at all (wrong type, no header, undecodable); message for the user."""


@dataclass(slots=True)
class Table:
    """A header and the data rows of the first sheet, all as stripped strings, with spreadsheet row numbers."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    encoding: str = ""
    header_row_number: int = 1
    notes: list[str] = field(default_factory=list)
    estimated_rows: int = 0


def normalize_header(text: str) -> str:
    """Header cells compared without spaces, full-width brackets, asterisks or case."""
    cleaned = text.strip().replace("\u3000", "").replace(" ", "").replace("*", "").replace("＊", "")
    return cleaned.replace("（", "(").replace("）", ")").lower()


def cell_text(value: object) -> str:
    """A spreadsheet cell as text: integral floats lose their `.0`, dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def decode_csv_bytes(head: bytes) -> str:
    """Pick the encoding of a CSV file from its first bytes: UTF-8 (with or without BOM), else GB18030."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start >= len(head) - 3:
            return "utf-8"
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return "gb18030"
        raise TableError("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的 CSV，或 Excel 文件") from exc


def open_table(path: Path, known_headers: Iterable[str] = ()) -> Table:
    """Open a .csv/.xlsx/.xls file; the header row is the first of the top rows that holds a known header."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise TableError(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 .xlsx、.xls 或 .csv 文件")
    known = {normalize_header(h) for h in known_headers}
    if suffix == ".csv":
        return _open_csv(path, known)
    return _open_workbook(path, known)


def _find_header(rows: list[tuple[int, list[str]]], known: set[str]) -> int:
    for index, (_, cells) in enumerate(rows):
        if known and any(normalize_header(c) in known for c in cells if c):
            return index
    for index, (_, cells) in enumerate(rows):
        if any(cells):
            return index
    raise TableError("文件中没有表头行")


def _open_csv(path: Path, known: set[str]) -> Table:
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if b"\x00" in head:
        raise TableError("文件不是文本格式的 CSV（可能是改了扩展名的 Excel 文件）")
    encoding = decode_csv_bytes(head)
    handle_text = path.open("r", encoding=encoding, newline="", errors="strict")
    reader = csv.reader(handle_text)
    top: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(reader, start=1):
        top.append((number, [c.strip() for c in cells]))
        if len(top) >= _HEADER_SEARCH_ROWS:
            break
    if not top:
        handle_text.close()
        raise TableError("文件是空的")
    header_index = _find_header(top, known)
    header_number, headers = top[header_index]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from top[header_index + 1 :]
            number = top[-1][0]
            for cells in reader:
                number += 1
                yield number, [c.strip() for c in cells]
        except UnicodeDecodeError as exc:
            raise TableError(f"第{number + 1}行附近有无法按 {encoding} 解码的字符") from exc
        finally:
            handle_text.close()

    estimate = max(0, _count_lines(path) - header_number)
    return Table(headers, rows(), encoding, header_number, estimated_rows=estimate)


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


def _open_workbook(path: Path, known: set[str]) -> Table:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        data = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise TableError(f"无法读取 Excel 文件：{exc}") from exc
    if not data:
        raise TableError("工作表是空的")
    top = [(i + 1, [cell_text(v) for v in row]) for i, row in enumerate(data[:_HEADER_SEARCH_ROWS])]
    header_index = _find_header(top, known)
    header_number, headers = top[header_index]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for offset, row in enumerate(data[header_index + 1 :]):
            yield header_number + 1 + offset, [cell_text(v) for v in row]

    notes = [f"仅读取第一个工作表“{sheet.name}”"] if len(workbook.sheet_names) > 1 else []
    estimate = len(data) - header_number
    return Table(headers, rows(), "xlsx", header_number, notes=notes, estimated_rows=estimate)


def read_text_table(text: str) -> Table:
    """A CSV given as text (tests, pasted data)."""
    reader = csv.reader(io.StringIO(text))
    all_rows = [(n, [c.strip() for c in cells]) for n, cells in enumerate(reader, start=1)]
    if not all_rows:
        raise TableError("文件是空的")
    return Table(headers=all_rows[0][1], rows=iter(all_rows[1:]), encoding="text")
