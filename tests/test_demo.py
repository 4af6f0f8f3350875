"""`shuangsuiji demo` loads the whole demo county through the services, twice without change (what `make demo`
does on a fresh machine)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_county_loads_twice(settings: Any, tmp_path: Any) -> None:
    from shuangsuiji.cases.models import Case
    from shuangsuiji.core.integrity import verify_chain
    from shuangsuiji.demo.loader import load_demo
    from shuangsuiji.inspections.models import Inspection
    from shuangsuiji.publicity.models import Publication

    settings.VAR_DIR = tmp_path
    messages: list[str] = []
    logins = load_demo(echo=messages.append)
    assert {"fazhi", "zhifa", "shenhe", "lingdao"} <= {username for username, _, _ in logins}
    counts = (Inspection.objects.count(), Case.objects.count(), Publication.objects.count())
    assert counts[0] > 20 and counts[1] == 3
    kinds = set(Publication.objects.values_list("kind", flat=True))
    assert {"plan", "draw_notice", "draw_result", "result", "decision", "credit"} <= kinds
    load_demo(echo=messages.append)
    assert (Inspection.objects.count(), Case.objects.count(), Publication.objects.count()) == counts
    assert all(report.is_ok for report in verify_chain())


def test_the_demo_countys_monthly_forms_match_an_independent_count(settings: Any, tmp_path: Any) -> None:
    from django.utils import timezone

    from shuangsuiji.demo.loader import load_demo
    from shuangsuiji.inspections.models import Inspection
    from shuangsuiji.organisations.models import Bureau
    from shuangsuiji.reports.selectors import monthly_form

    settings.VAR_DIR = tmp_path
    load_demo(echo=lambda message: None)
    county = Bureau.objects.get(code="140522")
    today = timezone.localdate()
    counted = Inspection.objects.filter(
        bureau=county,
        state__in=["accepted", "for_publication", "published"],
        recheck_of__isnull=True,
        target__kind="random",
        result_date__year=today.year,
        result_date__month=today.month,
    )
    units = set(counted.values_list("unit_id", flat=True))
    problems = {i.unit_id for i in counted if {"corrected", "pending", "uncooperative"} & set(i.outcomes)}
    tasks = set(counted.values_list("task_id", flat=True))
    form = monthly_form(county, today.year, today.month)
    row = {r.key: r.count for r in form.platform_rows}["all"]
    assert row is not None and units
    assert (row.times, row.units, row.problem_units) == (len(tasks), len(units), len(problems))
