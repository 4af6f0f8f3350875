"""After confirmation: a target found out of scope is replaced by the next unused reserve of its stratum, and an
unavailable inspector is replaced by the spec's rule (draw-spec §6, §7); both need an approver and a reason and
are appended to the draw record. Never a new draw with a new seed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.inspectors.models import Inspector
from shuangsuiji.publicity import services as publicity
from shuangsuiji.tasks import engine
from shuangsuiji.tasks.models import Assignment, Draw, GroupMember, Substitution, Target
from shuangsuiji.tasks.storage import read_conflicts, save_json


class SubstitutionError(Exception):
    """A substitution that is not allowed; the message is for the user."""


def report_out_of_scope(*, actor: Any, target: Target, reason: str) -> Target:
    """An inspector or coordinator reports that a drawn target is out of scope (注销、吊销、查无下落、迁出…); the
    replacement by the next reserve then waits for an approver on the draw's page."""
    if not reason.strip():
        raise SubstitutionError("请说明不属于检查范围的原因")
    with transaction.atomic():
        target = Target.objects.select_for_update(of=("self",)).select_related("draw", "task").get(pk=target.pk)
        if target.kind != Target.Kind.RANDOM or target.state != Target.State.ACTIVE:
            raise SubstitutionError("只有随机抽中且有效的检查对象可以申请替换")
        if target.draw is None or target.draw.status != Draw.Status.CONFIRMED:
            raise SubstitutionError("摇号结果确认后才能申请替换")
        target.out_of_scope_reason, target.out_of_scope_reported_at = reason, timezone.now()
        target.save(update_fields=["out_of_scope_reason", "out_of_scope_reported_at"])
        record_event(
            actor=actor,
            bureau_id=target.task.bureau_id,
            action="draws.out_of_scope_reported",
            obj=target,
            summary=f"报告检查对象不属于检查范围：{target.frame_id}",
            data={"reason": reason},
        )
    return target


