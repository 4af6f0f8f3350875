"""The record of one inspection: opened by a member of the target's group, filled in (possibly over several
visits), signed, submitted, and accepted or returned by the coordinator. States only move through here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import diff, record_event
from shuangsuiji.domain.outcomes import METHODS, OutcomeDefault, OutcomeError, check_outcomes
from shuangsuiji.inspections.models import Inspection, Review
from shuangsuiji.tasks.models import Draw, Target

State = Inspection.State
EDITABLE = (State.PENDING, State.IN_PROGRESS)
RECORD_FIELDS = (
    "methods",
    "inspected_on",
    "place",
    "answers",
    "findings",
    "outcomes",
    "follow_up",
    "rectification_due",
    "follow_up_note",
    "unit_response",
    "unit_signer",
    "unit_response_note",
)


class InspectionError(Exception):
    """An action that is not allowed now; the message is for the user."""


class InspectionInputError(InspectionError):
    """What the inspector typed does not validate; errors are (field, message) pairs and nothing was saved."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("；".join(message for _, message in errors))
        self.errors = errors


def group_of(target: Target) -> Any:
    assignment = target.assignments.select_related("group").order_by("is_manual", "id").first()
    return assignment.group if assignment else None


def member_inspectors(inspection: Inspection) -> list[Any]:
    """The active members of every group sent to the target (the lead's and, for a joint task, each partner's)."""
    from shuangsuiji.tasks.models import GroupMember

    members = (
        GroupMember.objects.filter(is_active=True, group__assignments__target_id=inspection.target_id)
        .select_related("inspector")
        .order_by("group__department_code", "group__index", "position")
        .distinct()
    )
    found = [m.inspector for m in members if m.inspector_id]
    if not found and inspection.group_id is not None:
        rows = inspection.group.members.filter(is_active=True).select_related("inspector")  # type: ignore[union-attr]
        found = [m.inspector for m in rows if m.inspector_id]
    return found


def joint_partners(inspection: Inspection) -> list[Any]:
    """The departments that joined the task; each records the findings on its own items (部门联合检查)."""
    if inspection.task.kind != "joint":
        return []
    return list(inspection.task.partners.filter(status="accepted").order_by("code"))


def is_member(user: Any, inspection: Inspection) -> bool:
    inspector = getattr(user, "inspector", None)
    return inspector is not None and any(i.pk == inspector.pk for i in member_inspectors(inspection))


def _may_record(actor: Any, inspection: Inspection) -> None:
    if is_member(actor, inspection):
        return
    if getattr(actor, "is_superuser", False):
        return
    raise InspectionError("只有本检查组的执法人员可以填写检查记录")


def open_inspection(*, actor: Any, target: Target) -> Inspection:
    """The inspection of a target, created on first opening (待检查). Only active random or directed targets of a
    confirmed draw (or directed targets of a task) can be inspected."""
    with transaction.atomic():
        target = Target.objects.select_for_update(of=("self",)).select_related("task", "draw").get(pk=target.pk)
        existing = Inspection.objects.filter(target=target, recheck_of__isnull=True).first()
        if existing:
            return existing
        if target.state != Target.State.ACTIVE or target.kind == Target.Kind.RESERVE:
            raise InspectionError("该对象不是有效的检查对象（备选或已被替换）")
        if target.draw is not None and target.draw.status != Draw.Status.CONFIRMED:
            raise InspectionError("摇号结果确认后才能开始检查")
        inspection = Inspection.objects.create(
            bureau_id=target.bureau_id,
            task=target.task,
            target=target,
            unit_id=target.unit_id,
            group=group_of(target),
        )
        if not (is_member(actor, inspection) or _is_coordinator(actor, inspection)):
            raise InspectionError("只有本检查组的执法人员或法制室可以打开该检查对象")
        record_event(
            actor=actor,
            bureau_id=inspection.bureau_id,
            action="inspections.opened",
            obj=inspection,
            summary=f"开始检查记录：{target.unit}",
            data={"target": target.pk, "group": inspection.group_id},
        )
    return inspection


def _is_coordinator(actor: Any, inspection: Inspection) -> bool:
    from shuangsuiji.core.permissions import Perm, has_perm

    return has_perm(actor, Perm.INSPECTION_REVIEW) and actor.bureau_id == inspection.bureau_id


def _outcome_table(bureau_id: int) -> dict[str, OutcomeDefault]:
    from shuangsuiji.inspections.vocabulary import outcome_categories

    return {
        c.code: OutcomeDefault(c.code, c.label, c.is_problem, c.needs_follow_up, c.out_of_scope, c.credit_no_problem)
        for c in outcome_categories(bureau_id)
    }


