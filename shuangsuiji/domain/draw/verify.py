"""Re-checking a recorded result: recompute everything from the frame and the recorded inputs, replay the
substitutions, and list every difference (an empty list means the result is exactly what DSR-1 gives)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from shuangsuiji.domain.draw import substitutions
from shuangsuiji.domain.draw.engine import result_sha256, run_draw
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.frame import Frame

COMPARED = (
    "algorithm",
    "draw_id",
    "frame_sha256",
    "frame_count",
    "params_sha256",
    "seed_string",
    "seed_sha256",
    "allocation",
    "targets",
    "inspector_order",
    "groups",
    "assignment",
    "inspector_pool_sha256",
    "conflicts_sha256",
    "departments",
)


def verify_result(
    result: Mapping[str, Any],
    frame: Iterable[tuple[str, str]] | Frame,
    inspectors: Sequence[str] | None = None,
    conflicts: Collection[tuple[str, str]] | None = None,
) -> list[str]:
    """Differences between `result` and a fresh computation from `frame` and the result's recorded inputs."""
    problems: list[str] = []
    if result.get("result_sha256") != result_sha256(result):
        problems.append("result_sha256 does not match the content of the result (the file was edited)")
    try:
        fresh = run_draw(
            frame,
            result["params"],
            draw_id=result["draw_id"],
            seed_inputs=result.get("seed_inputs", {}),
            inspectors=inspectors if inspectors is not None or not result.get("groups") else [],
            conflicts=conflicts,
            software_version=result.get("software_version", ""),
        )
    except DrawInputError as exc:
        return [*problems, f"the recorded inputs cannot be recomputed: {exc}"]
    except KeyError as exc:
        return [*problems, f"the result lacks the field {exc}"]
    for key in COMPARED:
        if (key in result or key in fresh) and result.get(key) != fresh.get(key):
            problems.append(_describe(key, result.get(key), fresh.get(key)))
    problems += _compare_strata(result.get("strata", {}), fresh["strata"])
    problems += _replay(result, fresh, conflicts or set())
    return problems


def _describe(key: str, recorded: Any, computed: Any) -> str:
    if key == "frame_sha256":
        return f"frame_sha256 differs: the frame given is not the frame of the draw ({recorded} vs {computed})"
    if key in ("seed_string", "seed_sha256"):
        return f"{key} differs: recorded {recorded!r}, recomputed {computed!r}"
    if isinstance(recorded, list) and isinstance(computed, list):
        for index, (a, b) in enumerate(zip(recorded, computed, strict=False)):
            if a != b:
                return f"{key} differs at position {index}: recorded {a!r}, recomputed {b!r}"
        return f"{key} differs in length: recorded {len(recorded)}, recomputed {len(computed)}"
    return f"{key} differs: recorded {recorded!r}, recomputed {computed!r}"


def _compare_strata(recorded: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    problems = []
    for code in sorted(set(recorded) | set(fresh)):
        if code not in recorded or code not in fresh:
            problems.append(
                f"stratum {code} is {'missing from the result' if code not in recorded else 'not in the frame'}"
            )
            continue
        for field in ("N", "n", "selected", "reserve", "threshold_ticket"):
            if recorded[code].get(field) != fresh[code].get(field):
                problems.append(
                    f"stratum {code}: {_describe(field, recorded[code].get(field), fresh[code].get(field))}"
                )
    return problems


def _replay(result: Mapping[str, Any], fresh: dict[str, Any], conflicts: Collection[tuple[str, str]]) -> list[str]:
    """Each recorded substitution must be exactly what the rules give at that point."""
    problems = []
    replay = dict(fresh)
    for entry in result.get("substitutions", []):
        try:
            if entry.get("kind") == "target":
                replay, by = substitutions.substitute_target(replay, entry["replaced"], entry.get("reason", ""))
            else:
                replay, by = substitutions.replace_inspector(
                    replay,
                    entry.get("department", ""),
                    entry["group"],
                    entry["replaced"],
                    entry.get("reason", ""),
                    conflicts,
                    entry.get("unavailable", []),
                )
        except (DrawInputError, KeyError) as exc:
            problems.append(f"substitution {entry.get('seq')}: cannot be replayed ({exc})")
            break
        if by != entry.get("by"):
            problems.append(f"substitution {entry.get('seq')}: recorded {entry.get('by')!r}, the rules give {by!r}")
            break
    if not problems and replay.get("substitutions") != result.get("substitutions"):
        problems.append("the substitutions differ from their replay")
    return problems
