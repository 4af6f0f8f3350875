"""Subprocess of bench_reports: load the province, generate a year of inspections, time the monthly forms."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from _worker import peak_rss_mb, setup_database


def generate_year(year: int, share: float) -> int:
    """For every county: one task, `share` of its units drawn as random targets, each with an accepted result
    dated in one of the 12 months (about 12% with a problem), inserted in bulk."""
    from shuangsuiji.directory.models import Unit
    from shuangsuiji.inspections.models import Inspection
    from shuangsuiji.organisations.models import Bureau
    from shuangsuiji.tasks.models import Target, Task

    rng = random.Random(7)
    total = 0
    for county in Bureau.objects.filter(level="county").order_by("code"):
        task = Task.objects.create(
            bureau=county,
            number=1,
            year=year,
            name=f"{year}年随机抽查",
            kind=rng.choice(["own", "own", "own", "joint", "assigned"]),
            status=Task.Status.DRAWN,
            adhoc_reason="基准测试",
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            risk_ratios={"A": [3, 100]} if rng.random() < 0.7 else {},
        )
        units = list(Unit.objects.filter(bureau=county).values_list("id", "uscc"))
        chosen = rng.sample(units, max(1, int(len(units) * share))) if units else []
        targets = Target.objects.bulk_create(
            [
                Target(task=task, unit_id=uid, bureau=county, frame_id=uscc, kind="random", state="active")
                for uid, uscc in chosen
            ],
            batch_size=5000,
        )
        Inspection.objects.bulk_create(
            [
                Inspection(
                    bureau=county,
                    task=task,
                    target=t,
                    unit_id=t.unit_id,
                    state="accepted",
                    inspected_on=(day := dt.date(year, rng.randint(1, 12), rng.randint(1, 28))),
                    result_date=day,
                    outcomes=["corrected"] if rng.random() < 0.12 else ["no_problem"],
                )
                for t in targets
            ],
            batch_size=5000,
        )
        total += len(targets)
    return total


def main() -> None:
    path, share = Path(sys.argv[1]), float(sys.argv[2])
    setup_database()
    from shuangsuiji.core.imports import ImportOptions
    from shuangsuiji.demo.loader import _hierarchy
    from shuangsuiji.demo.province import ensure_province_bureaus
    from shuangsuiji.directory.services import import_units
    from shuangsuiji.organisations.models import Bureau
    from shuangsuiji.reports import exports, selectors

    _hierarchy(lambda m: None)
    province = ensure_province_bureaus()
    report = import_units(actor=None, bureau=province, path=path, options=ImportOptions())
    assert report.written, report.errors[:3]
    year = 2026
    inspections = generate_year(year, share)
    county = Bureau.objects.filter(level="county", units__isnull=False).order_by("code").first()
    assert county is not None
    timings: dict[str, float] = {}
    for label, bureau in (("county", county), ("province", province)):
        started = time.perf_counter()
        form = selectors.monthly_form(bureau, year, 6)
        timings[f"{label}_form"] = time.perf_counter() - started
        started = time.perf_counter()
        exports.forms_xlsx(form)
        timings[f"{label}_xlsx"] = time.perf_counter() - started
        started = time.perf_counter()
        selectors.annual_figures(bureau, year)
        timings[f"{label}_annual"] = time.perf_counter() - started
        timings[f"{label}_units"] = float(form.platform_rows[0].count.units if form.platform_rows[0].count else 0)
        timings[f"{label}_cumulative"] = float(
            form.cumulative_rows[0].count.units if form.cumulative_rows[0].count else 0
        )
    print(json.dumps({"inspections": inspections, "county": county.name, "peak_mb": peak_rss_mb(), **timings}))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
