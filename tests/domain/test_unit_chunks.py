"""The column-at-once path of the unit import agrees with the row validator on every row: the same rows valid
with the same stored values, the same errors (row, column, Chinese message) in the same order, the same
duplicates, the same fingerprints."""

from __future__ import annotations

import random
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangsuiji.domain import uscc
from shuangsuiji.domain.imports.columns import map_headers
from shuangsuiji.domain.imports.unit_chunks import UnitChunk, fingerprints
from shuangsuiji.domain.imports.units import UNIT_COLUMNS, UnitRow, UnitRowValidator, fingerprint
from shuangsuiji.domain.tabular import PY_WHITESPACE, _chunk_of_rows

HEADERS = [c.header for c in UNIT_COLUMNS]
KNOWN_REGIONS = {"140522", "140522100000", "140522101000", "140521", "140521100000"}


def known(code: str) -> bool:
    return code in KNOWN_REGIONS or (len(code) == 12 and code[:9] + "000" in KNOWN_REGIONS)


def validator(headers: list[str] = HEADERS) -> UnitRowValidator:
    return UnitRowValidator(map_headers(headers, UNIT_COLUMNS), known, lambda code: code.startswith("1405"))


def good_code(rng: random.Random, county: str = "140522") -> str:
    first = rng.choice("95") + rng.choice("12") + county + "".join(rng.choice(uscc.CHARSET) for _ in range(9))
    return uscc.with_check_character(first)


def messy_code(rng: random.Random) -> str:
    code = good_code(rng)
    kind = rng.randrange(16)
    if kind == 0:  # a wrong check character
        return code[:17] + next(c for c in uscc.CHARSET if c != code[17])
    if kind == 1:
        return code.lower()
    if kind == 2:  # full-width
        return code.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"})
    if kind == 3:
        return code[:9] + " " + code[9:]
    if kind == 4:
        return code[:17]
    if kind == 5:
        return ""
    if kind == 6:
        return code[:5] + "I" + code[6:]
    if kind == 7:
        return code[:3] + "A" + code[4:]  # a letter among the region digits
    return code


CHOICES: dict[str, list[str]] = {
    "name": ["阳城县晋阳煤业有限公司", "", "甲" * 200, "乙" * 201, "ｘ公司"],
    "region_code": [
        "140522100201",
        "140522101000",
        "140522",
        "140522999001",
        "14052",
        "140581100001",
        "",
        "1405221002.0",
    ],
    "industry_code": ["0610", "C1311", "c1311", "06X0", "9999", "F0610", "", "1 311", "B0610"],
    "size_class": ["", "中型", "大型", "M", "微", "巨型", "xs"],
    "scale_category": ["", "规上工业", "限上零售", "IND", "规模以下", "无", "svc"],
    "registration_type": ["", "有限责任公司", "个" * 61],
    "legal_representative": ["", "张三", "李" * 61],
    "contact_person": ["", "王五"],
    "phone": ["", "13912345678", "0356-1234567", "12", "电话号码", "0356-123 转 8", "1" * 41],
    "address": ["", "山西省晋城市阳城县凤城镇", "路" * 301],
    "revenue": ["", "123", "56963.81", "0.5", "0", "1,234.5", "-5", "abc", "007.5", "1.234", "99999999999999", "1e3"],
    "employees": ["", "0", "120", "120.0", "1,200", "-1", "x", "007", "１２"],
    "indicator_period": ["", "2025", "2025-10", "2025-Q3", "2025-H1", "2025-13", "25", "２０２５"],
    "risk_class": ["", "A", "b", "D", "高风险", "E"],
    "growth_band": ["", "G1", "g2", "下降", "G9"],
    "tags": ["", "重点企业", "重点企业、园区企业", "重点企业;重点企业", "长" * 21, "|".join(["标签"] * 80)],
    "status": ["", "在营", "停业", "存续", "倒闭", "operating"],
    "checksum_exempt_reason": ["", "", "", "2015年试点地区赋码", "因" * 201],
}


def messy_row(rng: random.Random, codes: list[str]) -> list[str]:
    """Mostly good values (the first two of each list are good), a bad or odd one now and then."""
    row = []
    for column in UNIT_COLUMNS:
        if column.key == "uscc":
            value = rng.choice(codes) if codes and rng.random() < 0.1 else messy_code(rng)
            codes.append(value)
        else:
            options = CHOICES[column.key]
            good = [options[0], options[4]] if column.key == "name" else options[:2]
            value = rng.choice(good) if rng.random() < 0.93 else rng.choice(options)
        row.append(value)
    return row


