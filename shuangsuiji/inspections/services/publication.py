"""Handing accepted results to publication (待公示) and publishing them on the portal in the format of
platform-features §3.4, masked; publishing completes the 20-working-day deadline opened at acceptance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.masking import mask_person, mask_text
from shuangsuiji.domain.outcomes import FOLLOW_UPS, METHODS
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.inspections.services.records import InspectionError, _locked

State = Inspection.State


def hand_over(*, actor: Any, inspection: Inspection) -> Inspection:
    """已审核 → 待公示."""
    with transaction.atomic():
        inspection = _locked(inspection)
        if inspection.bureau_id != getattr(actor, "bureau_id", None):
            raise InspectionError("只能移交本局的检查结果")
        if inspection.state != State.ACCEPTED:
            raise InspectionError(f"检查记录{inspection.get_state_display()}，审核通过后才能移交公示")
        inspection.state = State.FOR_PUBLICATION
        inspection.save(update_fields=["state", "updated_at"])
        record_event(
            actor=actor,
            bureau_id=inspection.bureau_id,
            action="inspections.handed_over",
            obj=inspection,
            summary=f"移交公示：{inspection.unit}",
        )
    return inspection


def public_unit_name(unit: Any) -> str:
    """个体工商户 are natural persons: the operator's name inside the business name is masked (张*小吃店), and a
    name that is only a person's name is masked whole."""
    if not unit.is_individual_business:
        return str(unit.name)
    name = mask_text(unit.name, [unit.legal_representative])
    if name == unit.name and len(unit.name) <= 4:
        name = mask_person(unit.name)
    return name


def result_payload(inspection: Inspection) -> dict[str, Any]:
    """What the public sees of one result; natural persons' names are masked (个体工商户 and representatives)."""
    from shuangsuiji.inspections.vocabulary import outcome_categories

    labels = {c.code: c.label for c in outcome_categories(inspection.bureau_id)}
    task, unit = inspection.task, inspection.unit
    plan_line = task.plan_line
    plan = plan_line.version if plan_line else None
    name = public_unit_name(unit)
    outcomes = [labels.get(code, code) for code in inspection.outcomes]
    follow_up = FOLLOW_UPS.get(inspection.follow_up, "")
    if inspection.follow_up == "rectify" and inspection.rectification_due:
        follow_up += f"（整改期限：{inspection.rectification_due:%Y年%-m月%-d日}）"
    kind = "定向检查" if inspection.target.kind == "directed" else "双随机抽查"
    if task.kind == "joint":
        kind = f"部门联合{kind}"
    note = "复查" if inspection.recheck_of_id else ""
    items = "；".join(v.name for v in task.items.all())
    fields = [
        ["抽查计划编号", f"{plan.plan.year}-{plan.number}" if plan else "计划外任务"],
        ["抽查计划名称", plan.title if plan else task.adhoc_reason],
        ["抽查任务编号", task.code],
        ["抽查任务名称", task.name],
        ["抽查类型", kind],
        ["抽查事项", items],
        ["检查机关", inspection.bureau.name],
        ["抽查对象名称", name],
        ["统一社会信用代码", unit.uscc],
        ["检查方式", "、".join(METHODS.get(m, m) for m in inspection.methods)],
        ["检查完成日期", f"{inspection.inspected_on:%Y-%m-%d}" if inspection.inspected_on else ""],
        ["检查结果", "；".join(outcomes)],
        ["后续处理", follow_up],
        ["备注", note],
    ]
    problem = any(c.is_problem for c in outcome_categories(inspection.bureau_id) if c.code in inspection.outcomes)
    no_problem = any(
        c.credit_no_problem for c in outcome_categories(inspection.bureau_id) if c.code in inspection.outcomes
    )
    return {
        "fields": fields,
        "task": task.code,
        "unit_name": name,
        "uscc": unit.uscc,
        "inspected_on": inspection.inspected_on.isoformat() if inspection.inspected_on else None,
        "outcomes": outcomes,
        "follow_up": follow_up,
        "problem_found": problem,
        "no_problem": no_problem and not problem,
        "recheck": bool(inspection.recheck_of_id),
    }


def publish_results(*, actor: Any, inspections: Iterable[Inspection]) -> int:
    """Publish the given results that are 待公示 (all or nothing); returns how many were published."""
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.publicity.models import Publication
    from shuangsuiji.publicity.services.core import publish

    today = timezone.localdate()
    count = 0
    with transaction.atomic():
        for item in inspections:
            inspection = _locked(item)
            if inspection.bureau_id != getattr(actor, "bureau_id", None):
                raise InspectionError("只能公示本局的检查结果")
            if inspection.state != State.FOR_PUBLICATION:
                raise InspectionError(f"{inspection.unit}：检查记录{inspection.get_state_display()}，不能公示")
            payload = result_payload(inspection)
            publish(
                actor=actor,
                bureau=inspection.bureau,
                kind=Publication.Kind.RESULT,
                subject_type="inspections.inspection",
                subject_id=str(inspection.pk),
                title=f"{payload['unit_name']}抽查结果（{inspection.task.code}）",
                payload=payload,
                unit_codes=[inspection.unit.uscc],
            )
            inspection.state = State.PUBLISHED
            inspection.save(update_fields=["state", "updated_at"])
            record_event(
                actor=actor,
                bureau_id=inspection.bureau_id,
                action="inspections.published",
                obj=inspection,
                summary=f"检查结果已公示：{inspection.unit}",
            )
            if inspection.result_date:
                deadlines.complete_deadline(
                    actor=actor,
                    kind="result_publication",
                    subject_type="inspections.inspection",
                    subject_id=str(inspection.pk),
                    done_on=today,
                )
            count += 1
    return count
