"""Unit rows validated a chunk at a time: columns checked at once, the row validator only where they cannot say.

`UnitRowValidator.validate` costs about 20 µs a row in Python, the floor of a million-row import. Here a chunk's
columns are checked in bulk (Polars and NumPy): the USCC check character over the whole 18-character column,
region and industry codes, vocabularies, tags and periods once per distinct value through the very functions the
row validator uses (and their memo), lengths, phone numbers, amounts and counts by patterns that accept only what
the row validator accepts. A row every column clears is valid, with its stored values computed in bulk; any other
row — a bad check character, a lower-case or full-width code, a blank, a comma in an amount, a checksum exemption
— goes to `UnitRowValidator.check`, so its errors (Chinese, naming row and column) are the row validator's own.
The duplicate check then runs over the valid rows in file order, exactly as `validate` does row by row. Tests
(tests/domain/test_unit_chunks.py) compare both paths on messy rows with hypothesis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import polars as pl

from shuangsuiji.domain import uscc
from shuangsuiji.domain.imports.columns import RowError
from shuangsuiji.domain.imports.units import (
    _PERIOD,
    _TEXT_LIMITS,
    UNIT_FIELDS,
    Outcome,
    UnitRow,
    _check_industry,
    _check_tags,
    duplicate_message,
    period_message,
)
from shuangsuiji.domain.tabular import RowChunk

if TYPE_CHECKING:
    from shuangsuiji.domain.imports.units import UnitRowValidator

# Columns of a valid chunk: the stored values (UnitRow's fields), revenue as its decimal text with two places.
STORED: tuple[str, ...] = (*UNIT_FIELDS, "industry_section", "industry_division")
SCHEMA: dict[str, Any] = {
    **dict.fromkeys(STORED, pl.String),
    "employees": pl.Int64,
    "row": pl.Int64,
}

# What the row validator accepts for sure (anything else is left to it): same character class as _PHONE; amounts
# with at most two decimals and no leading zero (their text is then Decimal's, once padded to two places).
_PHONE_FAST = r"^[0-9+\-() 转/、,，]{3,40}$"
_REVENUE_FAST = r"^(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$"
_EMPLOYEES_FAST = r"^(0|[1-9][0-9]{0,8})$"

_LOOKUP = np.full(256, -1, dtype=np.int64)
for _value, _char in enumerate(uscc.CHARSET):
    _LOOKUP[ord(_char)] = _value
_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)


@dataclass(slots=True)
class UnitChunk:
    """Valid rows as columns (SCHEMA), in file order."""

    frame: pl.DataFrame

    def __len__(self) -> int:
        return self.frame.height

    def rows(self) -> list[UnitRow]:
        """The same rows as UnitRow tuples (for the paths that compare with what is stored)."""
        revenue = STORED.index("revenue")
        out = []
        for values in self.frame.select(*STORED, "row").iter_rows():
            listed = list(values)
            if listed[revenue] is not None:
                listed[revenue] = Decimal(listed[revenue])
            out.append(UnitRow(*listed))
        return out

    @staticmethod
    def of_rows(rows: list[UnitRow]) -> UnitChunk:
        columns: dict[str, list[Any]] = {key: [] for key in (*STORED, "row")}
        for row in rows:
            for key, value in zip(columns, row, strict=True):
                columns[key].append(str(value) if key == "revenue" and value is not None else value)
        return UnitChunk(pl.DataFrame(columns, schema=SCHEMA))


@dataclass(slots=True)
class ValidatedChunk:
    """The valid rows of a chunk, and (row number, cells, errors) of the others in file order."""

    valid: UnitChunk
    errors: list[tuple[int, list[str], list[RowError]]]


def validate_chunk(validator: UnitRowValidator, chunk: RowChunk) -> ValidatedChunk:
    frame = chunk.frame
    height = frame.height
    raw = [
        frame.get_column(str(i)) if 0 <= i < frame.width else pl.Series(str(i), [""] * height, dtype=pl.String)
        for i in validator._index
    ]
    ok = _uscc_ok(raw[0])
    name_length = raw[1].str.len_chars().to_numpy()
    ok &= (name_length >= 1) & (name_length <= 200)
    region, region_ok = _mapped(validator, "region_code", raw[2], validator._check_region)
    ok &= region_ok
    industry, industry_ok = _mapped(validator, "industry_code", raw[3], _check_industry, parts=3)
    ok &= industry_ok
    coded: dict[str, pl.Series] = {}
    for index, key, check in validator._vocab_checks:
        coded[key], vocab_ok = _mapped(validator, key, raw[index], check)
        ok &= vocab_ok
    coded["tags"], tags_ok = _mapped(validator, "tags", raw[16], _check_tags)
    ok &= tags_ok
    _, period_ok = _mapped(validator, "indicator_period", raw[13], _check_period)
    ok &= period_ok
    ok &= _empty_or(raw[9], _PHONE_FAST)
    ok &= _empty_or(raw[11], _REVENUE_FAST)
    ok &= _empty_or(raw[12], _EMPLOYEES_FAST)
    for index, _, limit in _TEXT_LIMITS:
        ok &= raw[index].str.len_chars().to_numpy() <= limit
    numbers = pl.Series("row", chunk.numbers, dtype=pl.Int64)
    revenue_text = raw[11]
    revenue = (
        pl.select(
            pl.when(revenue_text == "")
            .then(None)
            .when(revenue_text.str.contains(r"\.[0-9][0-9]$"))
            .then(revenue_text)
            .when(revenue_text.str.contains(r"\.[0-9]$"))
            .then(revenue_text + "0")
            .otherwise(revenue_text + ".00")
        )
        .to_series()
        .alias("revenue")
    )
    employees = raw[12].replace("", None).cast(pl.Int64, strict=False).alias("employees")
    code4, section, division = industry
    columns = {
        "uscc": raw[0],
        "name": raw[1],
        "region_code": region,
        "industry_code": code4,
        "size_class": coded["size_class"],
        "scale_category": coded["scale_category"],
        "registration_type": raw[6],
        "legal_representative": raw[7],
        "contact_person": raw[8],
        "phone": raw[9],
        "address": raw[10],
        "revenue": revenue,
        "employees": employees,
        "indicator_period": raw[13],
        "risk_class": coded["risk_class"],
        "growth_band": coded["growth_band"],
        "tags": coded["tags"],
        "status": coded["status"],
        "checksum_exempt_reason": raw[18],
        "industry_section": section,
        "industry_division": division,
        "row": numbers,
    }
    fast = pl.DataFrame([s.alias(k) for k, s in columns.items()]).cast(SCHEMA).filter(pl.Series(ok))  # type: ignore[arg-type]
    # The rows a column could not clear: the row validator decides, with its own messages.
    slow_valid: list[UnitRow] = []
    errors: list[tuple[int, list[str], list[RowError]]] = []
    for index in np.flatnonzero(~ok).tolist():
        number, cells = chunk.numbers[index], chunk.cells(index)
        checked = validator.check(number, cells)
        if isinstance(checked, UnitRow):
            slow_valid.append(checked)
        else:
            errors.append((number, cells, [RowError(number, validator.name_of(k), m) for k, m in checked]))
    valid = fast
    if slow_valid:
        valid = pl.concat([fast, UnitChunk.of_rows(slow_valid).frame]).sort("row")
    valid, duplicates = _without_duplicates(validator, valid)
    if duplicates:
        position = {n: i for i, n in enumerate(chunk.numbers)}
        for number, message in duplicates:
            cells = chunk.cells(position[number])
            errors.append((number, cells, [RowError(number, validator.name_of("uscc"), message)]))
        errors.sort(key=lambda e: e[0])
    return ValidatedChunk(UnitChunk(valid), errors)


def _without_duplicates(validator: UnitRowValidator, valid: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """`validate`'s duplicate check over the valid rows in file order: the first row of a code wins."""
    seen = validator.seen
    codes, numbers = valid["uscc"].to_list(), valid["row"].to_list()
    if len(set(codes)) == len(codes) and seen.keys().isdisjoint(codes):
        seen.update(zip(codes, numbers, strict=True))  # no code seen twice: every row is its code's first
        return valid, []
    duplicates: list[tuple[int, str]] = []
    for code, number in zip(codes, numbers, strict=True):
        first = seen.setdefault(code, number)
        if first != number:
            duplicates.append((number, duplicate_message(code, first)))
    if duplicates:
        valid = valid.filter(~pl.col("row").is_in([n for n, _ in duplicates]))
    return valid, duplicates