def _record(draw: Draw, kind: str, reason: str, actor: Any, details: dict[str, Any]) -> Substitution:
    seq = draw.substitutions.count() + 1
    return Substitution.objects.create(
        draw=draw,
        seq=seq,
        kind=kind,
        reason=reason,
        requested_by=_user(actor),
        approved_by=_user(actor),
        details=details,
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked_draw(draw_id: int) -> Draw:
    draw = Draw.objects.select_for_update().select_related("task").get(pk=draw_id)
    if draw.status != Draw.Status.CONFIRMED:
        raise SubstitutionError("摇号结果确认后才能替换")
    return draw


def substitute_target(*, actor: Any, target: Target, reason: str) -> Target:
    """A drawn target out of scope is replaced by the next unused reserve of its stratum (approved by a 局领导);
    the replacement inherits the group unless that group has a 回避 conflict with it."""
    if not reason.strip():
        raise SubstitutionError("请填写替换原因")
    with transaction.atomic():
        draw = _locked_draw(target.draw_id)  # type: ignore[arg-type]
        target = Target.objects.select_for_update().get(pk=target.pk)
        if target.kind != Target.Kind.RANDOM or target.state != Target.State.ACTIVE:
            raise SubstitutionError("只有随机抽中且有效的检查对象可以替换")
        result = engine.current_result(draw)
        try:
            result, reserve_id = engine.substitute_target(draw, result, target.frame_id, reason)
        except engine.EngineError as exc:
            raise SubstitutionError(str(exc)) from None
        reserve = draw.targets.select_for_update().get(frame_id=reserve_id, kind=Target.Kind.RESERVE)
        _swap(target, reserve, reason)
        _save_result(draw, result)
        _record(
            draw,
            Substitution.Kind.TARGET,
            reason,
            actor,
            {"replaced": target.frame_id, "by": reserve_id, "stratum": target.stratum},
        )
        publicity.republish_draw_result(
            actor=actor,
            draw=draw,
            result=result,
            note=f"检查对象 {target.frame_id} 因“{reason}”由备选 {reserve_id} 替换",
        )
        record_event(
            actor=actor,
            bureau_id=draw.task.bureau_id,
            action="draws.target_substituted",
            obj=draw,
            summary=f"检查对象替换：{target.frame_id} → {reserve_id}",
            data={"reason": reason},
        )
    return reserve


def _swap(target: Target, reserve: Target, reason: str) -> None:
    target.state, target.substitution_reason = Target.State.SUBSTITUTED, reason
    target.save(update_fields=["state", "substitution_reason"])
    reserve.kind, reserve.state, reserve.replaces = Target.Kind.RANDOM, Target.State.ACTIVE, target
    reserve.ticket_order, reserve.substitution_reason = target.ticket_order, reason
    reserve.save(update_fields=["kind", "state", "replaces", "ticket_order", "substitution_reason"])
    conflicts = read_conflicts(target.draw)  # type: ignore[arg-type]
    for assignment in Assignment.objects.filter(target=target).select_related("group"):
        codes = set(assignment.group.members.filter(is_active=True).values_list("inspector_code", flat=True))
        if any((code, reserve.frame_id) in conflicts for code in codes):
            Target.objects.filter(pk=reserve.pk).update(needs_manual_group=True)
            continue
        Assignment.objects.get_or_create(target=reserve, group=assignment.group)


def replace_inspector(*, actor: Any, member: GroupMember, reason: str) -> GroupMember:
    """A drawn inspector who cannot go (岗位调整、工作冲突、身体健康…) is replaced by the first eligible,
    non-conflicted inspector of the same ticket order not already in that group (draw-spec §7)."""
    if not reason.strip():
        raise SubstitutionError("请填写调整原因")
    with transaction.atomic():
        member = GroupMember.objects.select_for_update().select_related("group").get(pk=member.pk)
        draw = _locked_draw(member.group.draw_id)
        if not member.is_active:
            raise SubstitutionError("该人员已被调整")
        result = engine.current_result(draw)
        try:
            result, substitute = engine.replace_inspector(
                draw,
                result,
                member.group.department_code,
                member.group.index,
                member.inspector_code,
                reason,
                _unavailable(draw),
            )
        except engine.EngineError as exc:
            raise SubstitutionError(str(exc)) from None
        member.is_active = False
        member.save(update_fields=["is_active"])
        inspector = Inspector.objects.filter(certificate_no=substitute).first()
        new = GroupMember.objects.create(
            group=member.group,
            inspector=inspector,
            inspector_code=substitute,
            inspector_name=getattr(inspector, "name", ""),
            position=member.position,
        )
        _save_result(draw, result)
        _record(
            draw,
            Substitution.Kind.INSPECTOR,
            reason,
            actor,
            {
                "group": member.group.index,
                "department": member.group.department_code,
                "replaced": member.inspector_code,
                "by": substitute,
            },
        )
        publicity.republish_draw_result(
            actor=actor,
            draw=draw,
            result=result,
            note=f"检查人员 {member.inspector_code} 因“{reason}”由 {substitute} 接替",
        )
        record_event(
            actor=actor,
            bureau_id=draw.task.bureau_id,
            action="draws.inspector_replaced",
            obj=draw,
            summary=f"检查人员调整：{member.inspector_code} → {substitute}",
            data={"reason": reason},
        )
    return new


def _save_result(draw: Draw, result: dict[str, Any]) -> None:
    draw.result_file = save_json(draw, "result.json", result)
    draw.result_sha256 = result["result_sha256"]
    draw.save(update_fields=["result_file", "result_sha256"])


def _unavailable(draw: Draw) -> list[str]:
    """Pool inspectors who cannot be drawn today (leave, transfer, expired certificate) — recorded with the
    replacement so that anyone can replay it."""
    today = timezone.localdate()
    pool = set(draw.inspector_pool) | {c for p in draw.partner_pools.values() for c in p}
    return sorted(
        i.certificate_no for i in Inspector.objects.filter(certificate_no__in=pool) if not i.is_eligible(today)
    )
