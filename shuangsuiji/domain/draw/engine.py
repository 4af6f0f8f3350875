"""run_draw: a whole DSR-1 draw from a frame, params, seed inputs, an inspector pool and a 回避 list, returning the
RESULT object (draw-spec §3–§8) after its acceptance checks."""

from __future__ import annotations

import functools
import gc
import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from shuangsuiji.domain.draw import checks
from shuangsuiji.domain.draw.allocation import allocate
from shuangsuiji.domain.draw.canonical import (
    ALGORITHM,
    canonical_json,
    check_params,
    clean_id,
    field_chunks,
    field_texts,
    params_text,
    seed_string,
    sha256_hex,
)
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.frame import Frame, build_frame
from shuangsuiji.domain.draw.inspectors import draw_inspectors
from shuangsuiji.domain.draw.parallel import background, processes_for
from shuangsuiji.domain.draw.selection import bounds, differences, second_path, select


def pool_sha256(ids: Iterable[str]) -> str:
    """Hash of the inspector pool as its CSV file: header `id`, ids in byte order."""
    return sha256_hex("id\n" + "".join(f"{i}\n" for i in sorted(ids, key=lambda i: i.encode("utf-8"))))


def conflicts_sha256(pairs: Iterable[tuple[str, str]]) -> str:
    """Hash of the 回避 list as its CSV file: header `inspector_id,unit_id`, pairs in byte order."""
    lines = sorted({f"{a},{b}\n" for a, b in pairs}, key=lambda line: line.encode("utf-8"))
    return sha256_hex("inspector_id,unit_id\n" + "".join(lines))


def result_sha256(result: Mapping[str, Any]) -> str:
    return sha256_hex(canonical_json({k: v for k, v in result.items() if k != "result_sha256"}))


def run_draw(
    frame: Iterable[tuple[str, str]] | Frame,
    params: Mapping[str, Any],
    *,
    draw_id: str,
    seed_inputs: Mapping[str, str],
    inspectors: Sequence[str] | None = None,
    conflicts: Collection[tuple[str, str]] | None = None,
    department_pools: Mapping[str, Sequence[str]] | None = None,
    software_version: str = "",
    canonical: bool = False,
    processes: int | None = None,
) -> dict[str, Any]:
    """The RESULT object. `frame` is (id, stratum) rows in any order, or a built Frame (pass canonical=True for
    rows the platform already validated and ordered when it committed them)."""
    result, _ = draw_with_text(
        frame,
        params,
        draw_id=draw_id,
        seed_inputs=seed_inputs,
        inspectors=inspectors,
        conflicts=conflicts,
        department_pools=department_pools,
        software_version=software_version,
        canonical=canonical,
        processes=processes,
    )
    return result


def draw_with_text(
    frame: Iterable[tuple[str, str]] | Frame,
    params: Mapping[str, Any],
    *,
    draw_id: str,
    seed_inputs: Mapping[str, str],
    inspectors: Sequence[str] | None = None,
    conflicts: Collection[tuple[str, str]] | None = None,
    department_pools: Mapping[str, Sequence[str]] | None = None,
    software_version: str = "",
    canonical: bool = False,
    processes: int | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """run_draw, and the result as JSON text in pieces (write them one after the other): the canonical JSON that
    result_sha256 is computed over, with `result_sha256` added last — serialised once, never copied whole (a large
    result's JSON costs as much memory and time as its draw). `processes`
    sets how many processes hash a large frame (default: one per CPU, at most 4; the result is the same)."""
    was_enabled = gc.isenabled()
    gc.disable()  # a large draw makes ~10 objects per selected unit: no cyclic collections meanwhile (none form)
    try:
        return _draw(
            frame,
            params,
            draw_id=draw_id,
            seed_inputs=seed_inputs,
            inspectors=inspectors,
            conflicts=conflicts,
            department_pools=department_pools,
            software_version=software_version,
            canonical=canonical,
            processes=processes,
        )
    finally:
        if was_enabled:
            gc.enable()


def _draw(
    frame: Iterable[tuple[str, str]] | Frame,
    params: Mapping[str, Any],
    *,
    draw_id: str,
    seed_inputs: Mapping[str, str],
    inspectors: Sequence[str] | None,
    conflicts: Collection[tuple[str, str]] | None,
    department_pools: Mapping[str, Sequence[str]] | None,
    software_version: str,
    canonical: bool,
    processes: int | None,
) -> tuple[dict[str, Any], list[str]]:
    check_params(params)
    rows = frame if isinstance(frame, Frame) else build_frame(frame, trusted=canonical)
    if not len(rows):
        raise DrawInputError("the frame is empty")
    params = _full_params(params, department_pools)
    header = _header(rows.sha256, params, draw_id, seed_inputs)
    seed = header["seed_string"]
    allocation = allocate(rows.counts(), params, seed)
    reserve = int(params.get("reserve_per_stratum", 0))
    wanted = {row.stratum: row.n + reserve for row in allocation}
    workers = processes_for(len(rows), processes)
    bound = bounds(rows, wanted, seed, workers)
    # The second, independent path runs beside the rest of the work (the fast path's ranking included) when there
    # is a CPU for it.
    second = background(functools.partial(second_path, rows, *bound, wanted, seed), fork=workers > 1)
    selection = select(rows, wanted, seed, workers, bound)
    strata = _strata(allocation, selection.picks)
    targets, target_positions = selection.targets({row.stratum: row.n for row in allocation})
    selection.release()  # its candidate lists are in `strata` and `targets` now
    result: dict[str, Any] = {
        **header,
        "frame_count": len(rows),
        "allocation": [r.as_dict() for r in allocation],
        "strata": strata,
        "targets": targets,
        "substitutions": [],
        "software_version": software_version,
    }
    _inspectors(result, params, seed, targets, inspectors, conflicts or set())
    texts = field_texts(result, plain_ids=rows.plain)  # while the second path may still be running
    differing = differences(rows, selection.picks, second())
    result["checks"] = checks.acceptance(result, differing, target_positions, len(rows))
    texts["checks"] = canonical_json(result["checks"])
    chunks = field_chunks(texts)
    del texts
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk.encode("utf-8"))
    result["result_sha256"] = digest.hexdigest()
    chunks[-1] = f',"result_sha256":"{result["result_sha256"]}"}}'  # in place of the closing brace
    return result, chunks


