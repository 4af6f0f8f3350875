"""Subprocess of bench_unit_list: load the province once, then time the list page; prints JSON."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

from _worker import setup_database


def ensure_loaded(path: Path) -> None:
    from shuangsuiji.core.imports import ImportOptions
    from shuangsuiji.demo.loader import _hierarchy, _users
    from shuangsuiji.demo.province import ensure_province_bureaus
    from shuangsuiji.directory.models import Unit
    from shuangsuiji.directory.services import import_units

    county = _hierarchy(lambda m: None)
    _users(county, lambda m: None)
    province = ensure_province_bureaus()
    if Unit.objects.count() < 900_000:
        report = import_units(actor=None, bureau=province, path=path, options=ImportOptions())
        assert report.written, report.errors[:3]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def personas() -> dict[str, object]:
    from shuangsuiji.accounts.models import User
    from shuangsuiji.accounts.services import create_user
    from shuangsuiji.core.roles import Role
    from shuangsuiji.organisations.models import Bureau

    if not User.objects.filter(username="bench-province").exists():
        create_user(
            actor=None,
            username="bench-province",
            password="x",
            bureau=Bureau.objects.get(code="140000"),
            roles=[Role.COORDINATOR],
            check_password=False,
        )
    return {"province": User.objects.get(username="bench-province"), "county": User.objects.get(username="fazhi")}


QUERIES = [
    {},
    {"scale_category": "IND"},
    {"risk_class": "D"},
    {"scale_category": "RET", "risk_class": "C"},
    {"section": "C"},
    {"size_class": "L"},
    {"status": "MISSING"},
    {"q": "煤业"},
    {"region": "1405"},
    {"tag": "重点企业"},
    {"in_directory": "all"},
    {"growth_band": "G3", "scale_category": "SVC"},
]


def time_persona(user: object, requests: int, rng: random.Random) -> dict[str, object]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get("/directory/")
    times, query_counts = [], set()
    cursors: dict[int, str] = {}
    for i in range(requests):
        index = i % len(QUERIES)
        params = dict(QUERIES[index])
        if index in cursors and rng.random() < 0.5:
            params["after"] = cursors[index]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/directory/", params)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        page = response.context["page"]
        if page.items:
            cursors[index] = str(page.items[-1].pk)
        query_counts.add(len(captured.captured_queries))
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "max_ms": times[-1],
        "queries": sorted(query_counts),
    }


def trivial_median(requests: int) -> float:
    from django.test import Client

    client = Client()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get("/healthz")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    path, requests = Path(sys.argv[1]), int(sys.argv[2])
    setup_database()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the client see the page context (cursor of the next page)
    ensure_loaded(path)
    rng = random.Random(1)
    results = {name: time_persona(user, requests, rng) for name, user in personas().items()}
    print(json.dumps({"personas": results, "trivial_median_ms": trivial_median(requests)}))


if __name__ == "__main__":
    main()
