"""Reading a 裁量基准 table (domain-rules §1.3) from a spreadsheet: one band a row, by violation, party type, law
and 情节严重, with its fine range and whether each end includes the number. Every rejected value is a RowError
naming the row and the column as the file writes it; a band must lie inside the legal range (domain/discretion)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shuangsuiji.domain.discretion import band_errors
from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError, map_headers
from shuangsuiji.domain.penalties import INDIVIDUAL, ORGANISATION, PARTY_TYPES, VIOLATIONS, Band
from shuangsuiji.domain.tabular import Table, normalize_header

DISCRETION_COLUMNS = (
    Column("violation", "违法行为", ("违法行为代码", "违法行为类型"), required=True),
    Column("party", "当事人类型", ("当事人", "主体类型"), required=True),
    Column("law", "适用法律", ("法律版本", "统计法版本"), required=True),
    Column("severe", "情节严重", ("是否情节严重",)),
    Column("label", "档次", ("裁量档次", "裁量等级"), required=True),
    Column("circumstances", "适用情形", ("违法情节", "情形")),
    Column("minimum", "罚款下限（元）", ("罚款下限", "下限", "下限（元）"), required=True),
    Column("maximum", "罚款上限（元）", ("罚款上限", "上限", "上限（元）"), required=True),
    Column("includes_minimum", "下限含本数", ("含下限本数", "下限是否含本数")),
    Column("includes_maximum", "上限含本数", ("含上限本数", "上限是否含本数")),
)
_VIOLATIONS = {normalize_header(v.code): v.code for v in VIOLATIONS} | {
    normalize_header(v.label): v.code for v in VIOLATIONS
}
_PARTIES = (
    {normalize_header(name): code for code, name in PARTY_TYPES.items()}
    | {normalize_header(word): ORGANISATION for word in ("organisation", "单位", "企业", "企业事业单位", "其他组织")}
    | {normalize_header(word): INDIVIDUAL for word in ("individual", "个体户", "个体")}
)
_LAWS = {
    "2024": "2024",
    "2024年统计法": "2024",
    "2024年": "2024",
    "2009": "2009",
    "2009年统计法": "2009",
    "2009年": "2009",
}
_YES = {"是", "y", "yes", "true", "1", "含", "含本数"}
_NO = {"否", "n", "no", "false", "0", "不含", "不含本数", ""}


@dataclass
class BandTable:
    """The bands read from a file, or the reasons it was rejected (then there are no bands to store)."""

    bands: list[Band] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_total: int = 0


class _Row:
    def __init__(self, number: int, cells: list[str], header: HeaderMap) -> None:
        self.number, self.cells, self.header = number, cells, header
        self.errors: list[RowError] = []

    def text(self, key: str) -> str:
        position = self.header.index.get(key)
        return self.cells[position].strip() if position is not None and position < len(self.cells) else ""

    def reject(self, key: str, message: str) -> None:
        column = self.header.names.get(key) or next(c.header for c in DISCRETION_COLUMNS if c.key == key)
        self.errors.append(RowError(self.number, column, message))

    def choice(self, key: str, table: dict[str, str], what: str) -> str:
        value = self.text(key)
        found = table.get(normalize_header(value))
        if found is None:
            self.reject(key, f"“{value}”不是有效的{what}" if value else f"请填写{what}")
            return ""
        return found

    def flag(self, key: str, default: bool) -> bool:
        value = self.text(key).lower()
        if not value:
            return default
        if value in _YES:
            return True
        if value not in _NO:
            self.reject(key, f"“{self.text(key)}”应填“是”或“否”")
        return False

    def yuan(self, key: str) -> int:
        value = self.text(key).replace(",", "").replace("，", "").removesuffix("元")
        if not value.isdigit():
            self.reject(key, f"“{self.text(key)}”不是整数金额（元）" if value else "请填写金额（元）")
            return 0
        return int(value)


def _band(row: _Row) -> Band | None:
    violation = row.choice("violation", _VIOLATIONS, "违法行为（代码或名称）")
    party = row.choice("party", _PARTIES, "当事人类型（单位或个体工商户）")
    law = row.choice("law", _LAWS, "适用法律（2024或2009）")
    band = Band(
        violation=violation,
        label=row.text("label"),
        minimum=row.yuan("minimum"),
        maximum=row.yuan("maximum"),
        law=law,
        party=party,
        severe=row.flag("severe", False),
        circumstances=row.text("circumstances"),
        includes_minimum=row.flag("includes_minimum", True),
        includes_maximum=row.flag("includes_maximum", True),
    )
    if len(band.label) > 40:
        row.reject("label", "档次名称不能超过40个字")
    if len(band.circumstances) > 300:
        row.reject("circumstances", "适用情形不能超过300个字")
    if row.errors:
        return None
    for key, message in band_errors(band).items():  # its keys are the column keys
        row.reject(key, message)
    return None if row.errors else band


def read_band_table(table: Table) -> BandTable:
    """Every row a band; the table is rejected as a whole when any row is (the caller stores all or nothing)."""
    header = map_headers(table.headers, DISCRETION_COLUMNS)
    result = BandTable(errors=header.errors(), notes=list(table.notes))
    if header.unknown:
        result.notes.append(f"未识别的列已忽略：{'、'.join(header.unknown)}")
    if result.errors:
        return result
    seen: dict[tuple[str, str, str, bool, str], int] = {}
    for number, cells in _data_rows(table.rows):
        result.rows_total += 1
        row = _Row(number, cells, header)
        band = _band(row)
        result.errors += row.errors
        if band is None:
            continue
        key = (band.violation, band.party, band.law, band.severe, band.label)
        if key in seen:
            row.reject("label", f"与第{seen[key]}行的档次重复（同一违法行为、当事人类型、法律和情节）")
            result.errors += row.errors
            continue
        seen[key] = number
        result.bands.append(band)
    if not result.rows_total:
        result.errors.append(RowError(0, "", "文件中没有裁量档次"))
    return result


def _data_rows(rows: Iterable[tuple[int, list[str]]]) -> Iterable[tuple[int, list[str]]]:
    return ((n, cells) for n, cells in rows if any(c.strip() for c in cells))


def band_export_rows(bands: Iterable[Band]) -> Iterable[list[str]]:
    """The bands as rows of DISCRETION_COLUMNS, in words the import reads back (a round trip changes nothing)."""
    labels = {v.code: v.label for v in VIOLATIONS}
    for band in bands:
        yield [
            labels.get(band.violation, band.violation),
            PARTY_TYPES.get(band.party, band.party),
            band.law,
            "是" if band.severe else "否",
            band.label,
            band.circumstances,
            str(band.minimum),
            str(band.maximum),
            "是" if band.includes_minimum else "否",
            "是" if band.includes_maximum else "否",
        ]
