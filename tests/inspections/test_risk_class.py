"""An accepted inspection result moves the unit's credit-risk class by the bureau's rule (kept in the unit's
history with its reason), and so does a penalty decision; the next plan's draw reads the class."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from shuangsuiji.cases.models import CaseSettings
from shuangsuiji.directory.models import Unit, UnitChange
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Inspection
from tests.inspections.conftest import complete_data, signed

pytestmark = pytest.mark.django_db


def accepted(target: Any, phone: Any, coordinator: Any, **data: Any) -> Inspection:
    inspection = svc.open_inspection(actor=phone, target=target)
    inspection = svc.save_record(actor=phone, inspection=inspection, data=complete_data(inspection, **data))
    signed(inspection, phone)
    inspection = svc.submit(actor=phone, inspection=inspection)
    return svc.review(actor=coordinator, inspection=inspection, accept=True)


def _set_class(unit: Any, risk_class: str) -> None:
    Unit.objects.filter(pk=unit.pk).update(risk_class=risk_class)


def test_a_problem_found_raises_the_class_and_the_history_says_why(
    target: Any, members: list[Any], coordinator: Any
) -> None:
    _set_class(target.unit, "A")
    accepted(target, members[0], coordinator, outcomes=["corrected"])
    unit = Unit.objects.get(pk=target.unit_id)
    assert unit.risk_class == "C"
    change = UnitChange.objects.filter(unit=unit).order_by("-id").first()
    assert change is not None and "检查发现问题，信用风险等级调整为 C（检查结果）" in change.reason


def test_an_uncooperative_unit_goes_to_d_unless_the_bureau_switched_it_off(
    world: Any, target: Any, members: list[Any], coordinator: Any
) -> None:
    CaseSettings.objects.create(bureau=world.county, risk_uncooperative_class="", risk_problem_class="B")
    _set_class(target.unit, "A")
    accepted(target, members[0], coordinator, outcomes=["uncooperative"])
    assert Unit.objects.get(pk=target.unit_id).risk_class == "B"


def test_two_clean_results_in_a_row_lower_the_class_one_step(
    draw: Any, target: Any, members: list[Any], coordinator: Any
) -> None:
    _set_class(target.unit, "C")
    other = draw.targets.exclude(pk=target.pk).first()
    earlier = timezone.localdate() - dt.timedelta(days=200)
    Inspection.objects.create(
        bureau=target.task.bureau,
        task=target.task,
        target=other,
        unit=target.unit,
        state="published",
        outcomes=["no_problem"],
        result_date=earlier,
    )
    accepted(target, members[0], coordinator)  # 未发现问题 again: two in a row
    assert Unit.objects.get(pk=target.unit_id).risk_class == "B"


def test_one_clean_result_after_a_problem_changes_nothing(
    draw: Any, target: Any, members: list[Any], coordinator: Any
) -> None:
    _set_class(target.unit, "C")
    other = draw.targets.exclude(pk=target.pk).first()
    Inspection.objects.create(
        bureau=target.task.bureau,
        task=target.task,
        target=other,
        unit=target.unit,
        state="published",
        outcomes=["corrected"],
        result_date=timezone.localdate() - dt.timedelta(days=200),
    )
    accepted(target, members[0], coordinator)
    assert Unit.objects.get(pk=target.unit_id).risk_class == "C"


def test_the_settings_page_changes_the_rule(world: Any, coordinator: Any, client: Any) -> None:
    from shuangsuiji.cases import services as cases

    row = cases.change_case_settings(actor=coordinator, bureau=world.county, values={"risk_clean_run": 3})
    assert row.risk_rule.clean_run == 3 and row.risk_rule.problem == "C"
    with pytest.raises(cases.CaseError, match="连续未发现问题的次数须在0到10之间"):
        cases.change_case_settings(actor=coordinator, bureau=world.county, values={"risk_clean_run": 11})
    client.force_login(coordinator)
    page = client.get("/cases/settings/").content.decode()
    assert "检查发现问题后信用风险等级至少为" in page and "连续几次检查未发现问题后风险等级降低一级" in page


def test_the_rule_over_the_api(world: Any, coordinator: Any) -> None:
    from tests.conftest import client_for

    api = client_for(coordinator)
    assert api.get("/api/v1/cases/settings").json()["risk_problem_class"] == "C"
    changed = api.patch("/api/v1/cases/settings", {"risk_problem_class": "D"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["risk_problem_class"] == "D"
    bad = api.patch("/api/v1/cases/settings", {"risk_penalty_class": "E"}, content_type="application/json")
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["risk_penalty_class"]
