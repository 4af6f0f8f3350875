"""Mapping spreadsheet headers (Chinese as real exports write them, and English aliases) to field keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shuangsuiji.domain.tabular import normalize_header


@dataclass(frozen=True, slots=True)
class Column:
    """One importable field: its key, the header exports write, and the other headers accepted."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected value: spreadsheet row number (header = row 1), the column as the file names it, and why."""

    row: int
    column: str
    message: str

    def as_text(self) -> str:
        where = f"第{self.row}行" if self.row else "表头"
        return f"{where}" + (f"「{self.column}」" if self.column else "") + f"：{self.message}"


@dataclass(slots=True)
class HeaderMap:
    """Which column index holds which field, what the file calls it, and the headers nobody recognised."""

    index: dict[str, int]
    names: dict[str, str]
    unknown: list[str] = field(default_factory=list)
    missing_required: list[Column] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)

    def errors(self) -> list[RowError]:
        found = [RowError(0, c.header, f"缺少必填列「{c.header}」") for c in self.missing_required]
        found += [RowError(0, name, f"列「{name}」出现了不止一次") for name in self.duplicated]
        return found


def all_headers(columns: Sequence[Column]) -> list[str]:
    return [h for c in columns for h in (c.header, *c.aliases)]


def map_headers(headers: Sequence[str], columns: Sequence[Column]) -> HeaderMap:
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, column.key, *column.aliases):
            lookup[normalize_header(name)] = column
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for position, raw in enumerate(headers):
        if not raw.strip():
            continue
        found = lookup.get(normalize_header(raw))
        if found is None:
            unknown.append(raw.strip())
        elif found.key in index:
            duplicated.append(raw.strip())
        else:
            index[found.key] = position
            names[found.key] = raw.strip()
    missing = [c for c in columns if c.required and c.key not in index]
    return HeaderMap(index, names, unknown, missing, duplicated)