def row_by_row(rows: list[list[str]], numbers: list[int], headers: list[str] = HEADERS) -> tuple[Any, Any]:
    v = validator(headers)
    valid, errors = [], []
    for number, cells in zip(numbers, rows, strict=True):
        outcome = v.validate(number, cells)
        if isinstance(outcome, UnitRow):
            valid.append(outcome)
        else:
            errors.append((number, cells, outcome))
    return valid, errors


def by_chunks(rows: list[list[str]], numbers: list[int], size: int, headers: list[str] = HEADERS) -> tuple[Any, Any]:
    v = validator(headers)
    valid, errors = [], []
    for start in range(0, len(rows), size):
        chunk = _chunk_of_rows(numbers[start : start + size], rows[start : start + size], len(headers))
        checked = v.validate_chunk(chunk)
        valid += checked.valid.rows()
        errors += checked.errors
    return valid, errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), count=st.integers(1, 120), size=st.integers(1, 50))
def test_chunks_and_rows_agree_on_messy_rows(seed: int, count: int, size: int) -> None:
    rng = random.Random(seed)
    codes: list[str] = []
    rows = [messy_row(rng, codes) for _ in range(count)]
    numbers = list(range(2, count + 2))
    assert by_chunks(rows, numbers, size) == row_by_row(rows, numbers)


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from([*"09AZaz-.,、 |", "\u3000", "１", "Ｑ", "\x1c", "好"]), max_size=20),
            min_size=0,
            max_size=len(HEADERS) + 2,
        ),
        min_size=1,
        max_size=30,
    )
)
def test_chunks_and_rows_agree_on_arbitrary_text_and_ragged_rows(cells: list[list[str]]) -> None:
    rows = [[c.strip(PY_WHITESPACE) for c in row] for row in cells]
    rows = [row for row in rows if any(row)]
    numbers = list(range(2, len(rows) + 2))
    assert by_chunks(rows, numbers, 7) == row_by_row(rows, numbers)


def test_a_file_with_few_columns_in_another_order_agrees() -> None:
    headers = ["单位名称", "行业代码", "区划代码", "社会信用代码", "备注"]
    rng = random.Random(3)
    rows = [["某公司", "0610", "140522100201", good_code(rng), "x"] for _ in range(20)]
    rows += [["某公司", "0610", "140522100201", rows[0][3], ""], ["", "", "", "", "y"]]
    numbers = list(range(5, 5 + len(rows)))
    valid, errors = by_chunks(rows, numbers, 8, headers)
    assert (valid, errors) == row_by_row(rows, numbers, headers)
    assert len(valid) == 20 and [e[0] for e in errors] == [25, 26]
    assert "第5行已出现" in errors[0][2][0].message


def test_a_code_first_seen_in_an_earlier_chunk_is_a_duplicate_later() -> None:
    rng = random.Random(5)
    code = good_code(rng)
    rows = [[code, "甲公司", "140522100201", "0610"] + [""] * 15 for _ in range(3)]
    valid, errors = by_chunks(rows, [2, 3, 4], 1)
    assert [r.row for r in valid] == [2]
    assert [(e[0], e[2][0].column) for e in errors] == [(3, "统一社会信用代码"), (4, "统一社会信用代码")]


def test_stored_values_of_the_fast_path() -> None:
    rng = random.Random(9)
    code = good_code(rng)
    row = [code, "甲公司", "140522100201", "C1311", "中型", "规上工业", "", "", "", "13912345678", "", "12.5", "7"]
    row += ["2025", "d", "G2", "重点企业、园区企业", "停业", ""]
    (unit,), errors = by_chunks([row], [2], 10)
    assert errors == []
    assert (unit.industry_code, unit.industry_section, unit.industry_division) == ("1311", "C", "13")
    assert (str(unit.revenue), unit.employees, unit.risk_class, unit.status) == ("12.50", 7, "D", "SUSPENDED")
    assert unit.tags == "|重点企业|园区企业|"


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 60))
def test_fingerprints_of_a_chunk_are_the_row_fingerprints(seed: int, count: int) -> None:
    rng = random.Random(seed)
    codes: list[str] = []
    rows = [messy_row(rng, codes) for _ in range(count)]
    v = validator()
    chunk = v.validate_chunk(_chunk_of_rows(list(range(2, count + 2)), rows, len(HEADERS))).valid
    bureaus = pl.Series([rng.randrange(1, 5) for _ in range(len(chunk))], dtype=pl.Int64)
    expected = [fingerprint(b, row.values()) for b, row in zip(bureaus.to_list(), chunk.rows(), strict=True)]
    assert fingerprints(bureaus, chunk.frame).to_list() == expected
    assert UnitChunk.of_rows(chunk.rows()).frame.equals(chunk.frame)
