"""The unit list page on the 1,000,000-unit province: 200 requests, filtered and paged, as a province user and
as a county user. Prints the median and p95 server time (in-process, through Django's full request stack with
session auth and templates) and the number of queries per page, which must be the same on every page.

Baseline in the same run: a trivial page (the health check) through the same stack.
Target: p95 under 150 ms, with a fixed number of queries per page.

Options: --rows N (default 1000000), --sqlite-only, --pg-only, --requests N (default 200).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_import import OUT, _option, make_csv, pg_url, recreate_pg_database  # noqa: E402


def run_worker(database_url: str | None, csv_path: Path, label: str, requests: int) -> dict[str, object]:
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(OUT / f"var-list-{label}")}
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(HERE / "_list_worker.py"), str(csv_path), str(requests)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{label} worker failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(label: str, figures: dict) -> None:
    for who, stats in figures["personas"].items():
        print(
            f"{label:<11} {who:<9} median {stats['median_ms']:6.1f} ms | p95 {stats['p95_ms']:6.1f} ms | "
            f"max {stats['max_ms']:6.1f} ms | queries per page {stats['queries']} | trivial page median "
            f"{figures['trivial_median_ms']:.1f} ms"
        )


def main(argv: list[str]) -> None:
    rows = int(_option(argv, "rows", "1000000"))
    requests = int(_option(argv, "requests", "200"))
    csv_path = make_csv(rows)
    if "--pg-only" not in argv:
        report("SQLite", run_worker(None, csv_path, "sqlite", requests))
    if "--sqlite-only" not in argv:
        url = PG_URL_FOR_LIST if _pg_loaded(rows) else recreate_pg_database("ss_bench_list")
        report("PostgreSQL", run_worker(url, csv_path, "pg", requests))
    print("target: p95 < 150 ms with a fixed number of queries per page")


PG_URL_FOR_LIST = pg_url("ss_bench_list")


def _pg_loaded(rows: int) -> bool:
    import psycopg

    try:
        with psycopg.connect(PG_URL_FOR_LIST) as conn:
            count = conn.execute("SELECT count(*) FROM directory_unit").fetchone()
            return bool(count and count[0] >= rows)
    except psycopg.Error:
        return False
