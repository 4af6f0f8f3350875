"""`shuangsuiji draw run/verify` and the standalone verifier answer alike (OK / each difference, exit 0/1/2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_tables_cli import run_cli
from tests.domain.draw.conftest import example_frame

VERIFIER = Path(__file__).resolve().parents[2] / "shuangsuiji" / "verifier" / "verify_draw.py"


@pytest.fixture
def files(tmp_path: Path, vectors: dict[str, Any]) -> dict[str, Path]:
    frame = tmp_path / "frame.csv"
    frame.write_text("id,stratum\n" + "".join(f"{i},{s}\n" for i, s in reversed(example_frame())), encoding="utf-8")
    params = tmp_path / "params.json"
    params.write_text(vectors["params_canonical_json"], encoding="utf-8")
    inspectors = tmp_path / "inspectors.csv"
    inspectors.write_text("id,name\n" + "".join(f"{i},某某\n" for i in vectors["inspectors"]["pool"]), encoding="utf-8")
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text(
        "inspector_id,unit_id\n" + "".join(f"{a},{b}\n" for a, b in vectors["assignment"]["conflicts"])
    )
    return {
        "frame": frame,
        "params": params,
        "inspectors": inspectors,
        "conflicts": conflicts,
        "out": tmp_path / "RESULT.json",
    }


@pytest.fixture
def vectors() -> dict[str, Any]:
    from tests.domain.draw.conftest import VECTORS

    return json.loads(VECTORS.read_text(encoding="utf-8"))


def _run(files: dict[str, Path]) -> int:
    return run_cli(
        "draw",
        "run",
        "--frame",
        str(files["frame"]),
        "--params",
        str(files["params"]),
        "--draw-id",
        "PUBLIC-EXAMPLE-2026-01",
        "--seed-input",
        "dice=27182818284590452353",
        "--inspectors",
        str(files["inspectors"]),
        "--conflicts",
        str(files["conflicts"]),
        "--out",
        str(files["out"]),
    )


def _verify_args(files: dict[str, Path]) -> list[str]:
    return [
        str(files["out"]),
        "--frame",
        str(files["frame"]),
        "--inspectors",
        str(files["inspectors"]),
        "--conflicts",
        str(files["conflicts"]),
    ]


def _standalone(files: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(VERIFIER), *_verify_args(files)], capture_output=True, text=True, check=False
    )


def test_run_writes_the_result_of_the_public_example(files: dict[str, Path], vectors: dict[str, Any]) -> None:
    assert _run(files) == 0
    result = json.loads(files["out"].read_text(encoding="utf-8"))
    assert result["targets"] == vectors["targets_in_ticket_order"]
    assert result["seed_string"] == vectors["seed_string"]
    for key in (
        "algorithm",
        "draw_id",
        "frame_sha256",
        "params",
        "params_sha256",
        "seed_inputs",
        "seed_sha256",
        "allocation",
        "strata",
        "inspector_order",
        "groups",
        "assignment",
        "substitutions",
        "checks",
        "software_version",
        "result_sha256",
    ):
        assert key in result


def test_verify_and_the_standalone_verifier_say_ok(files: dict[str, Path], capsys: Any) -> None:
    _run(files)
    capsys.readouterr()
    assert run_cli("draw", "verify", *_verify_args(files)) == 0
    assert capsys.readouterr().out.startswith("OK ")
    standalone = _standalone(files)
    assert standalone.returncode == 0 and standalone.stdout.startswith("OK ")


@pytest.mark.parametrize("edit", ["ticket", "swap", "seed", "hash", "added", "removed"])
def test_both_verifiers_catch_tampering(files: dict[str, Path], edit: str, capsys: Any) -> None:
    _run(files)
    result = json.loads(files["out"].read_text(encoding="utf-8"))
    stratum = next(iter(result["strata"].values()))
    if edit == "ticket":
        stratum["selected"][0]["ticket"] = "0.000000001"
    elif edit == "swap":
        result["targets"][0], result["targets"][1] = result["targets"][1], result["targets"][0]
    elif edit == "seed":
        result["seed_inputs"]["dice"] = "00000000000000000000"
    elif edit == "hash":
        result["result_sha256"] = "f" * 64
    files["out"].write_text(json.dumps(result), encoding="utf-8")
    lines = files["frame"].read_text(encoding="utf-8").splitlines()
    if edit == "added":
        lines.append("P99999,A/C13/140522")
    elif edit == "removed":
        lines = [line for line in lines if not line.startswith(stratum["reserve"][0]["id"])]
    files["frame"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert run_cli("draw", "verify", *_verify_args(files)) == 1
    assert "DIFFERENCE" in capsys.readouterr().out
    standalone = _standalone(files)
    assert standalone.returncode == 1 and "DIFFERENCE" in standalone.stdout


def test_bad_files_and_arguments(files: dict[str, Path], tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,layer\nA,1\n", encoding="utf-8")
    files_bad = {**files, "frame": bad}
    assert _run(files_bad) == 1
    assert "header" in capsys.readouterr().err
    assert run_cli("draw", "run", "--frame", str(files["frame"])) == 2
    assert run_cli("draw", "verify", str(tmp_path / "missing.json"), "--frame", str(files["frame"])) == 2
    dup = tmp_path / "dup.csv"
    dup.write_text("id,stratum\nA,s\nA,s\n", encoding="utf-8")
    assert _run({**files, "frame": dup}) == 1
    assert "duplicate id" in capsys.readouterr().err


def test_the_standalone_verifier_is_short_and_uses_only_the_standard_library() -> None:
    text = VERIFIER.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    imports = {line.split()[1] for line in text.splitlines() if line.startswith("import ")}
    assert imports <= set(sys.stdlib_module_names)


def test_both_verifiers_check_a_large_draw_done_by_several_processes(tmp_path: Path) -> None:
    """Large enough (over 8 MB) for the engine and the standalone verifier to split the work between CPUs."""
    from shuangsuiji.domain.draw.engine import draw_with_text
    from shuangsuiji.domain.draw.frame import read_frame_file

    frame = tmp_path / "frame.csv"
    lines = sorted(
        f"91{140501 + n % 97:06d}{n * 7919 % 10**10:010d},{'ABCD'[n % 4]}/{n % 37}\n" for n in range(330_000)
    )
    frame.write_text("id,stratum\n" + "".join(lines), encoding="utf-8")
    params = {"algorithm": "DSR-1", "ratios": {"A": [1, 100], "B": [3, 100], "C": [5, 100], "D": [1, 5]},
              "minimum_per_stratum": 0, "reserve_per_stratum": 2, "group_size": 2,
              "seed_fields": ["draw_id", "frame_sha256", "params_sha256", "dice"]}  # fmt: skip
    loaded = read_frame_file(str(frame), processes=2)
    assert loaded is not None
    result, chunks = draw_with_text(loaded, params, draw_id="BIG-1", seed_inputs={"dice": "12345"}, processes=2)
    out, text = tmp_path / "result.json", "".join(chunks)
    out.write_text(text, encoding="utf-8")
    standalone = subprocess.run([sys.executable, str(VERIFIER), str(out), "--frame", str(frame)], capture_output=True,
                                text=True, check=False)  # fmt: skip
    assert standalone.returncode == 0 and standalone.stdout.startswith("OK "), standalone.stderr
    first = next(iter(result["strata"].values()))["selected"][0]
    out.write_text(text.replace(first["ticket"], first["ticket"][:-1] + "0", 1), encoding="utf-8")
    standalone = subprocess.run([sys.executable, str(VERIFIER), str(out), "--frame", str(frame)], capture_output=True,
                                text=True, check=False)  # fmt: skip
    assert standalone.returncode == 1 and "DIFFERENCE" in standalone.stdout
