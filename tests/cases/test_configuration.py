"""The 裁量基准 (defaults inside the legal range, the band chosen at 调查终结, a fine outside it only with a reason,
the bureau's own table edited and audited) and the 案件设置 page (validated by field, audited, permission- and
scope-checked)."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.models import Case, CaseSettings, DiscretionBand
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.domain import penalties
from shuangsuiji.domain.discretion import band_errors, default_bands
from tests.cases.conftest import waived
from tests.cases.test_cases import CHECKS, band_for, opened
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_every_default_band_lies_inside_its_legal_range_and_is_marked_default() -> None:
    bands = default_bands()
    assert bands and all(b.is_default and not band_errors(b) for b in bands)
    severe = [
        b for b in bands if (b.violation, b.law, b.party, b.severe) == ("false_data", "2024", "organisation", True)
    ]
    assert [(b.minimum, b.maximum) for b in severe] == [(100_000, 300_000), (300_000, 500_000)]
    assert not [b for b in bands if b.violation == "no_ledger" and b.party == penalties.INDIVIDUAL]
    wrong = penalties.Band("late", "过高", 0, 60_000, law="2024")
    assert band_errors(wrong) == {"maximum": "上限 60,000 元超过法定上限 50,000 元"}
    assert "severe" in band_errors(penalties.Band("late", "严重", 0, 1_000, severe=True))


def finish(case: Case, coordinator: Any, fine: int, **changes: Any) -> Case:
    values = {
        "actor": coordinator,
        "case": case,
        "report": "属实",
        "severe_reasons": [],
        "proposed_fine": fine,
        "reasoning": "首次违法",
        **changes,
    }
    return svc.finish_investigation(**values)


def test_the_handler_chooses_a_band_and_justifies_a_fine_outside_it(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    light = band_for(case, 10_000)  # 较轻: 0–20,000 of the 2024 cap of 100,000
    with pytest.raises(svc.CaseError, match="请选择本案适用的裁量档次") as refused:
        finish(case, coordinator, 10_000)
    assert list(refused.value.errors) == ["band"]
    with pytest.raises(svc.CaseError, match="不在所选档次“较轻”") as refused:
        finish(case, coordinator, 30_000, band=light)
    assert list(refused.value.errors) == ["departure_reason"]
    case = finish(case, coordinator, 30_000, band=light, departure_reason="虚报数额较大，但首次违法")
    assert case.band["label"] == "较轻" and case.band["is_default"]
    assert case.band_departure_reason == "虚报数额较大，但首次违法"
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = waived(coordinator, svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk)))
    assert svc.decide(actor=leader, case=case, fine=30_000).decision_reasoning == "虚报数额较大，但首次违法"


def test_a_decided_fine_outside_the_band_needs_the_heads_reason(
    coordinator: Any, leader: Any, legal_reviewer: Any, unit: Any, handlers: list[Any]
) -> None:
    case = opened(coordinator, leader, unit, handlers)
    case = finish(case, coordinator, 30_000, band=band_for(case, 30_000))  # 一般: 20,000–50,000
    assert case.band_departure_reason == ""
    svc.review(actor=legal_reviewer, case=case, checklist=CHECKS, opinion="agree", reasons="同意")
    case = waived(coordinator, svc.notify(actor=coordinator, case=Case.objects.get(pk=case.pk)))
    with pytest.raises(svc.CaseError, match="不在本案裁量档次") as refused:
        svc.decide(actor=leader, case=case, fine=10_000)
    assert list(refused.value.errors) == ["reason"]
    case = svc.decide(actor=leader, case=case, fine=10_000, reason="陈述申辩中提交了已整改的证据")
    assert case.fine == 10_000 and case.decision_reasoning == "陈述申辩中提交了已整改的证据"


def test_the_bureau_edits_its_own_table_which_starts_from_the_defaults(
    world: Any, coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    values = {
        "violation": "late",
        "party_type": "organisation",
        "law": "2024",
        "is_severe": False,
        "label": "经催报仍迟报",
        "circumstances": "收到催报通知书后仍未报送",
        "minimum": 5_000,
        "maximum": 20_000,
    }
    with pytest.raises(svc.CasePermissionError):
        svc.save_band(actor=leader, bureau=world.county, values=values)
    with pytest.raises(svc.CaseError) as refused:
        svc.save_band(actor=coordinator, bureau=world.county, values={**values, "minimum": 30_000})
    assert refused.value.errors == {"minimum": "下限 30,000 元高于上限 20,000 元"}
    assert not DiscretionBand.objects.exists()  # the refused change did not half-copy the defaults
    band = svc.save_band(actor=coordinator, bureau=world.county, values=values)
    assert not band.is_default
    assert DiscretionBand.objects.filter(bureau=world.county, is_default=True).count() == len(default_bands())
    with pytest.raises(svc.CaseError, match="已有“经催报仍迟报”档次"):
        svc.save_band(actor=coordinator, bureau=world.county, values=values)
    case = opened(coordinator, leader, unit, handlers)
    assert str(band.pk) not in [b.ref for b in svc.candidate_bands(case)]  # the case is about false data
    actions = set(AuditEvent.objects.filter(action__startswith="cases.discretion_").values_list("action", flat=True))
    assert actions == {"cases.discretion_defaults_adopted", "cases.discretion_band_saved"}
    assert svc.reset_bands(actor=coordinator, bureau=world.county) == len(default_bands()) + 1
    assert svc.bands_for(world.county)[0].is_default


def test_the_benchmark_page(
    world: Any, coordinator: Any, leader: Any, admin: Any, other_county_user: Any, city_coordinator: Any
) -> None:
    page = client_for(leader).get("/cases/discretion/")
    assert (
        page.status_code == 200 and "平台默认基准" in page.content.decode() and "新增档次" not in page.content.decode()
    )
    assert client_for(leader).post("/cases/discretion/", {"action": "adopt"}).status_code == 403
    assert client_for(other_county_user).get("/cases/discretion/?bureau=140522").status_code == 404
    city = client_for(city_coordinator).get("/cases/discretion/?bureau=140522")
    assert city.status_code == 200 and "新增档次" not in city.content.decode()
    form = {
        "action": "save",
        "violation": "late",
        "party_type": "organisation",
        "law": "2024",
        "label": "过高",
        "minimum": "0",
        "maximum": "60000",
    }
    response = client_for(coordinator).post("/cases/discretion/", form)
    assert response.status_code == 400 and "超过法定上限 50,000 元" in response.content.decode()
    form["maximum"] = "50000"
    response = client_for(admin).post("/cases/discretion/", form)
    assert response.status_code == 302
    band = DiscretionBand.objects.get(label="过高")
    edited = client_for(coordinator).post("/cases/discretion/", {**form, "band": band.pk, "label": "最高档"})
    assert edited.status_code == 302 and DiscretionBand.objects.filter(pk=band.pk, label="最高档").exists()
    client_for(coordinator).post("/cases/discretion/", {"action": "delete", "band": band.pk})
    assert not DiscretionBand.objects.filter(pk=band.pk).exists()
    calc = client_for(coordinator).get(
        "/cases/calculator/?violations=late&party=organisation&violation_end=2025-05-01&decided_on=2025-06-01"
    )
    assert "裁量基准建议档次" in calc.content.decode() and "较重" in calc.content.decode()


def test_the_settings_page_validates_by_field_and_audits(
    world: Any, coordinator: Any, leader: Any, other_county_user: Any
) -> None:
    assert client_for(leader).get("/cases/settings/").status_code == 200
    assert client_for(leader).post("/cases/settings/", {}).status_code == 403
    assert client_for(other_county_user).get("/cases/settings/?bureau=140522").status_code == 404
    defaults = CaseSettings(bureau=world.county)
    form = {name: getattr(defaults, name) for name in svc.SETTINGS_FIELDS}
    form = {k: ("on" if v is True else v) for k, v in form.items() if v is not False}
    bad = client_for(coordinator).post("/cases/settings/", {**form, "credit_repair_after_months": 12})
    page = bad.content.decode()
    assert bad.status_code == 400 and "最早可申请修复的月数须少于公示期（12个月）" in page
    assert not CaseSettings.objects.exists()
    zero = client_for(coordinator).post("/cases/settings/", {**form, "hearing_threshold_individual": 0})
    assert zero.status_code == 400 and "听证标准须至少为1元" in zero.content.decode()
    good = client_for(coordinator).post("/cases/settings/", {**form, "hearing_threshold_organisation": 30_000})
    assert good.status_code == 302
    saved = CaseSettings.objects.get(bureau=world.county)
    assert saved.hearing_threshold_organisation == 30_000 and saved.review_every_decision
    event = AuditEvent.objects.get(action="cases.settings_changed")
    assert event.data["changed"] == {"hearing_threshold_organisation": [50_000, 30_000]}
    with pytest.raises(svc.CaseError) as refused:
        svc.change_case_settings(actor=coordinator, bureau=world.county, values={"credit_extended_months": 6})
    assert list(refused.value.errors) == ["credit_extended_months"]
    assert "修复不实或再次违法时公示期（月）" in str(refused.value)
    with pytest.raises(svc.CasePermissionError):
        svc.change_case_settings(actor=other_county_user, bureau=world.county, values={"credit_months": 6})
