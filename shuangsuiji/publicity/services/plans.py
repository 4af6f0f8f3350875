"""Publishing an annual plan version (事前公开: every version stays visible)."""

from __future__ import annotations

from typing import Any

from shuangsuiji.domain.scope import describe_scope
from shuangsuiji.publicity.models import Publication
from shuangsuiji.publicity.services.core import publish


def plan_payload(version: Any) -> dict[str, Any]:
    lines = [
        {
            "order": line.order,
            "item": line.item_version.name,
            "scope": describe_scope(line.scope),
            "ratio": f"{line.ratio_percent.normalize()}%",
            "frequency": f"{line.frequency}次/年",
            "schedule": line.schedule,
            "department": line.department.name if line.department_id else "",
        }
        for line in version.lines.select_related("item_version", "department").order_by("order")
    ]
    return {
        "year": version.plan.year,
        "number": version.number,
        "title": version.title,
        "adjustment_reason": version.adjustment_reason,
        "coverage_target_percent": str(version.coverage_target_percent),
        "category_targets": version.category_targets,
        "township_target_percent": None
        if version.township_target_percent is None
        else str(version.township_target_percent),
        "risk_ratios": version.risk_ratios,
        "yearly_cap": version.yearly_cap,
        "lines": lines,
        "approved_at": version.approved_at.isoformat() if version.approved_at else None,
    }


def publish_plan_version(*, actor: Any, version: Any) -> Publication:
    suffix = f"（第{version.number}版，调整）" if version.number > 1 else ""
    return publish(
        actor=actor,
        bureau=version.plan.bureau,
        kind=Publication.Kind.PLAN,
        subject_type="planning.planversion",
        subject_id=str(version.pk),
        title=f"{version.title}{suffix}",
        payload=plan_payload(version),
    )
