"""The 裁量基准 beyond the page: each end of a band included or not (the calculator and the checks at 调查终结 use
it), a table imported from .xlsx/.csv whole or not at all (page and CLI, errors naming row and column), and the
settings and bands over the REST API with the pages' roles and scope."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.cases import services as svc
from shuangsuiji.cases.models import CaseSettings, DiscretionBand
from shuangsuiji.core.models import AuditEvent
from shuangsuiji.domain import penalties
from shuangsuiji.domain.discretion import band_errors
from tests.cases.test_cases import opened
from tests.cli.test_tables_cli import run_cli
from tests.conftest import client_for
from tests.tables import write_csv, write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["违法行为", "当事人类型", "适用法律", "情节严重", "档次", "适用情形", "罚款下限（元）", "罚款上限（元）"]
HEADER += ["下限含本数", "上限含本数"]
GOOD = [
    ["false_data", "单位", "2024", "否", "较轻", "首次", 0, 20_000, "是", "是"],
    ["提供不真实或者不完整的统计资料", "单位", "2024", "否", "一般", "", 20_000, 50_000, "否", "是"],
    ["late", "个体工商户", "2009", "", "一档", "", 0, 1_000, "", ""],
]


def test_a_band_end_that_excludes_the_number_is_outside_the_band() -> None:
    band = penalties.Band("false_data", "一般", 20_000, 50_000, includes_minimum=False)
    assert not band.contains(20_000) and band.contains(20_001) and band.contains(50_000)
    assert band.range_text == "20,000（不含）—50,000 元"
    assert penalties.band_of({"violation": "late", "label": "旧", "minimum": 0, "maximum": 10}).includes_maximum
    empty = penalties.Band("late", "空", 100, 101, includes_minimum=False, includes_maximum=False)
    assert "includes_maximum" in band_errors(empty)


def test_the_handler_is_held_to_the_boundary_of_the_chosen_band(
    world: Any, coordinator: Any, leader: Any, unit: Any, handlers: list[Any]
) -> None:
    values = {"violation": "false_data", "party_type": "organisation", "law": "2024", "is_severe": False}
    band = svc.save_band(
        actor=coordinator,
        bureau=world.county,
        values={**values, "label": "以上不含", "minimum": 20_000, "maximum": 50_000, "includes_minimum": False},
    )
    case = opened(coordinator, leader, unit, handlers)
    common = {"actor": coordinator, "case": case, "report": "属实", "severe_reasons": [], "reasoning": "理由"}
    with pytest.raises(svc.CaseError, match="20,000（不含）—50,000 元") as refused:
        svc.finish_investigation(**common, proposed_fine=20_000, band=str(band.pk))
    assert list(refused.value.errors) == ["departure_reason"]
    case = svc.finish_investigation(**common, proposed_fine=20_001, band=str(band.pk))
    assert case.band["includes_minimum"] is False and case.band_departure_reason == ""


def test_an_imported_table_replaces_the_bureau_s_or_nothing_changes(
    world: Any, coordinator: Any, leader: Any, tmp_path: Path
) -> None:
    bad = write_csv(
        tmp_path / "bad.csv", [HEADER, GOOD[0], ["late", "单位", "2024", "否", "高", "", 0, 60_000, "", ""]]
    )
    report = svc.import_discretion_bands(actor=coordinator, bureau=world.county, path=bad)
    assert not report.written and report.error_texts == [
        "第3行「罚款上限（元）」：上限 60,000 元超过法定上限 50,000 元"
    ]
    assert not DiscretionBand.objects.filter(bureau=world.county).exists()
    with pytest.raises(svc.CasePermissionError):
        svc.import_discretion_bands(actor=leader, bureau=world.county, path=bad)
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, *GOOD])
    assert not svc.import_discretion_bands(actor=coordinator, bureau=world.county, path=good, dry_run=True).written
    assert not DiscretionBand.objects.filter(bureau=world.county).exists()
    report = svc.import_discretion_bands(actor=coordinator, bureau=world.county, path=good)
    assert report.written and report.band_count == 3
    rows = {b.label: b for b in DiscretionBand.objects.filter(bureau=world.county)}
    assert set(rows) == {"较轻", "一般", "一档"} and not rows["一般"].includes_minimum
    assert rows["一档"].party_type == "individual" and rows["一档"].law == "2009" and not rows["一档"].is_default
    assert AuditEvent.objects.filter(action="cases.discretion_imported").count() == 1


def test_row_errors_name_the_row_and_the_column(world: Any, coordinator: Any, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["偷税", "单位", "2024", "否", "较轻", "", 0, 100, "", ""],
        ["late", "公司", "2030", "也许", "", "", "十元", 100, "", ""],
        GOOD[0],
        GOOD[0],
    ]
    report = svc.import_discretion_bands(
        actor=coordinator, bureau=world.county, path=write_csv(tmp_path / "x.csv", rows)
    )
    texts = report.error_texts
    assert "第2行「违法行为」：“偷税”不是有效的违法行为（代码或名称）" in texts
    assert {t.split("：")[0] for t in texts if t.startswith("第3行")} == {
        "第3行「当事人类型」",
        "第3行「适用法律」",
        "第3行「情节严重」",
        "第3行「罚款下限（元）」",
    }
    assert any(t.startswith("第5行「档次」") and "第4行" in t for t in texts)
    missing = write_csv(tmp_path / "m.csv", [["违法行为", "档次"], ["late", "一"]])
    texts = svc.import_discretion_bands(actor=coordinator, bureau=world.county, path=missing).error_texts
    assert "表头「罚款上限（元）」：缺少必填列「罚款上限（元）」" in texts


def test_the_import_page(world: Any, coordinator: Any, leader: Any, tmp_path: Path) -> None:
    url = "/cases/discretion/import/"
    assert client_for(leader).get(url).status_code == 403
    fazhi = client_for(coordinator)
    assert "从表格导入裁量基准" in fazhi.get("/cases/discretion/").content.decode()
    bad = write_csv(tmp_path / "bad.csv", [HEADER, ["late", "单位", "2024", "否", "高", "", 0, 60_000, "", ""]])
    with bad.open("rb") as handle:
        response = fazhi.post(url, {"file": handle})
    page = response.content.decode()
    assert response.status_code == 400 and "第2行「罚款上限（元）」：上限 60,000 元超过法定上限 50,000 元" in page
    good = write_csv(tmp_path / "good.csv", [HEADER, *GOOD])
    with good.open("rb") as handle:
        checked = fazhi.post(url, {"file": handle, "dry_run": "on"})
    assert checked.status_code == 200 and "检查通过" in checked.content.decode()
    with good.open("rb") as handle:
        done = fazhi.post(url, {"file": handle})
    assert done.status_code == 302 and DiscretionBand.objects.filter(bureau=world.county).count() == 3


def test_the_import_command(world: Any, tmp_path: Path, capsys: Any) -> None:
    good = write_csv(tmp_path / "good.csv", [HEADER, *GOOD])
    assert run_cli("cases", "import-discretion", str(good), "--bureau", "140522", "--dry-run") == 0
    assert "dry run" in capsys.readouterr().out and not DiscretionBand.objects.exists()
    bad = write_csv(tmp_path / "bad.csv", [HEADER, ["late", "单位", "2024", "否", "高", "", 0, 60_000, "", ""]])
    assert run_cli("cases", "import-discretion", str(bad), "--bureau", "140522") == 1
    out = capsys.readouterr().out
    assert "rejected: 第2行「罚款上限（元）」" in out and "not written" in out
    assert not DiscretionBand.objects.exists()
    assert run_cli("cases", "import-discretion", str(good), "--bureau", "140522") == 0
    assert "written: 3 bands" in capsys.readouterr().out
    assert DiscretionBand.objects.filter(bureau=world.county).count() == 3
    assert run_cli("cases", "import-discretion", str(tmp_path / "none.csv"), "--bureau", "140522") == 2
    assert run_cli("cases", "import-discretion", str(good), "--bureau", "999999") == 2
    assert run_cli("cases", "import-discretion") == 2


def test_settings_over_the_api(
    world: Any, coordinator: Any, leader: Any, other_county_user: Any, city_coordinator: Any
) -> None:
    api = client_for(coordinator)
    read = api.get("/api/v1/cases/settings").json()
    assert read["is_default"] and read["hearing_threshold_organisation"] == 50_000
    changed = api.patch(
        "/api/v1/cases/settings", {"hearing_threshold_organisation": 30_000}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["hearing_threshold_organisation"] == 30_000
    assert CaseSettings.objects.get(bureau=world.county).hearing_threshold_organisation == 30_000
    refused = api.patch("/api/v1/cases/settings", {"credit_months": 0}, content_type="application/json")
    assert refused.status_code == 422 and "credit_months" in refused.json()["errors"]
    body = {"hearing_threshold_individual": 1}
    assert client_for(leader).patch("/api/v1/cases/settings", body, content_type="application/json").status_code == 403
    assert client_for(leader).get("/api/v1/cases/settings").status_code == 200
    assert client_for(other_county_user).get("/api/v1/cases/settings?bureau=140522").status_code == 404
    city = client_for(city_coordinator)
    assert city.get("/api/v1/cases/settings?bureau=140522").json()["hearing_threshold_organisation"] == 30_000
    path = "/api/v1/cases/settings?bureau=140522"
    assert city.patch(path, body, content_type="application/json").status_code == 403


def test_bands_over_the_api(world: Any, coordinator: Any, leader: Any, other_county_user: Any) -> None:
    api = client_for(coordinator)
    listed = api.get("/api/v1/cases/discretion-bands").json()
    assert listed["uses_defaults"] and all(b["id"] is None and b["is_default"] for b in listed["bands"])
    new = {"violation": "late", "party_type": "organisation", "law": "2024", "label": "高档", "minimum": 30_000}
    refused = api.post("/api/v1/cases/discretion-bands", {**new, "maximum": 60_000}, content_type="application/json")
    assert refused.status_code == 422 and "maximum" in refused.json()["errors"]
    created = api.post(
        "/api/v1/cases/discretion-bands",
        {**new, "maximum": 50_000, "includes_minimum": False},
        content_type="application/json",
    )
    assert created.status_code == 201 and not created.json()["uses_defaults"]
    band = DiscretionBand.objects.get(bureau=world.county, label="高档")
    assert not band.includes_minimum
    path = f"/api/v1/cases/discretion-bands/{band.pk}"
    body = {"includes_minimum": True}
    assert client_for(leader).patch(path, body, content_type="application/json").status_code == 403
    assert client_for(other_county_user).patch(path, body, content_type="application/json").status_code == 404
    assert api.patch(path, body, content_type="application/json").status_code == 200
    band.refresh_from_db()
    assert band.includes_minimum and band.minimum == 30_000
    assert api.delete(path).status_code == 200 and not DiscretionBand.objects.filter(pk=band.pk).exists()
    reset = api.post("/api/v1/cases/discretion-bands/reset")
    assert reset.status_code == 200, reset.content[:300]
    assert reset.json()["uses_defaults"]
    assert api.post("/api/v1/cases/discretion-bands/reset").status_code == 422


def test_the_band_form_keeps_an_excluded_end_when_the_band_is_edited(world: Any, coordinator: Any) -> None:
    values = {"violation": "late", "party_type": "organisation", "law": "2024", "is_severe": False}
    band = svc.save_band(
        actor=coordinator,
        bureau=world.county,
        values={**values, "label": "开区间", "minimum": 10_000, "maximum": 20_000, "includes_minimum": False},
    )
    page = client_for(coordinator).get(f"/cases/discretion/?bureau=140522&edit={band.pk}").content.decode()
    chosen = page.split('name="includes_minimum"')[1].split("</select>")[0]
    assert '<option value="0" selected>' in chosen
    assert "10,000（不含）—20,000 元" in page


def _fields(bands: Any) -> list[tuple[Any, ...]]:
    keys = ("violation", "party", "law", "severe", "label", "circumstances", "minimum", "maximum")
    keys += ("includes_minimum", "includes_maximum")
    return sorted(tuple(getattr(b, k) for k in keys) for b in bands)


def test_the_export_imports_back_unchanged_and_a_merge_keeps_the_other_groups(
    world: Any, coordinator: Any, tmp_path: Path
) -> None:
    defaults = svc.bands_for(world.county)
    assert defaults and all(b.is_default for b in defaults)
    exported = tmp_path / "bands.xlsx"
    assert svc.export_discretion_bands(bureau=world.county, path=exported) == len(defaults)
    report = svc.import_discretion_bands(actor=coordinator, bureau=world.county, path=exported)
    assert report.written and report.errors == []
    assert _fields(svc.bands_for(world.county)) == _fields(defaults)
    assert not any(b.is_default for b in svc.bands_for(world.county))

    group = [b for b in defaults if (b.violation, b.party, b.law, b.severe) == ("late", "individual", "2009", False)]
    assert group  # the defaults cut every legal range, this one too
    merged = svc.import_discretion_bands(
        actor=coordinator, bureau=world.county, path=write_csv(tmp_path / "one.csv", [HEADER, GOOD[2]]), merge=True
    )
    assert merged.written and merged.kept == len(defaults) - len(group)
    now = svc.bands_for(world.county)
    assert len(now) == len(defaults) - len(group) + 1
    assert [b.label for b in now if (b.violation, b.party, b.law) == ("late", "individual", "2009")] == ["一档"]
    event = AuditEvent.objects.filter(action="cases.discretion_imported").order_by("-pk").first()
    assert event is not None and "合并导入 1 个档次" in event.summary and event.data["merge"] is True


def test_the_export_page_and_command(
    world: Any, coordinator: Any, leader: Any, other_county_user: Any, tmp_path: Path, capsys: Any
) -> None:
    page = client_for(leader).get("/cases/discretion/")
    assert 'id="export-bands"' in page.content.decode()
    response = client_for(leader).get("/cases/discretion/export.csv?bureau=140522")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER) and len(text.splitlines()) == len(svc.bands_for(world.county)) + 1
    assert client_for(leader).get("/cases/discretion/export.pdf").status_code == 404
    assert client_for(other_county_user).get("/cases/discretion/export.csv?bureau=140522").status_code == 404
    out = tmp_path / "bands.xlsx"
    assert run_cli("cases", "export-discretion", str(out), "--bureau", "140522") == 0
    assert f"exported {len(svc.bands_for(world.county))} discretion bands" in capsys.readouterr().out
    assert run_cli("cases", "import-discretion", str(out), "--bureau", "140522", "--merge") == 0
    assert "bands merged" in capsys.readouterr().out
    assert run_cli("cases", "export-discretion", str(tmp_path / "bands.pdf"), "--bureau", "140522") == 2
    assert run_cli("cases", "export-discretion", str(tmp_path / "no" / "b.csv"), "--bureau", "140522") == 2
