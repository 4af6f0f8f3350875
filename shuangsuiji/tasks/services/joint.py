"""部门联合抽查: the lead invites partner departments or agencies; each accepts or declines and commits its own
inspector pool (drawn under S + "|INSPECTORS|" + its code, draw-spec §7) before the lead commits the draw."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.inspectors.models import Inspector
from shuangsuiji.tasks.models import JointPartner, Task

_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


class JointError(Exception):
    """A joint-task action that is not allowed; the message is for the user."""


def _event(actor: Any, task: Task, action: str, summary: str, data: dict[str, Any]) -> None:
    record_event(actor=actor, bureau_id=task.bureau_id, action=f"tasks.{action}", obj=task, summary=summary, data=data)


def invite_partner(*, actor: Any, task: Task, items: str, department: Any = None, agency: Any = None) -> JointPartner:
    """Invite a department of this platform or another agency (市场监管局, 商务局 …) into a joint task."""
    if task.kind != Task.Kind.JOINT:
        raise JointError("只有部门联合抽查任务可以邀请联合部门")
    if task.status != Task.Status.DRAFT or task.draws.exclude(status="cancelled").exists():
        raise JointError("已开始摇号的任务不能再邀请联合部门")
    if (department is None) == (agency is None):
        raise JointError("请选择一个本平台科室或一个其他部门")
    if not items.strip():
        raise JointError("请填写该部门的检查事项")
    code = f"D{department.pk}" if department is not None else agency.code
    if not _CODE.match(code):
        raise JointError(f"部门代码“{code}”只能包含字母、数字、点、横线和下划线")
    try:
        with transaction.atomic():
            partner = JointPartner.objects.create(
                task=task, code=code, department=department, agency=agency, items=items, invited_by=_user(actor)
            )
            _event(actor, task, "partner_invited", f"邀请联合部门：{partner.label}", {"code": code, "items": items})
    except IntegrityError:
        raise JointError("该部门已在邀请之列") from None
    return partner


def respond(
    *, actor: Any, partner: JointPartner, accept: bool, note: str = "", pool: list[str] | None = None, on: Any = None
) -> JointPartner:
    """Accept (committing the partner's inspector pool) or decline with a note. A department of this platform
    commits its 在岗 inspectors with valid certificates; an agency's pool is given as a list of 执法证号."""
    with transaction.atomic():
        partner = (
            JointPartner.objects.select_for_update(of=("self",)).select_related("task", "department").get(pk=partner.pk)
        )
        if partner.status != JointPartner.Status.INVITED:
            raise JointError(f"已经答复（{partner.get_status_display()}）")
        if not accept and not note.strip():
            raise JointError("谢绝邀请请说明理由")
        if accept:
            partner.pool = _pool(partner, pool, on or timezone.localdate())
            if len(partner.pool) < partner.task.group_size:
                raise JointError(f"该部门可派检查人员 {len(partner.pool)} 人，少于每组 {partner.task.group_size} 人")
        partner.status = JointPartner.Status.ACCEPTED if accept else JointPartner.Status.DECLINED
        partner.responded_by, partner.responded_at, partner.response_note = _user(actor), timezone.now(), note
        partner.save()
        _event(
            actor,
            partner.task,
            "partner_responded",
            f"{partner.label}{'接受' if accept else '谢绝'}联合抽查邀请",
            {"code": partner.code, "accepted": accept, "pool": partner.pool, "note": note},
        )
    return partner


def _pool(partner: JointPartner, given: list[str] | None, on: Any) -> list[str]:
    if partner.department_id:
        eligible = Inspector.objects.filter(
            department_id=partner.department_id, status=Inspector.Status.ON_DUTY, certificate_valid_until__gte=on
        )
        return sorted(eligible.values_list("certificate_no", flat=True))
    codes = sorted({c.strip().upper() for c in (given or []) if c.strip()})
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise JointError(f"执法证号格式错误：{'、'.join(bad)}")
    return codes


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