def _clean(inspection: Inspection, data: dict[str, Any], *, final: bool) -> dict[str, Any]:
    """Validate what was typed; `final` adds the completeness rules of submission."""
    from shuangsuiji.inspections.vocabulary import checkpoints_for

    errors: list[tuple[str, str]] = []
    clean: dict[str, Any] = {}
    methods = [m for m in data.get("methods", []) if m]
    if unknown := [m for m in methods if m not in METHODS]:
        errors.append(("methods", f"未知的检查方式：{'、'.join(unknown)}"))
    clean["methods"] = methods
    inspected_on = data.get("inspected_on")
    if isinstance(inspected_on, str) and inspected_on:
        try:
            inspected_on = dt.date.fromisoformat(inspected_on)
        except ValueError:
            errors.append(("inspected_on", f"检查日期“{inspected_on}”格式不对，应为 YYYY-MM-DD"))
            inspected_on = None
    inspected_on = inspected_on or None
    if inspected_on and inspected_on > timezone.localdate():
        errors.append(("inspected_on", "检查日期不能晚于今天"))
    elif inspected_on and inspected_on < inspection.task.period_start:
        errors.append(("inspected_on", f"检查日期早于任务检查期限（自 {inspection.task.period_start} 起）"))
    elif inspected_on and inspection.target.draw_id and inspected_on < _drawn_on(inspection):
        errors.append(("inspected_on", f"检查日期早于摇号结果确认日期（{_drawn_on(inspection)}）"))
    clean["inspected_on"] = inspected_on
    clean["place"] = str(data.get("place") or "").strip()[:300]
    clean["findings"] = str(data.get("findings") or "").strip()
    clean["outcomes"] = [o for o in data.get("outcomes", []) if o]
    clean["follow_up"] = str(data.get("follow_up") or "")
    due = data.get("rectification_due")
    if isinstance(due, str) and due:
        try:
            due = dt.date.fromisoformat(due)
        except ValueError:
            errors.append(("rectification_due", f"整改期限“{due}”格式不对，应为 YYYY-MM-DD"))
            due = None
    clean["rectification_due"] = due or None
    clean["follow_up_note"] = str(data.get("follow_up_note") or "").strip()[:300]
    response = str(data.get("unit_response") or "")
    if response not in Inspection.UnitResponse.values:
        errors.append(("unit_response", "被检查单位意见无效"))
    clean["unit_response"] = response
    clean["unit_signer"] = str(data.get("unit_signer") or "").strip()[:60]
    clean["unit_response_note"] = str(data.get("unit_response_note") or "").strip()[:300]

    answers: dict[str, dict[str, str]] = {}
    raw_answers = data.get("answers") or {}
    for point in checkpoints_for(inspection):
        key = str(point.pk)
        raw = raw_answers.get(key) or {}
        answer = str(raw.get("answer") or "").strip()
        note = str(raw.get("note") or "").strip()[:500]
        label = f"检查要点{point.order}“{point.text[:20]}”"
        if answer:
            if point.answer_type == "yes_no" and answer not in ("是", "否"):
                errors.append((f"answer_{key}", f"{label}只能答“是”或“否”"))
            elif point.answer_type == "choice" and point.choices and answer not in point.choices:
                errors.append((f"answer_{key}", f"{label}的答案须从选项中选择"))
            elif point.answer_type == "number":
                try:
                    Decimal(answer)
                except InvalidOperation:
                    errors.append((f"answer_{key}", f"{label}须填写数值，“{answer}”不是数值"))
        elif final and point.is_required and point.answer_type != "attachment":
            errors.append((f"answer_{key}", f"{label}为必答项，尚未填写"))
        if answer or note:
            answers[key] = {"answer": answer, "note": note}
    for partner in joint_partners(inspection):
        key = f"partner:{partner.code}"
        text = str((raw_answers.get(key) or {}).get("answer") or "").strip()[:2000]
        if text:
            answers[key] = {"answer": text, "note": ""}
        elif final:
            errors.append((f"answer_{key}", f"联合检查部门“{partner.label}”的检查情况尚未填写"))
    clean["answers"] = answers

    if final:
        if not methods:
            errors.append(("methods", "请选择检查方式"))
        if not clean["inspected_on"]:
            errors.append(("inspected_on", "请填写检查日期"))
        if not clean["place"]:
            errors.append(("place", "请填写检查地点"))
        try:
            check_outcomes(clean["outcomes"], clean["follow_up"], _outcome_table(inspection.bureau_id))
        except OutcomeError as exc:
            errors.append(("outcomes", str(exc)))
        if clean["follow_up"] == "rectify" and not clean["rectification_due"]:
            errors.append(("rectification_due", "责令限期改正须填写整改期限"))
        if clean["rectification_due"] and clean["inspected_on"] and clean["rectification_due"] <= clean["inspected_on"]:
            errors.append(("rectification_due", "整改期限应晚于检查日期"))
        if not response:
            errors.append(("unit_response", "请记录被检查单位签字确认或拒绝签字"))
        if response == Inspection.UnitResponse.REFUSED and not clean["unit_response_note"]:
            errors.append(("unit_response_note", "被检查单位拒绝签字的，须说明情况"))
        if response == Inspection.UnitResponse.ACKNOWLEDGED and not clean["unit_signer"]:
            errors.append(("unit_signer", "请填写被检查单位签字人"))
        problems = _problem_answers(inspection, answers)
        if problems and not clean["findings"]:
            errors.append(("findings", f"检查要点 {'、'.join(problems)} 答“否”即发现问题，请填写检查发现"))
    elif clean["outcomes"]:
        try:
            check_outcomes(clean["outcomes"], clean["follow_up"], _outcome_table(inspection.bureau_id))
        except OutcomeError as exc:
            if "后续处理" not in str(exc):
                errors.append(("outcomes", str(exc)))
    if errors:
        raise InspectionInputError(errors)
    return clean


