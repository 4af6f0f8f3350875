"""The monthly forms (附件1, 附件2) and the annual statistics on the 1,000,000-unit province with a year of
generated inspections (5% of the units, each with an accepted result dated in one of the 12 months): one
county's forms and the province's summed forms, with the .xlsx export. Prints the times (issue 6 sets no
ratio target for them).

Options: --rows N (default 1000000), --share F (default 0.05), --sqlite (default PostgreSQL).
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


def main(argv: list[str]) -> None:
    rows = int(_option(argv, "rows", "1000000"))
    share = _option(argv, "share", "0.05")
    csv_path = make_csv(rows)
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(OUT / "var-reports")}
    if "--sqlite" in argv:
        env.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm"):
            Path(str(OUT / "var-reports" / "db.sqlite3") + suffix).unlink(missing_ok=True)
        label = "SQLite"
    else:
        env["DATABASE_URL"] = recreate_pg_database("ss_bench_reports")
        label = "PostgreSQL"
    result = subprocess.run(
        [sys.executable, str(HERE / "_reports_worker.py"), str(csv_path), share],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit("reports worker failed")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{label}: {rows:,} units, {figures['inspections']:,} inspections in the year (peak RSS {figures['peak_mb']:.0f} MB)"
    )
    for who, name in (("county", figures["county"]), ("province", "全省合计")):
        print(
            f"  {name:<10} monthly forms {figures[f'{who}_form']:6.2f}s | xlsx {figures[f'{who}_xlsx']:5.2f}s | "
            f"annual statistics {figures[f'{who}_annual']:6.2f}s | month's units {figures[f'{who}_units']:,.0f}, "
            f"year to date {figures[f'{who}_cumulative']:,.0f}"
        )
