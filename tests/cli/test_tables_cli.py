"""The import/export/createuser commands: output, exit codes 0/1/2, nothing half-written."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.cli import main
from shuangsuiji.directory.models import Unit
from tests.factories import valid_uscc


def run_cli(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["统一社会信用代码", "单位名称", "区划代码", "行业代码"])
        writer.writerows(rows)
    return path


def test_import_succeeds_and_prints_the_counts(world: Any, tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path / "u.csv", [[valid_uscc(), "甲公司", "140522100001", "1311"]])
    assert run_cli("import", "units", str(path), "--bureau", "140522") == 0
    assert "created 1" in capsys.readouterr().out
    assert Unit.objects.count() == 1


def test_import_with_a_bad_row_exits_1_and_writes_nothing(world: Any, tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path / "u.csv", [[valid_uscc(), "甲公司", "140522100001", "1311"], ["bad", "乙", "x", "y"]])
    assert run_cli("import", "units", str(path), "--bureau", "140522") == 1
    out = capsys.readouterr().out
    assert "第3行" in out and "not written" in out
    assert Unit.objects.count() == 0
    assert (tmp_path / "u.rejected.csv").exists()


def test_skip_invalid_imports_the_good_rows(world: Any, tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", [[valid_uscc(), "甲公司", "140522100001", "1311"], ["bad", "乙", "x", "y"]])
    assert run_cli("import", "units", str(path), "--bureau", "140522", "--skip-invalid") == 0
    assert Unit.objects.count() == 1


def test_usage_errors_exit_2(world: Any, tmp_path: Path, capsys: Any) -> None:
    assert run_cli("import", "units", str(tmp_path / "missing.csv"), "--bureau", "140522") == 2
    assert run_cli("import", "nonsense", "x") == 2
    path = _csv(tmp_path / "u.csv", [])
    assert run_cli("import", "units", str(path), "--bureau", "999999") == 2
    assert run_cli("export", "units", str(tmp_path / "out.txt")) == 2
    assert "file not found" in capsys.readouterr().err


def test_export_writes_the_bureaus_units(world: Any, tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path / "u.csv", [[valid_uscc(), "甲公司", "140522100001", "1311"]])
    run_cli("import", "units", str(path), "--bureau", "140522")
    out = tmp_path / "out.xlsx"
    assert run_cli("export", "units", str(out), "--bureau", "140522") == 0
    assert out.exists() and "exported 1" in capsys.readouterr().out


def test_help_is_available_everywhere(capsys: Any) -> None:
    for args in (["--help"], ["import", "--help"], ["export", "--help"], ["demo", "--help"], ["createuser", "--help"]):
        assert run_cli(*args) == 0
    assert "usage" in capsys.readouterr().out


def test_createuser_creates_a_login_with_roles(world: Any, capsys: Any) -> None:
    code = run_cli(
        "createuser",
        "--username",
        "newbie",
        "--bureau",
        "140522",
        "--role",
        "coordinator",
        "--role",
        "局领导",
        "--password",
        "A-strong-pass-2026",
    )
    assert code == 0
    from shuangsuiji.accounts.models import User

    assert {r.value for r in User.objects.get(username="newbie").role_set} == {"coordinator", "leader"}
    assert run_cli("createuser", "--username", "x", "--bureau", "140522", "--role", "boss", "--password", "p") == 2
    assert run_cli("createuser", "--username", "y", "--bureau", "140522", "--role", "leader", "--password", "123") == 1
