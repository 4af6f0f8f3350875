"""The `shuangsuiji quality` commands and the rule settings page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from shuangsuiji.cli import main
from shuangsuiji.domain.quality.synthetic import Synthetic
from shuangsuiji.quality.demo import synthesize, write_wide_csv
from shuangsuiji.quality.models import Finding, ReportedValue, RuleSetting
from shuangsuiji.quality.services.config import rule_config
from tests.conftest import client_for


def run_cli(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0)


def test_import_then_run_from_the_command_line(
    world: Any, quality_units: list[Any], tmp_path: Path, capsys: Any
) -> None:
    data: Synthetic = synthesize(quality_units, plant=1, seed=5)
    path = tmp_path / "figures.csv"
    write_wide_csv(data, quality_units, path)
    assert run_cli("quality", "import", str(path), "--bureau", "140522") == 0
    assert ReportedValue.objects.count() > 0
    assert run_cli("quality", "run", "--period", "2026-10", "--bureau", "140522") == 0
    captured = capsys.readouterr()
    assert "findings stored" in captured.out and "规则运行完毕" in captured.err
    assert Finding.objects.filter(period="2026-10").exists()


def test_bad_input_exits_non_zero_with_a_plain_message(world: Any, tmp_path: Path, capsys: Any) -> None:
    assert run_cli("quality", "run", "--period", "2026-13", "--bureau", "140522") == 2
    assert "无法识别" in capsys.readouterr().err
    assert run_cli("quality", "import", str(tmp_path / "missing.csv"), "--bureau", "140522") == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("统一社会信用代码,报告期,营业收入\n91140522MA0K00000X,2026-10,abc\n", encoding="utf-8")
    assert run_cli("quality", "import", str(bad), "--bureau", "140522") == 1
    assert "rejected" in capsys.readouterr().out


def test_a_coordinator_sets_a_threshold_and_the_default_stays_marked(
    world: Any, coordinator: Any, specialist: Any
) -> None:
    client = client_for(coordinator)
    page = client.get(reverse("quality:settings")).content.decode()
    assert "0.3（默认）" in page and "沿用默认" in page
    response = client.post(
        reverse("quality:settings"), {"form": "value", "rule": "mom", "indicator_code": "revenue", "value": "0.4"}
    )
    assert response.status_code == 302
    assert rule_config(world.county).value("mom", "revenue", "S") == 0.4
    assert rule_config(world.county).value("yoy", "revenue", "S") == 0.5
    bad = client.post(reverse("quality:settings"), {"form": "expression", "label": "x", "text": "salary > 1"})
    assert bad.status_code == 400 and "未配置" in bad.content.decode()
    assert client_for(specialist).post(reverse("quality:settings"), {"form": "value"}).status_code == 403
    assert RuleSetting.objects.count() == 1


def test_an_indicator_can_be_added_and_is_then_importable(world: Any, coordinator: Any, tmp_path: Path) -> None:
    from shuangsuiji.quality.services.imports import import_reported_values
    from tests.factories import UnitFactory

    client = client_for(coordinator)
    response = client.post(
        reverse("quality:settings"),
        {
            "form": "indicator",
            "code": "output_value",
            "name": "产品销售收入",
            "unit": "万元",
            "is_cumulative": "on",
            "is_money": "on",
            "categories": ["IND"],
            "department_name": "专业股",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = UnitFactory(bureau=world.county)
    path = tmp_path / "new.csv"
    path.write_text(
        f"统一社会信用代码,报告期,产品销售收入,产品销售收入本年累计\n{unit.uscc},2026-10,10,90\n", encoding="utf-8"
    )
    report = import_reported_values(actor=coordinator, bureau=world.county, path=path)
    assert report.written and ReportedValue.objects.get(unit=unit).indicator.name == "产品销售收入"
    duplicate = client.post(
        reverse("quality:settings"),
        {
            "form": "indicator",
            "code": "other",
            "name": "营业收入",
            "unit": "万元",
            "categories": ["IND"],
            "department_name": "x",
        },
    )
    assert duplicate.status_code == 400 and "已被其他指标使用" in duplicate.content.decode()
