"""`iter_chunks` gives the rows `Table.rows` gives — numbers and cells — for plain files (read in bulk) and for
everything else (quotes, line breaks in cells, GBK, lone carriage returns: the csv module)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangsuiji.domain import tabular
from shuangsuiji.domain.tabular import iter_chunks, open_table

HEADER = ["统一社会信用代码", "单位名称", "区划代码", "行业代码"]
PLAIN = st.text(
    alphabet=st.sampled_from([*"09AZaz-.、|;", " ", "\t", "\u3000", "\x1c", "\xa0", "好", "煤"]), max_size=8
)
ANY = st.text(alphabet=st.sampled_from([*"09Az,\"'", " ", "\r", "\n", "\u3000", "好"]), max_size=8)


def by_rows(path: Path) -> list[tuple[int, list[str]]]:
    table = open_table(path, HEADER)
    return [(n, cells) for n, cells in table.rows if any(cells)]


def by_chunks(path: Path, size: int) -> list[tuple[int, list[str]]]:
    table = open_table(path, HEADER)
    out = []
    for chunk in iter_chunks(table, size):
        width = len(table.headers)
        frame_rows = chunk.frame.rows()
        for i, number in enumerate(chunk.numbers):
            cells = chunk.cells(i)
            assert list(frame_rows[i]) == (cells + [""] * width)[:width]
            out.append((number, cells))
    return out


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "_BLOCK_BYTES", 64)  # many blocks, cut anywhere


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(PLAIN, min_size=0, max_size=6), min_size=0, max_size=25),
    crlf=st.booleans(),
    bom=st.booleans(),
    title=st.booleans(),
    final_newline=st.booleans(),
    size=st.integers(1, 10),
)
def test_plain_files_read_in_bulk_give_the_same_rows(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    crlf: bool,
    bom: bool,
    title: bool,
    final_newline: bool,
    size: int,
) -> None:
    end = "\r\n" if crlf else "\n"
    lines = (["名录库导出"] if title else []) + [",".join(HEADER)] + [",".join(r) for r in rows]
    text = end.join(lines) + (end if final_newline else "")
    path = tmp_path_factory.mktemp("plain") / "u.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    assert tabular._plain_csv(open_table(path, HEADER)), "read in bulk, not by the csv module"
    assert by_chunks(path, size) == by_rows(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(ANY, min_size=0, max_size=6), min_size=0, max_size=15),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
)
def test_other_files_give_the_same_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], encoding: str
) -> None:
    path = tmp_path_factory.mktemp("any") / "u.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    assert by_chunks(path, 4) == by_rows(path)


def test_a_lone_carriage_return_ends_a_row_as_the_csv_module_says(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\na,b\rc,d\n\ne,f\n")
    assert by_chunks(path, 10) == by_rows(path) == [(2, ["a", "b"]), (3, ["c", "d"]), (5, ["e", "f"])]


def test_bad_utf8_in_a_plain_file_is_refused_with_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + b"a,b\n" * 30000 + b"x,\xff\xfe\n")
    with pytest.raises(tabular.TableError, match="第30002行附近有无法按 utf-8 解码"):
        by_chunks(path, 10)
    with pytest.raises(tabular.TableError, match="无法按 utf-8 解码"):
        by_rows(path)
