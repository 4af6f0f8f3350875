"""Publishing a draw: the notice when it is committed (before the ceremony) and the result when it is confirmed;
substitutions afterwards republish the result as a correction."""

from __future__ import annotations

from typing import Any

from shuangsuiji.domain.masking import mask_person
from shuangsuiji.publicity.models import Publication
from shuangsuiji.publicity.services.core import correct, publish


def notice_payload(draw: Any) -> dict[str, Any]:
    task = draw.task
    return {
        "draw_id": draw.draw_id,
        "task": task.code,
        "task_name": task.name,
        "task_kind": task.get_kind_display(),
        "items": [i.name for i in task.items.all()],
        "period": [str(task.period_start), str(task.period_end)],
        "frame_count": draw.frame_count,
        "frame_sha256": draw.frame_sha256,
        "strata_counts": draw.strata_counts,
        "excluded_count": draw.excluded_count,
        "excluded_summary": draw.excluded_summary,
        "params": draw.params,
        "params_sha256": draw.params_sha256,
        "inspector_pool_size": len(draw.inspector_pool),
        "inspector_pool_sha256": draw.inspector_pool_sha256,
        "conflicts_sha256": draw.conflicts_sha256,
        "seed_recipe": draw.seed_recipe,
        "ceremony_at": draw.ceremony_at.isoformat() if draw.ceremony_at else None,
        "ceremony_place": draw.ceremony_place,
        "software_version": draw.software_version,
        "files": {"frame.csv": draw.frame_file, "excluded.csv": draw.excluded_file},
    }


def publish_draw_notice(*, actor: Any, draw: Any) -> Publication:
    task = draw.task
    return publish(
        actor=actor,
        bureau=task.bureau,
        kind=Publication.Kind.DRAW_NOTICE,
        subject_type="tasks.draw",
        subject_id=str(draw.pk),
        title=f"{task.name} 摇号公告（{draw.draw_id}）",
        payload=notice_payload(draw),
    )


def result_payload(
    draw: Any, result: dict[str, Any], names: dict[str, str], inspectors: dict[str, str]
) -> dict[str, Any]:
    """The published result: tickets and thresholds for every stratum, unit names, groups with the inspectors'
    public names, substitutions; witnesses' names masked (their roles shown)."""

    def entries(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{"id": r["id"], "ticket": r["ticket"], "name": names.get(r["id"], "")} for r in rows]

    strata = {
        code: {
            "N": s["N"],
            "n": s["n"],
            "threshold_ticket": s["threshold_ticket"],
            "selected": entries(s["selected"]),
            "reserve": entries(s["reserve"]),
        }
        for code, s in result["strata"].items()
    }
    groups = [[{"id": i, "name": inspectors.get(i, "")} for i in group] for group in result.get("groups", [])]
    return {
        **notice_payload(draw),
        "seed_inputs": result["seed_inputs"],
        "seed_string": result["seed_string"],
        "seed_sha256": result["seed_sha256"],
        "result_sha256": result["result_sha256"],
        "witnesses": [{"name": mask_person(w.get("name", "")), "role": w.get("role", "")} for w in draw.witnesses],
        "allocation": result["allocation"],
        "strata": strata,
        "targets": result["targets"],
        "groups": groups,
        "assignment": result.get("assignment", []),
        "departments": sorted((result.get("departments") or {}).keys()),
        "substitutions": result.get("substitutions", []),
        "files": {
            "RESULT.json": draw.result_file,
            "frame.csv": draw.frame_file,
            "excluded.csv": draw.excluded_file,
            "conflicts.csv": draw.conflicts_file if draw.conflicts_count else "",
            "inspectors.csv": f"draws/{draw.draw_id}/inspectors.csv" if draw.inspector_pool else "",
        },
        "has_inspectors": bool(draw.inspector_pool),
        "directed": _directed(draw),
    }


def _directed(draw: Any) -> list[dict[str, str]]:
    """Directed targets are listed apart, with their reason category (never mixed into the random result)."""
    rows = draw.task.directed_targets.select_related("unit").order_by("id")
    return [{"id": d.unit.uscc, "name": d.unit.name, "reason": d.get_reason_kind_display()} for d in rows]


def _lookups(draw: Any, result: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    from shuangsuiji.directory.selectors import unit_ids_by_code, units_by_ids
    from shuangsuiji.inspectors.models import Inspector

    codes = [e["id"] for s in result["strata"].values() for key in ("selected", "reserve") for e in s[key]]
    ids = unit_ids_by_code(draw.task.bureau_id, codes)
    by_id = dict(units_by_ids(list(ids.values())).values_list("id", "name"))
    names = {code: by_id[pk] for code, pk in ids.items()}
    pool = [i for group in result.get("groups", []) for i in group]
    inspectors = dict(Inspector.objects.filter(certificate_no__in=pool).values_list("certificate_no", "name"))
    return names, inspectors


def publish_draw_result(*, actor: Any, draw: Any, result: dict[str, Any]) -> Publication:
    names, inspectors = _lookups(draw, result)
    return publish(
        actor=actor,
        bureau=draw.task.bureau,
        kind=Publication.Kind.DRAW_RESULT,
        subject_type="tasks.draw",
        subject_id=str(draw.pk),
        title=f"{draw.task.name} 摇号结果（{draw.draw_id}）",
        payload=result_payload(draw, result, names, inspectors),
        unit_codes=result["targets"],
    )


def republish_draw_result(*, actor: Any, draw: Any, result: dict[str, Any], note: str) -> Publication | None:
    """After a substitution: the published result is corrected (the earlier one stays visible as corrected)."""
    live = Publication.objects.filter(
        kind=Publication.Kind.DRAW_RESULT,
        subject_type="tasks.draw",
        subject_id=str(draw.pk),
        superseded_at__isnull=True,
        withdrawn_at__isnull=True,
    ).first()
    if live is None:
        return None
    names, inspectors = _lookups(draw, result)
    targets = list(result["targets"]) + [s["by"] for s in result.get("substitutions", []) if s["kind"] == "target"]
    return correct(
        actor=actor,
        publication=live,
        payload=result_payload(draw, result, names, inspectors),
        note=note,
        unit_codes=targets,
    )
