"""Reading the spreadsheets bureaus really exchange: .xlsx/.xls (calamine) and .csv in UTF-8, UTF-8 with BOM,
GBK or GB18030. Every value comes back as text; row numbers are the ones the spreadsheet shows (header = row 1
when it is the first row).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
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
    # A CSV file that can also be read in blocks (see `iter_chunks`), and how to release `rows` unread.
    path: Path | None = None
    close: Callable[[], None] | None = None


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
    return Table(headers, rows(), encoding, header_number, estimated_rows=estimate, path=path, close=handle_text.close)


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


# ---------------------------------------------------------------------------------------------------------------
# Chunks: the same rows, many at a time, as columns (for validators that check a column at once).

# What str.strip() removes (Python's whitespace, which differs from Rust's: \x1c-\x1f are whitespace here).
PY_WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
_BLOCK_BYTES = 16 << 20
_CSV_FIELD_LIMIT = 131_072  # csv.field_size_limit(): the csv module refuses longer fields


@dataclass(slots=True)
class RowChunk:
    """Consecutive non-empty data rows: their spreadsheet row numbers, a frame of their first `width` cells
    (columns "0", "1", … as stripped strings, "" where a row is short) and each row's cells as read."""

    numbers: list[int]
    frame: pl.DataFrame
    cells: Callable[[int], list[str]]

    def __len__(self) -> int:
        return len(self.numbers)


def iter_chunks(table: Table, size: int) -> Iterator[RowChunk]:
    """The rows of `table.rows` (empty rows skipped) in chunks of about `size` rows.

    A CSV file in UTF-8 without quote characters, lone carriage returns or NUL bytes (what 名录库 exports and
    the demo generator write) is cut into rows by splitting lines and commas in bulk, which is exactly what the
    csv module does with such a file; any other file goes through `table.rows` row by row. Both give the same
    numbers and cells (tests/domain/test_tabular_chunks.py).
    """
    width = len(table.headers)
    if table.path is not None and table.encoding in ("utf-8", "utf-8-sig") and _plain_csv(table):
        if table.close is not None:
            table.close()
        yield from _plain_csv_chunks(table, width, size)
        return
    numbers: list[int] = []
    rows: list[list[str]] = []
    for number, cells in table.rows:
        if not any(cells):
            continue
        numbers.append(number)
        rows.append(cells)
        if len(rows) >= size:
            yield _chunk_of_rows(numbers, rows, width)
            numbers, rows = [], []
    if rows:
        yield _chunk_of_rows(numbers, rows, width)


def _chunk_of_rows(numbers: list[int], rows: list[list[str]], width: int) -> RowChunk:
    fitted = [r if len(r) == width else (r + [""] * (width - len(r)))[:width] for r in rows]
    schema = {str(i): pl.String for i in range(width)}
    frame = pl.DataFrame(fitted, schema=schema, orient="row") if fitted else pl.DataFrame(schema=schema)
    return RowChunk(numbers, frame, rows.__getitem__)


def _plain_csv(table: Table) -> bool:
    """Whether the file has no quote character, NUL byte or carriage return outside CRLF: then lines and commas
    are all there is to it (UTF-8 is checked block by block as the rows are read)."""
    assert table.path is not None
    with table.path.open("rb") as handle:
        while block := handle.read(_BLOCK_BYTES):
            if b'"' in block or b"\x00" in block:
                return False
            if block.endswith(b"\r"):
                block += handle.read(1)
            if b"\r" in block:
                chars = np.frombuffer(block, dtype=np.uint8)
                returns = np.flatnonzero(chars == 13) + 1
                if returns[-1] >= len(chars) or not (chars[returns] == 10).all():
                    return False
    return True


def _plain_csv_chunks(table: Table, width: int, size: int) -> Iterator[RowChunk]:
    """Blocks of whole lines; a line is a row (there are no quotes, hence no quoted line breaks)."""
    assert table.path is not None
    block_bytes = min(_BLOCK_BYTES, max(1 << 16, size * 256))
    number = 0  # the row number of the last line read
    with table.path.open("rb") as handle:
        carry = b""
        while True:
            block = handle.read(block_bytes)
            data = carry + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            data, carry = data[:cut], data[cut:]
            if data:
                if number == 0 and data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
                lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
                first = number + 1
                number += lines
                skip = max(0, table.header_row_number - first + 1)
                if skip:
                    for _ in range(min(skip, lines)):
                        data = data[data.find(b"\n") + 1 :] if b"\n" in data else b""
                    first += skip
                    lines -= skip
                if lines > 0:
                    chunk = _chunk_of_block(data, lines, first, width)
                    if len(chunk):
                        yield chunk
            if not block:
                return


def _chunk_of_block(data: bytes, lines: int, first: int, width: int) -> RowChunk:
    """Polars' CSV reader when every line has exactly `width` cells, else the csv module (same cells)."""
    frame = None
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    longest = int(np.diff(ends, prepend=-1).max()) if len(ends) else len(data)
    if width and longest <= _CSV_FIELD_LIMIT and data.count(b",") == lines * (width - 1):
        schema = {str(i): pl.String for i in range(width)}
        try:
            frame = pl.read_csv(data, has_header=False, schema=schema, quote_char=None, infer_schema=False)
        except pl.exceptions.PolarsError:
            frame = None  # a line with more cells than the header, or bad UTF-8: see below
    if frame is None or frame.height != lines:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            row = first + data.count(b"\n", 0, exc.start)
            raise TableError(f"第{row}行附近有无法按 utf-8 解码的字符") from exc
        numbers, rows = [], []
        for offset, cells in enumerate(csv.reader(io.StringIO(text, newline=""))):
            stripped = [c.strip() for c in cells]
            if any(stripped):
                numbers.append(first + offset)
                rows.append(stripped)
        return _chunk_of_rows(numbers, rows, width)
    frame = frame.with_columns(pl.all().fill_null("").str.strip_chars(PY_WHITESPACE))
    frame = frame.with_columns(pl.int_range(first, first + lines, dtype=pl.Int64).alias("_number"))
    frame = frame.filter(pl.any_horizontal(pl.exclude("_number") != ""))
    numbers = frame["_number"].to_list()
    frame = frame.drop("_number")

    def cells_of(index: int) -> list[str]:
        return list(frame.row(index))

    return RowChunk(numbers, frame, cells_of)
