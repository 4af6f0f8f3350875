"""DSR-1, the verifiable draw (shared/reference/draw-spec.md): pure Python, exact integer arithmetic, SHA-256 only.

API (used by the platform, the `shuangsuiji draw` command and, re-implemented in 200 lines, the public verifier):

    run_draw(frame, params, draw_id=…, seed_inputs={…}, inspectors=[…] | None, conflicts={(inspector, unit)},
             department_pools={code: […]} | None, software_version="…") -> RESULT dict
    verify_result(result, frame, inspectors, conflicts) -> list of differences ([] = OK)
    substitute_target(result, target_id, reason) -> (new result, reserve id)
    replace_inspector(result, department, group_index, inspector_id, reason, conflicts, unavailable) -> (new, id)
    draw_areas(area_codes, count, seed) -> the areas of a multi-stage draw
    canonical_frame_text(rows), params_text(params), ticket(id, S), sha256_uniform(text)
"""

from shuangsuiji.domain.draw.canonical import canonical_frame_text, canonical_json, canonical_rows, params_text
from shuangsuiji.domain.draw.engine import conflicts_sha256, pool_sha256, result_sha256, run_draw
from shuangsuiji.domain.draw.errors import DrawInputError
from shuangsuiji.domain.draw.stages import draw_areas
from shuangsuiji.domain.draw.substitutions import current_groups, replace_inspector, substitute_target
from shuangsuiji.domain.draw.tickets import sha256_uniform, ticket
from shuangsuiji.domain.draw.verify import verify_result

__all__ = [
    "DrawInputError",
    "canonical_frame_text",
    "canonical_json",
    "canonical_rows",
    "conflicts_sha256",
    "current_groups",
    "draw_areas",
    "params_text",
    "pool_sha256",
    "replace_inspector",
    "result_sha256",
    "run_draw",
    "sha256_uniform",
    "substitute_target",
    "ticket",
    "verify_result",
]
