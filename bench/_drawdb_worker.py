"""Subprocess of bench_draw_db: load the province, then time commit and reveal of a province-wide task."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from _worker import peak_rss_mb, setup_database


def main() -> None:
    path = Path(sys.argv[1])
    setup_database()
    from shuangsuiji.core.imports import ImportOptions
    from shuangsuiji.demo.loader import _hierarchy
    from shuangsuiji.demo.province import ensure_province_bureaus
    from shuangsuiji.directory.services import import_units
    from shuangsuiji.inspectors.models import Inspector
    from shuangsuiji.tasks.exports import export_draw
    from shuangsuiji.tasks.services import ceremony, tasks
    from tests.factories import published_item

    _hierarchy(lambda m: None)
    province = ensure_province_bureaus()
    report = import_units(actor=None, bureau=province, path=path, options=ImportOptions())
    assert report.written, report.errors[:3]
    for i in range(30):
        Inspector.objects.create(
            bureau=province,
            name=f"省局检查员{i}",
            sex="M",
            certificate_no=f"14000000{i:03d}",
            certificate_valid_until=dt.date(2030, 1, 1),
        )
    item = published_item(province)
    task = tasks.create_task(
        actor=None,
        bureau=province,
        name="全省抽查",
        items=[item],
        adhoc_reason="基准测试",
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 12, 31),
        strata_components=["risk", "scale", "section"],
        reserve_per_stratum=2,
    )
    draw = ceremony.prepare_draw(actor=None, task=task)
    started = time.perf_counter()
    draw = ceremony.commit_draw(actor=None, draw=draw)
    commit = time.perf_counter() - started
    started = time.perf_counter()
    draw = ceremony.reveal_draw(
        actor=None, draw=draw, seed_inputs={"dice": "31415926535897932384"}, witnesses=[{"name": "基准"}]
    )
    reveal = time.perf_counter() - started
    kit = path.parent / "drawdb-kit"
    export_draw(draw, kit)
    (kit / "params.json").write_text(json.dumps(draw.params), encoding="utf-8")
    print(
        json.dumps(
            {
                "commit_seconds": commit,
                "reveal_seconds": reveal,
                "frame_count": draw.frame_count,
                "targets": draw.targets.filter(kind="random").count(),
                "peak_mb": peak_rss_mb(),
                "kit": str(kit),
                "draw_id": draw.draw_id,
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
