"""The column-at-once import and the row-by-row import write the same units and report the same errors; a big
first load (indexes dropped and rebuilt on PostgreSQL) leaves the table's indexes and constraints as they were,
and a rejected one leaves nothing."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.demo.generator import Area, unit_rows
from shuangsuiji.directory.models import Unit
from shuangsuiji.directory.services import import_units
from shuangsuiji.directory.services import imports as unit_imports
from shuangsuiji.domain.imports.units import UNIT_COLUMNS, UNIT_FIELDS, UnitRowValidator
from tests.domain.test_unit_chunks import messy_row

HEADERS = [c.header for c in UNIT_COLUMNS]


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def stored() -> list[tuple[Any, ...]]:
    return list(Unit.objects.order_by("uscc").values_list(*UNIT_FIELDS, "bureau_id", "row_hash", "is_in_directory"))


def run(world: Any, path: Path, **options: Any) -> Any:
    return import_units(actor=None, bureau=world.county, path=path, options=ImportOptions(**options))


def both_ways(world: Any, monkeypatch: pytest.MonkeyPatch, path: Path, **options: Any) -> tuple[Any, Any]:
    """(report, units) through the chunked path, then through the row-by-row path on an empty table again."""
    chunked = run(world, path, **options)
    chunked_units = stored()
    Unit.objects.all().delete()
    with monkeypatch.context() as patch:
        patch.delattr(UnitRowValidator, "validate_chunk")
        rowwise = run(world, path, **options)
    assert stored() == chunked_units
    return chunked, rowwise


def outcome(report: Any) -> tuple[Any, ...]:
    return (
        report.rows_total,
        report.created,
        report.updated,
        report.unchanged,
        report.error_count,
        [(e.row, e.column, e.message) for e in report.errors],
        report.written,
        [(p["row"], p["action"], p["code"]) for p in report.preview],
    )


def clean_rows(count: int) -> list[list[str]]:
    area = Area("140522", "阳城县", [("140522100000", "凤城镇"), ("140522101000", "北留镇")])
    return list(unit_rows(area, count, seed=4))


def test_messy_rows_give_the_same_report_and_units_both_ways(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    codes: list[str] = []
    rows = [messy_row(rng, codes) for _ in range(300)]
    for row in rows:
        if row[2] in ("140522100201", "140522101000") and rng.random() < 0.3:
            row[2] = "140581100001"  # another county's bureau: outside the import
    path = write(tmp_path / "messy.csv", rows)
    rejected_a, rejected_b = tmp_path / "a.csv", tmp_path / "b.csv"
    chunked = run(world, path, skip_invalid=True, rejected_path=rejected_a)
    units = stored()
    Unit.objects.all().delete()
    with monkeypatch.context() as patch:
        patch.delattr(UnitRowValidator, "validate_chunk")
        rowwise = run(world, path, skip_invalid=True, rejected_path=rejected_b)
    assert stored() == units and units
    assert outcome(chunked) == outcome(rowwise)
    assert chunked.error_count > 0
    assert rejected_a.read_text(encoding="utf-8-sig") == rejected_b.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_rejected_file_reports_the_same_errors_both_ways(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    rows = clean_rows(40)
    rows[5][0] = rows[5][0][:17] + ("0" if rows[5][0][17] != "0" else "1")
    rows[9][0] = rows[3][0]
    rows[12][0] = rows[12][0].lower()
    rows[20][3] = "9999"
    path = write(tmp_path / "bad.csv", rows, encoding)
    chunked, rowwise = both_ways(world, monkeypatch, path)
    assert outcome(chunked) == outcome(rowwise)
    assert not chunked.written and Unit.objects.count() == 0
    assert [e.row for e in chunked.errors] == [7, 11, 22]


def test_dry_run_and_reimport_agree_both_ways(world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "u.csv", clean_rows(30))
    chunked, rowwise = both_ways(world, monkeypatch, path, dry_run=True)
    assert outcome(chunked) == outcome(rowwise) and chunked.created == 30
    run(world, path)
    again = run(world, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)


def _schema() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'directory_unit'")
            found = set(cursor.fetchall())
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'directory_unit'::regclass"
            )
            return found | set(cursor.fetchall())
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'directory_unit'")
        return set(cursor.fetchall())


def test_a_big_first_load_rebuilds_the_indexes_it_dropped(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unit_imports, "BULK_LOAD_MIN_ROWS", 10)
    monkeypatch.setattr(unit_imports, "ANALYZE_MIN_ROWS", 10)
    before = _schema()
    rows = clean_rows(50)
    bad = [r[:] for r in rows]
    bad[30][1] = ""
    report = run(world, write(tmp_path / "bad.csv", bad))
    assert not report.written and Unit.objects.count() == 0 and _schema() == before
    report = run(world, write(tmp_path / "good.csv", rows))
    assert report.created == 50 and Unit.objects.count() == 50
    assert _schema() == before
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'directory_unit'")
            assert cursor.fetchone()[0] == 50, "ANALYZE ran"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_reimport_with_changes_and_errors_previews_the_same_both_ways(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    from shuangsuiji.core import imports as engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 7)
    monkeypatch.setattr(engine, "COLUMN_CHUNK_ROWS", 10)
    monkeypatch.setattr(unit_imports, "CHUNK_ROWS", 7)
    rows = clean_rows(80)
    run(world, write(tmp_path / "first.csv", rows[:50]))
    changed = [r[:] for r in rows]
    for i in range(0, 80, 3):
        changed[i][14] = "D"
    for i in (4, 17, 33, 61):
        changed[i][3] = "06X0"
    path = write(tmp_path / "second.csv", changed, encoding)
    chunked = run(world, path, dry_run=True)
    with monkeypatch.context() as patch:
        patch.delattr(UnitRowValidator, "validate_chunk")
        rowwise = run(world, path, dry_run=True)
    assert outcome(chunked) == outcome(rowwise)
    assert chunked.updated and chunked.created and chunked.unchanged and chunked.error_count == 4
    chunked = run(world, path, skip_invalid=True)
    assert (chunked.created, chunked.updated, chunked.error_count) == (rowwise.created, rowwise.updated, 4)
