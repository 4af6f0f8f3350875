"""The public worked example and the check values pass exactly."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shuangsuiji.domain.draw import canonical_frame_text, run_draw, sha256_uniform, ticket, verify_result
from shuangsuiji.domain.draw.canonical import sha256_hex
from shuangsuiji.domain.draw.tickets import order_ids
from tests.domain.draw.conftest import example_frame


@pytest.fixture(scope="module")
def result(vectors: dict[str, Any]) -> dict[str, Any]:
    return run_draw(
        list(reversed(example_frame())),
        json.loads(vectors["params_canonical_json"]),
        draw_id="PUBLIC-EXAMPLE-2026-01",
        seed_inputs={"dice": "27182818284590452353"},
        inspectors=vectors["inspectors"]["pool"],
        conflicts={tuple(c) for c in vectors["assignment"]["conflicts"]},
    )


def test_rivest_check_values() -> None:
    assert sha256_uniform("abc") == "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
    assert ticket("AB-130", "01382438112797316654") == (
        "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
    )
    assert order_ids(["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"], "314159")[:4] == ["B-2", "B-3", "A-3", "A-2"]


def test_frame_params_and_seed_hashes(vectors: dict[str, Any], result: dict[str, Any]) -> None:
    assert sha256_hex(canonical_frame_text(example_frame())) == vectors["frame_sha256"]
    assert result["frame_sha256"] == vectors["frame_sha256"]
    assert result["params_sha256"] == vectors["params_sha256"]
    assert result["seed_string"] == vectors["seed_string"]
    assert result["seed_sha256"] == vectors["seed_string_sha256"]


def test_every_stratum_selection_reserve_and_threshold(vectors: dict[str, Any], result: dict[str, Any]) -> None:
    assert set(result["strata"]) == set(vectors["strata"])
    for code, expected in vectors["strata"].items():
        mine = result["strata"][code]
        assert (mine["N"], mine["n"]) == (expected["N"], expected["n"])
        assert [[e["ticket"], e["id"]] for e in mine["selected"]] == expected["selected"]
        assert [[e["ticket"], e["id"]] for e in mine["reserve"]] == expected["reserve"]
        assert mine["threshold_ticket"] == expected["threshold_ticket"]


def test_targets_inspectors_groups_and_assignment(vectors: dict[str, Any], result: dict[str, Any]) -> None:
    assert result["targets"] == vectors["targets_in_ticket_order"]
    assert result["inspector_order"] == vectors["inspectors"]["ticket_order"]
    assert result["groups"] == vectors["inspectors"]["groups"]
    assert [[a["target"], a["group"]] for a in result["assignment"]] == vectors["assignment"]["expected"]


def test_the_example_verifies(vectors: dict[str, Any], result: dict[str, Any]) -> None:
    conflicts = {tuple(c) for c in vectors["assignment"]["conflicts"]}
    assert verify_result(result, example_frame(), vectors["inspectors"]["pool"], conflicts) == []
    assert result["checks"]["second_path_agrees"] and result["checks"]["counts_match_allocation"]
