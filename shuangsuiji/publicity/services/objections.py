"""异议 to what the portal shows: submitted by anyone without a login (the enterprise concerned, usually), checked
and answered by the bureau's 法制室 — 已更正 or 维持原公示, with reasons — within the deadline `objection_reply`,
which the submission opens and the answer closes. Both are audited."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.core.audit import record_event
from shuangsuiji.core.permissions import Perm, has_perm
from shuangsuiji.publicity.models import Objection, Publication
from shuangsuiji.publicity.services.core import PublicityError

SUBJECT = "publicity.objection"
_CONTACT = re.compile(r"^(\+?[\d\- ]{7,20}|[^@\s]+@[^@\s]+\.[^@\s]+)$")
DAILY_LIMIT = 5  # objections from one contact on one record a day: more are refused as abuse


class ObjectionError(PublicityError):
    """A submission or an answer refused; `errors` maps each field at fault to its Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def submit_objection(
    *, publication: Publication, name: str, organisation: str, uscc: str, contact: str, content: str
) -> Objection:
    """Record an objection to a live publication and open the bureau's deadline to answer it."""
    from shuangsuiji.deadlines import services as deadlines

    name, organisation, uscc = name.strip(), organisation.strip(), uscc.strip().upper()
    contact, content = contact.strip(), content.strip()
    errors = {}
    if not publication.is_live:
        errors[""] = "该公示信息已撤下或已更正，不能再提出异议"
    if not name or len(name) > 50:
        errors["name"] = "请填写提出人姓名（不超过50个字）"
    if len(organisation) > 200:
        errors["organisation"] = "单位名称不超过200个字"
    if uscc and (len(uscc) != 18 or f"|{uscc}|" not in (publication.unit_codes or "")):
        errors["uscc"] = "统一社会信用代码应为本条公示信息涉及的单位的代码（18位）"
    if not _CONTACT.match(contact):
        errors["contact"] = "请填写有效的联系电话或电子邮箱，以便答复"
    if len(content) < 10:
        errors["content"] = "请写明异议的内容与理由（至少10个字）"
    elif len(content) > 3000:
        errors["content"] = "异议内容不超过3000个字"
    if errors:
        raise ObjectionError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        recent = Objection.objects.filter(publication=publication, contact=contact, submitted_at__date=today)
        if recent.count() >= DAILY_LIMIT:
            raise ObjectionError({"contact": f"同一联系方式对本条公示信息每天最多提出{DAILY_LIMIT}次异议"})
        item = Objection.objects.create(
            publication=publication,
            bureau=publication.bureau,
            code=secrets.token_hex(6).upper(),
            name=name,
            organisation=organisation,
            uscc=uscc,
            contact=contact,
            content=content,
        )
        deadlines.open_deadline(
            actor=None,
            bureau=publication.bureau,
            kind="objection_reply",
            subject_type=SUBJECT,
            subject_id=str(item.pk),
            label=f"答复异议：{publication.title}"[:200],
            start_on=today,
            url=f"/publicity/objections/{item.pk}/",
        )
        record_event(
            actor=None,
            bureau_id=publication.bureau_id,
            action="publicity.objection_received",
            obj=item,
            summary=f"收到对“{publication.title}”的异议（{item.code}）",
            data={"publication": publication.pk},
        )
    return item


def answer_objection(*, actor: Any, objection: Objection, corrected: bool, reply: str) -> Objection:
    """已更正 (the record was wrong: correct or withdraw it on the 信息公开 page) or 维持原公示, with the reasons
    the submitter reads with its tracking code."""
    from shuangsuiji.deadlines import services as deadlines
    from shuangsuiji.organisations.selectors import can_write_bureau

    if not has_perm(actor, Perm.PUBLICATION_MANAGE) or not can_write_bureau(actor, objection.bureau_id):
        raise PublicityError("只有本局法制室或系统管理员可以答复异议")
    reply = reply.strip()
    if len(reply) < 5:
        raise ObjectionError({"reply": "请写明核实情况与答复（至少5个字）"})
    with transaction.atomic():
        item = Objection.objects.select_for_update().get(pk=objection.pk)
        if item.status != Objection.Status.RECEIVED:
            raise ObjectionError({"": f"该异议已于 {timezone.localtime(item.answered_at):%Y-%m-%d} 答复"})
        item.status = Objection.Status.CORRECTED if corrected else Objection.Status.UPHELD
        item.reply, item.answered_at, item.answered_by = reply, timezone.now(), actor
        item.save(update_fields=["status", "reply", "answered_at", "answered_by"])
        deadlines.complete_deadline(
            actor=actor,
            kind="objection_reply",
            subject_type=SUBJECT,
            subject_id=str(item.pk),
            done_on=timezone.localdate(),
        )
        record_event(
            actor=actor,
            bureau_id=item.bureau_id,
            action="publicity.objection_answered",
            obj=item,
            summary=f"答复异议 {item.code}：{item.get_status_display()}",
            data={"reply": reply},
        )
    return item
