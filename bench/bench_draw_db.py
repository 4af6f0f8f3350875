"""Committing and revealing a task over the 1,000,000-unit province, with the frame built from the database,
against `shuangsuiji draw run` on the same frame as a CSV (measured in the same run).

Target: within 2x of the file-based draw (printed per step and for both); memory bounded the same way (peak RSS printed).
Options: --rows N (default 1000000), --sqlite (default PostgreSQL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_import import OUT, _option, make_csv, recreate_pg_database  # noqa: E402

PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0]


def main(argv: list[str]) -> None:
    rows = int(_option(argv, "rows", "1000000"))
    csv_path = make_csv(rows)
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(OUT / "var-drawdb")}
    if "--sqlite" in argv:
        env.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm"):
            Path(str(OUT / "var-drawdb" / "db.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        env["DATABASE_URL"] = recreate_pg_database("ss_bench_drawdb")
    result = subprocess.run(
        [sys.executable, str(HERE / "_drawdb_worker.py"), str(csv_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit("worker failed")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    kit = Path(figures["kit"])
    started = __import__("time").perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "shuangsuiji.cli",
            "draw",
            "run",
            "--frame",
            str(kit / "frame.csv"),
            "--params",
            str(kit / "params.json"),
            "--draw-id",
            figures["draw_id"] + "-FILE",
            "--seed-input",
            "dice=31415926535897932384",
            "--inspectors",
            str(kit / "inspectors.csv"),
            "--out",
            str(kit / "file-result.json"),
        ],
        check=True,
        cwd=HERE.parent,
        capture_output=True,
    )
    file_seconds = __import__("time").perf_counter() - started
    platform = figures["commit_seconds"] + figures["reveal_seconds"]
    print(f"frame from the database: {figures['frame_count']:,} units, {figures['targets']:,} targets")
    commit, reveal = figures["commit_seconds"], figures["reveal_seconds"]
    print(f"draw run on the same frame (a CSV): {file_seconds:.2f}s")
    print(f"commit {commit:.2f}s = {commit / file_seconds:.2f}x | reveal {reveal:.2f}s = {reveal / file_seconds:.2f}x")
    print(
        f"commit + reveal {platform:.2f}s = {platform / file_seconds:.2f}x the file-based draw "
        f"(peak RSS {figures['peak_mb']:.0f} MB; target <= 2x)"
    )