def _uscc_ok(codes: pl.Series) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Codes already in their normalised form (18 characters of the GB 32100 set, digits in positions 3-8) whose
    check character is right; everything else (including exemptions) is the row validator's to judge."""
    candidate = ((codes.str.len_bytes() == 18) & (codes.str.len_chars() == 18)).fill_null(False).to_numpy()
    ok = np.zeros(len(codes), dtype=bool)
    picked = codes.filter(pl.Series(candidate))
    if not len(picked):
        return ok
    text = picked.str.join("").item()
    chars = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    values = _LOOKUP[chars]
    good = (values >= 0).all(axis=1) & ((chars[:, 2:8] >= 48) & (chars[:, 2:8] <= 57)).all(axis=1)
    total = (np.where(values[:, :17] >= 0, values[:, :17], 0) * _WEIGHTS).sum(axis=1)
    good &= values[:, 17] == (31 - total % 31) % 31
    ok[np.flatnonzero(candidate)] = good
    return ok


def _empty_or(column: pl.Series, pattern: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return ((column == "") | column.str.contains(pattern)).fill_null(False).to_numpy()


def _check_period(text: str) -> Outcome:
    if text and not _PERIOD.match(text):
        return text, period_message(text)
    return text, None


def _mapped(
    validator: UnitRowValidator, field: str, column: pl.Series, check: Any, parts: int = 1
) -> tuple[Any, np.ndarray[Any, np.dtype[np.bool_]]]:
    """Each distinct value checked once by the row validator's own function (through its memo), then mapped back
    to the column: the stored value(s), and whether the value is good."""
    distinct = column.unique().sort()
    position = (column.rank("dense").cast(pl.Int64) - 1).to_numpy()  # each value's place in `distinct`
    outcomes = [validator._cached(field, key, check) for key in distinct.to_list()]
    good = np.array([problem is None for _, problem in outcomes], dtype=bool)
    if parts == 1:
        stored = pl.Series([str(value) for value, _ in outcomes], dtype=pl.String)
        return stored.gather(position), good[position]
    mapped = tuple(
        pl.Series([str(cast(tuple[str, ...], value)[part]) for value, _ in outcomes], dtype=pl.String).gather(position)
        for part in range(parts)
    )
    return mapped, good[position]


def fingerprints(bureau_ids: pl.Series, frame: pl.DataFrame) -> pl.Series:
    """`units.fingerprint(bureau_id, row.values())` of every row of a valid chunk (the same digests)."""
    texts = pl.select(
        pl.concat_str(
            [
                bureau_ids.cast(pl.String),
                pl.lit("\x1e"),
                pl.concat_str(
                    [frame[key].cast(pl.String).fill_null("") for key in UNIT_FIELDS],
                    separator="\x1f",
                ),
            ]
        )
    ).to_series()
    blake2b = hashlib.blake2b
    return pl.Series(
        "row_hash",
        [blake2b(text, digest_size=8).hexdigest() for text in texts.cast(pl.Binary).to_list()],
        dtype=pl.String,
    )
