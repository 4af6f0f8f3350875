"""Import of 1,000,000 unit rows from CSV into SQLite and into PostgreSQL.

Prints rows/s of `shuangsuiji import units` (the real service: read, validate every row — USCC check character,
region, industry, vocabularies, duplicates — and write) and, in the same run on the same database, a bare load of
the same file: csv.reader + COPY (PostgreSQL) or executemany (SQLite) into a copy of the same table with the same
indexes, no validation. Target: ≥ 50,000 rows/s on PostgreSQL and within 3× of the bare load.

Options: --rows N (default 1000000), --sqlite-only, --pg-only. Environment: BENCH_PG_URL (the server's admin URL),
BENCH_DB_PREFIX (names of the databases the benchmarks drop and create; default ss_bench).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Engineers share one PostgreSQL server: BENCH_DB_PREFIX=ss_me makes the databases ss_me_import, ss_me_list, …
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "ss_bench")


def pg_database_name(name: str) -> str:
    """`ss_bench_import` under the default prefix, `<BENCH_DB_PREFIX>_import` otherwise."""
    return DB_PREFIX + "_" + name.removeprefix("ss_bench_")


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + pg_database_name(name)


def _option(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def make_csv(rows: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"units-{rows}.csv"
    if path.exists():
        return path
    code = (
        f"import os,sys; sys.path.insert(0, {str(HERE.parent)!r}); "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings'); import django; django.setup(); "
        "from shuangsuiji.demo.province import write_province_csv; from pathlib import Path; "
        f"write_province_csv(Path({str(path)!r}), {rows})"
    )
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(OUT / "gen-var")}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return path


def run_worker(database_url: str | None, csv_path: Path, label: str) -> dict[str, float]:
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(OUT / f"var-{label}")}
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        db = OUT / f"var-{label}" / "db.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, str(HERE / "_import_worker.py"), str(csv_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"{label} worker failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def recreate_pg_database(name: str) -> str:
    import psycopg

    name = pg_database_name(name)
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def report(label: str, figures: dict[str, float]) -> None:
    rows = figures["rows"]
    ours, bare = figures["import_seconds"], figures["bare_seconds"]
    print(
        f"{label:<11} import {rows:,.0f} rows in {ours:6.1f}s = {rows / ours:9,.0f} rows/s | bare load "
        f"{bare:6.1f}s = {rows / bare:9,.0f} rows/s | ratio {ours / bare:4.2f}× | peak RSS {figures['peak_mb']:.0f} MB"
        f" | re-import unchanged {figures['reimport_seconds']:.1f}s"
    )


def main(argv: list[str]) -> None:
    rows = int(_option(argv, "rows", "1000000"))
    csv_path = make_csv(rows)
    print(f"file: {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB, {rows:,} rows)")
    if "--pg-only" not in argv:
        report("SQLite", run_worker(None, csv_path, "sqlite"))
    if "--sqlite-only" not in argv:
        report("PostgreSQL", run_worker(recreate_pg_database("ss_bench_import"), csv_path, "pg"))
    print("targets: ≥ 50,000 rows/s on PostgreSQL; ratio ≤ 3× the bare load")
