"""The rule run over imported figures, the 专业股室's review, and its effect: a 疑似违法 finding makes the unit a
directed-check candidate on the task page and raises its risk class."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.domain.quality.synthetic import Synthetic
from shuangsuiji.quality.models import Finding, ReportedValue
from shuangsuiji.quality.selectors import directed_candidates
from shuangsuiji.quality.services.config import set_rule_setting
from shuangsuiji.quality.services.reviews import ReviewError, review_finding, start_verification
from shuangsuiji.quality.services.runs import run_quality
from tests.conftest import client_for
from tests.factories import published_item


def _period(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def test_importing_generated_figures_flags_every_planted_anomaly(
    world: Any, figures: Synthetic, specialist: Any
) -> None:
    run = run_quality(actor=specialist, bureau=world.county, period=_period(figures.target))
    found = set(Finding.objects.filter(run=run).values_list("unit_id", "rule"))
    planted = {(u, r) for u, _, r in figures.planted.iter_rows()}
    assert planted - found == set()
    finding = Finding.objects.filter(run=run).first()
    assert finding is not None and finding.department is not None and finding.department.name == "专业股"


def test_a_second_run_keeps_reviewed_findings_and_replaces_open_ones(
    world: Any, figures: Synthetic, specialist: Any
) -> None:
    period = _period(figures.target)
    first = run_quality(actor=specialist, bureau=world.county, period=period)
    kept = Finding.objects.filter(run=first).first()
    assert kept is not None
    review_finding(actor=specialist, finding=kept, outcome="normal", note="经核实为季节性因素")
    second = run_quality(actor=specialist, bureau=world.county, period=period)
    assert Finding.objects.filter(pk=kept.pk, status="normal").exists()
    assert Finding.objects.filter(bureau=world.county, period=period).count() == first.finding_count
    assert second.finding_count == first.finding_count - 1


@pytest.fixture
def finding(world: Any, figures: Synthetic, specialist: Any) -> Finding:
    run_quality(actor=specialist, bureau=world.county, period=_period(figures.target))
    found = Finding.objects.filter(rule="mom", indicator__code="revenue").select_related("unit").first()
    assert found is not None
    return found


def test_suspected_violation_makes_the_unit_a_directed_candidate_with_the_reason(
    world: Any, finding: Finding, specialist: Any
) -> None:
    assert directed_candidates(world.county.pk) == []
    start_verification(actor=specialist, finding=finding)
    review_finding(actor=specialist, finding=finding, outcome="suspected", note="与财务报表不符")
    candidates = directed_candidates(world.county.pk)
    assert [c.unit.pk for c in candidates] == [finding.unit_id]
    assert "环比变动异常" in candidates[0].reason and finding.explanation in candidates[0].reason
    assert candidates[0].source_ref == f"质量问题#{finding.pk}"
    assert directed_candidates(world.other_county.pk) == []


def test_suspected_violation_raises_the_risk_class_by_the_default_rule(
    world: Any, finding: Finding, specialist: Any
) -> None:
    before = finding.unit.risk_class
    review_finding(actor=specialist, finding=finding, outcome="suspected", note="虚报")
    unit = Unit.objects.get(pk=finding.unit_id)
    assert (before, unit.risk_class) == ("B", "C")
    assert UnitChange.objects.filter(unit=unit, reason__contains="数据质量监测疑似违法").exists()


def test_the_risk_raise_can_be_switched_off(world: Any, finding: Finding, specialist: Any, coordinator: Any) -> None:
    set_rule_setting(actor=coordinator, bureau=world.county, rule="risk_raise", value=0)
    review_finding(actor=specialist, finding=finding, outcome="suspected", note="虚报")
    assert Unit.objects.get(pk=finding.unit_id).risk_class == "B"


def test_a_correction_needs_the_value_and_replaces_the_stored_figure(
    world: Any, finding: Finding, specialist: Any
) -> None:
    with pytest.raises(ReviewError, match="更正后的数值"):
        review_finding(actor=specialist, finding=finding, outcome="corrected", note="填报错误", corrected_value="")
    review_finding(actor=specialist, finding=finding, outcome="corrected", note="多填一位", corrected_value="321.5")
    stored = ReportedValue.objects.get(unit=finding.unit, indicator__code="revenue", period=finding.period)
    assert stored.current_value == Decimal("321.50")
    with pytest.raises(ReviewError, match="已核实"):
        review_finding(actor=specialist, finding=finding, outcome="normal", note="再次")


def test_the_candidate_is_listed_on_the_task_page(
    world: Any, finding: Finding, specialist: Any, coordinator: Any
) -> None:
    from shuangsuiji.tasks.services import tasks

    review_finding(actor=specialist, finding=finding, outcome="suspected", note="与财务报表不符")
    task = tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="2026年定向检查",
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 12, 31),
        items=[published_item(world.province)],
        adhoc_reason="数据质量",
        strata_components=["risk"],
        risk_ratios={"A": [5, 100], "B": [10, 100], "C": [20, 100], "D": [50, 100]},
        reserve_per_stratum=1,
        group_size=2,
    )
    page = client_for(coordinator).get(reverse("tasks:task", args=[task.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "数据质量监测提出的定向检查候选" in html and finding.unit.name in html and f"质量问题#{finding.pk}" in html


def test_review_pages_are_for_the_bureaus_own_staff(
    world: Any, finding: Finding, specialist: Any, other_county_user: Any, inspector_user: Any
) -> None:
    url = reverse("quality:finding", args=[finding.pk])
    assert client_for(specialist).get(url).status_code == 200
    assert client_for(other_county_user).get(url).status_code == 404
    review = reverse("quality:review", args=[finding.pk])
    denied = client_for(inspector_user).post(review, {"outcome": "normal", "note": "x"})
    assert denied.status_code == 403
    done = client_for(specialist).post(review, {"outcome": "suspected", "note": "与台账不符"})
    assert done.status_code == 302
    assert Finding.objects.get(pk=finding.pk).status == "suspected"


def test_the_quality_page_summarises_findings_and_draws_the_trend(
    world: Any, finding: Finding, specialist: Any
) -> None:
    client = client_for(specialist)
    page = client.get(reverse("quality:overview"), {"period": finding.period})
    html = page.content.decode()
    assert page.status_code == 200 and "按规则" in html and "按专业股室" in html and "加权分值最高的单位" in html
    detail = client.get(reverse("quality:unit", args=[finding.unit_id])).content.decode()
    assert "vendor/echarts/echarts.min.js" in detail and "quality-trend" in detail and "<table>" in detail


def test_the_api_lists_findings_and_records_a_review(
    world: Any, finding: Finding, specialist: Any, inspector_user: Any
) -> None:
    client = client_for(specialist)
    listed = client.get("/api/v1/quality/findings", {"period": finding.period, "rule": "mom"})
    assert listed.status_code == 200 and finding.pk in [f["id"] for f in listed.json()]
    bad = client.post(
        f"/api/v1/quality/findings/{finding.pk}/review",
        {"outcome": "corrected", "note": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "更正后的数值" in bad.json()["detail"]
    done = client.post(
        f"/api/v1/quality/findings/{finding.pk}/review",
        {"outcome": "suspected", "note": "与台账不符"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "suspected"
    assert [c["unit_id"] for c in client.get("/api/v1/quality/candidates").json()] == [finding.unit_id]
    assert client_for(inspector_user).get("/api/v1/quality/findings").status_code == 403
