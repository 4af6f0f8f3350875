"""Subprocess of bench_import: bare load vs the real import service on one fresh database; prints JSON."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from _worker import peak_rss_mb, setup_database


def bare_load(path: Path) -> float:
    """csv.reader + COPY/executemany of the same rows into a copy of the unit table (same indexes), no checks."""
    from django.db import connection, transaction

    from shuangsuiji.domain import units as vocab
    from shuangsuiji.domain.imports.units import UNIT_FIELDS

    numeric = {"revenue", "employees"}
    columns = list(UNIT_FIELDS)
    # the stored codes of labelled columns (a dict lookup: the least a load must do to fit the columns)
    labels = {
        "scale_category": {v: k for k, v in vocab.SCALE_CATEGORIES.items()},
        "size_class": {v: k for k, v in vocab.SIZE_CLASSES.items()},
        "status": {v: k for k, v in vocab.STATUSES.items()},
    }
    convert = [labels.get(f) for f in columns]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TABLE bench_bare (LIKE directory_unit INCLUDING ALL)")
            cursor.execute("ALTER TABLE bench_bare ALTER COLUMN bureau_id DROP NOT NULL")
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'directory_unit' AND sql IS NOT NULL")
            for (sql,) in cursor.fetchall():
                sql = sql.replace('"directory_unit"', '"bench_bare"')
                sql = sql.replace('CREATE INDEX "', 'CREATE INDEX "bare_').replace(
                    'CREATE UNIQUE INDEX "', 'CREATE UNIQUE INDEX "bare_'
                )
                cursor.execute(sql.replace('"bureau_id" bigint NOT NULL', '"bureau_id" bigint NULL'))
    started = time.perf_counter()
    with transaction.atomic(), path.open(encoding="utf-8", newline="") as handle, connection.cursor() as cursor:
        reader = csv.reader(handle)
        next(reader)
        tail = ("C", "13", True, "2026-01-01", "", "", "2026-01-01 00:00:00", "2026-01-01 00:00:00")
        rows = (
            (
                *(
                    None if not v and columns[i] in numeric else table.get(v, v) if table else v
                    for i, (v, table) in enumerate(zip(row, convert, strict=False))
                ),
                *tail,
            )
            for row in reader
        )
        cols = ", ".join(
            [
                *columns,
                "industry_section",
                "industry_division",
                "is_in_directory",
                "entered_on",
                "exit_reason",
                "row_hash",
                "created_at",
                "updated_at",
            ]
        )
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY bench_bare ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * (len(columns) + 8))
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10_000:
                    cursor.executemany(f"INSERT INTO bench_bare ({cols}) VALUES ({placeholders})", batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO bench_bare ({cols}) VALUES ({placeholders})", batch)
    return time.perf_counter() - started


def main() -> None:
    path = Path(sys.argv[1])
    setup_database()
    from shuangsuiji.core.imports import ImportOptions
    from shuangsuiji.demo.loader import _hierarchy
    from shuangsuiji.demo.province import ensure_province_bureaus
    from shuangsuiji.directory.services import import_units

    _hierarchy(lambda m: None)
    province = ensure_province_bureaus()
    bare = bare_load(path)
    started = time.perf_counter()
    report = import_units(actor=None, bureau=province, path=path, options=ImportOptions())
    import_seconds = time.perf_counter() - started
    if report.error_count or not report.written:
        raise SystemExit(f"import rejected rows: {report.errors[:3]} {report.fatal}")
    started = time.perf_counter()
    again = import_units(actor=None, bureau=province, path=path, options=ImportOptions(dry_run=True))
    reimport = time.perf_counter() - started
    assert again.unchanged == report.created
    print(
        json.dumps(
            {
                "rows": report.created,
                "import_seconds": import_seconds,
                "bare_seconds": bare,
                "reimport_seconds": reimport,
                "peak_mb": peak_rss_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