def seed_of(
    params: Mapping[str, Any],
    *,
    draw_id: str,
    seed_inputs: Mapping[str, str],
    department_pools: Mapping[str, Sequence[str]] | None = None,
) -> Callable[[str], str]:
    """frame_sha256 -> the seed string S a draw with these inputs will use (for hashing a frame while reading it)."""
    check_params(params)
    full = _full_params(params, department_pools)
    return lambda frame_sha256: str(_header(frame_sha256, full, draw_id, seed_inputs)["seed_string"])


def _full_params(params: Mapping[str, Any], department_pools: Mapping[str, Sequence[str]] | None) -> dict[str, Any]:
    full = dict(params)
    if department_pools:
        full.setdefault("department_pools", {c: sorted(p) for c, p in department_pools.items()})
    return full


def _header(
    frame_sha256: str, params: Mapping[str, Any], draw_id: str, seed_inputs: Mapping[str, str]
) -> dict[str, Any]:
    draw_id = clean_id(draw_id)
    values = {"draw_id": draw_id, "frame_sha256": frame_sha256, "params_sha256": sha256_hex(params_text(params))}
    given = {k: str(v) for k, v in seed_inputs.items()}
    clash = sorted(set(given) & set(values))
    if clash:
        raise DrawInputError(f"seed field(s) {', '.join(clash)} are computed and cannot be given")
    seed = seed_string(params["seed_fields"], {**values, **given})
    return {
        "algorithm": ALGORITHM,
        "draw_id": draw_id,
        "frame_sha256": values["frame_sha256"],
        "params": dict(params),
        "params_sha256": values["params_sha256"],
        "seed_inputs": given,
        "seed_string": seed,
        "seed_sha256": sha256_hex(seed),
    }


def _strata(allocation: Sequence[Any], picks: Mapping[str, list[tuple[str, str]]]) -> dict[str, Any]:
    strata = {}
    for row in allocation:
        ranked = picks.get(row.stratum, [])
        selected, reserve = ranked[: row.n], ranked[row.n :]
        strata[row.stratum] = {
            "N": row.N,
            "n": row.n,
            "selected": [{"id": i, "ticket": t} for i, t in selected],
            "reserve": [{"id": i, "ticket": t} for i, t in reserve],
            "threshold_ticket": selected[-1][1] if selected else None,
        }
    return strata


def _inspectors(
    result: dict[str, Any],
    params: Mapping[str, Any],
    seed: str,
    targets: Sequence[str],
    pool: Sequence[str] | None,
    conflicts: Collection[tuple[str, str]],
) -> None:
    k = int(params.get("group_size", 2))
    if pool is not None:
        result["inspector_pool_sha256"] = pool_sha256(pool)
        result["conflicts_sha256"] = conflicts_sha256(conflicts)
        result.update(draw_inspectors(pool, seed, k, targets, conflicts))
    else:
        result.update({"inspector_order": [], "groups": [], "assignment": []})
    departments = params.get("department_pools") or {}
    if departments:
        result["departments"] = {
            code: draw_inspectors(ids, seed, k, targets, conflicts, department=code)
            for code, ids in sorted(departments.items())
        }