def _drawn_on(inspection: Inspection) -> dt.date:
    confirmed = inspection.target.draw.confirmed_at  # type: ignore[union-attr]
    return timezone.localdate(confirmed) if confirmed else inspection.task.period_start


def _problem_answers(inspection: Inspection, answers: dict[str, dict[str, str]]) -> list[str]:
    from shuangsuiji.inspections.vocabulary import checkpoints_for

    return [
        str(p.order)
        for p in checkpoints_for(inspection)
        if p.answer_type == "yes_no" and p.problem_when_no and answers.get(str(p.pk), {}).get("answer") == "否"
    ]


def _snapshot(inspection: Inspection) -> dict[str, Any]:
    values = {name: getattr(inspection, name) for name in RECORD_FIELDS}
    for name in ("inspected_on", "rectification_due"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update(of=("self",)).select_related("group", "target").get(pk=inspection.pk)


def save_record(*, actor: Any, inspection: Inspection, data: dict[str, Any]) -> Inspection:
    """Save what the inspector typed so far (a draft: completeness is checked at submission)."""
    with transaction.atomic():
        inspection = _locked(inspection)
        _may_record(actor, inspection)
        if inspection.state not in EDITABLE:
            raise InspectionError(f"检查记录{inspection.get_state_display()}，不能修改")
        clean = _clean(inspection, data, final=False)
        before = _snapshot(inspection)
        for name, value in clean.items():
            setattr(inspection, name, value)
        if inspection.state == State.PENDING:
            inspection.state = State.IN_PROGRESS
            inspection.started_at = timezone.now()
        inspection.save()
        changes = diff(before, _snapshot(inspection))
        record_event(
            actor=actor,
            bureau_id=inspection.bureau_id,
            action="inspections.recorded",
            obj=inspection,
            summary=f"保存检查记录：{inspection.unit}",
            data={"changes": changes},
        )
    return inspection


def submit(*, actor: Any, inspection: Inspection, data: dict[str, Any] | None = None) -> Inspection:
    """Submit the record for the coordinator's review: complete, signed by every active member of the group.
    An out-of-scope outcome (注销、吊销、查无下落、迁出) reports the target for reserve substitution."""
    with transaction.atomic():
        inspection = _locked(inspection)
        _may_record(actor, inspection)
        if inspection.state not in EDITABLE:
            raise InspectionError(f"检查记录{inspection.get_state_display()}，不能提交")
        source = data if data is not None else _snapshot(inspection)
        missing = [i.name for i in member_inspectors(inspection) if not inspection.signatures.filter(inspector=i)]
        errors = [("signatures", f"{'、'.join(missing)} 尚未签字确认")] if missing else []
        if len(member_inspectors(inspection)) < 2:
            errors.append(("signatures", "检查组须有两名以上执法人员"))
        try:
            clean = _clean(inspection, source, final=True)
        except InspectionInputError as exc:
            raise InspectionInputError(exc.errors + errors) from None
        if errors:
            raise InspectionInputError(errors)
        for name, value in clean.items():
            setattr(inspection, name, value)
        inspection.state = State.SUBMITTED
        inspection.submitted_at = timezone.now()
        inspection.submitted_by = actor if getattr(actor, "pk", None) else None
        inspection.save()
        record_event(
            actor=actor,
            bureau_id=inspection.bureau_id,
            action="inspections.submitted",
            obj=inspection,
            summary=f"提交检查记录：{inspection.unit}",
            data={
                "record": _snapshot(inspection),
                "evidence": list(inspection.evidence.values_list("sha256", flat=True)),
            },
        )
        out_of_scope = [c for c in clean["outcomes"] if _outcome_table(inspection.bureau_id)[c].out_of_scope]
        target = inspection.target
        if out_of_scope and target.kind == Target.Kind.RANDOM and not target.out_of_scope_reported_at:
            from shuangsuiji.tasks.services.substitutions import report_out_of_scope

            labels = "、".join(_outcome_table(inspection.bureau_id)[c].label for c in out_of_scope)
            report_out_of_scope(actor=actor, target=target, reason=f"现场检查发现：{labels}")
    return inspection


def review(*, actor: Any, inspection: Inspection, accept: bool, reason: str = "") -> Inspection:
    """The coordinator accepts the record (已审核; the result date starts the publication deadline, and the
    unit's credit-risk class follows the result by the bureau's rule) or returns it with a reason (back to 检查中;
    the submitted version is kept in the review)."""
    from shuangsuiji.core.permissions import Perm, has_perm

    if not has_perm(actor, Perm.INSPECTION_REVIEW):
        raise InspectionError("只有法制室可以审核检查记录")
    if not accept and not reason.strip():
        raise InspectionInputError([("reason", "退回时须说明理由")])
    with transaction.atomic():
        inspection = _locked(inspection)
        if inspection.bureau_id != actor.bureau_id:
            raise InspectionError("只能审核本局的检查记录")
        if inspection.state != State.SUBMITTED:
            raise InspectionError(f"检查记录{inspection.get_state_display()}，不能审核")
        Review.objects.create(
            inspection=inspection,
            decision=Review.Decision.ACCEPT if accept else Review.Decision.RETURN,
            reason=reason.strip(),
            snapshot=_snapshot(inspection),
            by=actor,
        )
        inspection.reviewed_at, inspection.reviewed_by = timezone.now(), actor
        if accept:
            inspection.state = State.ACCEPTED
            inspection.result_date = timezone.localdate()
        else:
            inspection.state = State.IN_PROGRESS
        inspection.save()
        record_event(
            actor=actor,
            bureau_id=inspection.bureau_id,
            action="inspections.accepted" if accept else "inspections.returned",
            obj=inspection,
            summary=f"{'审核通过' if accept else '退回'}检查记录：{inspection.unit}",
            data={"reason": reason.strip()},
        )
        if accept:
            from shuangsuiji.deadlines import services as deadlines

            deadlines.open_deadline(
                actor=actor,
                bureau=inspection.bureau,
                kind="result_publication",
                subject_type="inspections.inspection",
                subject_id=str(inspection.pk),
                label=f"检查结果公示：{inspection.unit.name}",
                start_on=inspection.result_date,  # type: ignore[arg-type]
                url=f"/inspections/{inspection.pk}/",
            )
            from shuangsuiji.cases.risk import apply_inspection_result

            apply_inspection_result(actor=actor, inspection=inspection)
    return inspection


def start_recheck(*, actor: Any, inspection: Inspection) -> Inspection:
    """A rectification order's re-check (复查) is its own record, linked to the first."""
    with transaction.atomic():
        first = _locked(inspection)
        if first.follow_up != "rectify":
            raise InspectionError("只有责令限期改正的检查可以复查")
        if first.state not in (State.ACCEPTED, State.FOR_PUBLICATION, State.PUBLISHED):
            raise InspectionError("检查记录审核通过后才能复查")
        if Inspection.objects.filter(recheck_of=first).exists():
            return Inspection.objects.get(recheck_of=first)
        if not (is_member(actor, first) or _is_coordinator(actor, first)):
            raise InspectionError("只有本检查组的执法人员或法制室可以开始复查")
        recheck = Inspection.objects.create(
            bureau_id=first.bureau_id,
            task_id=first.task_id,
            target_id=first.target_id,
            unit_id=first.unit_id,
            group_id=first.group_id,
            recheck_of=first,
        )
        record_event(
            actor=actor,
            bureau_id=first.bureau_id,
            action="inspections.recheck_opened",
            obj=recheck,
            summary=f"开始复查：{first.unit}",
            data={"first": first.pk, "due": first.rectification_due.isoformat() if first.rectification_due else None},
        )
    return recheck
