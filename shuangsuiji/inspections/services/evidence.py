"""Evidence files and drawn signatures: stored through Django's default storage (local file system by default)
under a name derived from their SHA-256, which the audit event records. The row and the event are one
transaction; a file whose row could not be written is removed again, so no half record remains."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.domain.evidence import MB, EvidenceFileError, check_file
from shuangsuiji.inspections.models import Evidence, Inspection, Signature
from shuangsuiji.inspections.services.records import (
    EDITABLE,
    InspectionError,
    _locked,
    _may_record,
    member_inspectors,
)

SIGNATURE_MAX_BYTES = 2 * MB


class EvidenceError(InspectionError):
    """A refused upload or signature; the message is for the user."""


def _digest(upload: File[Any]) -> tuple[str, bytes, int]:
    sha, head, size = hashlib.sha256(), b"", 0
    upload.seek(0)
    for chunk in upload.chunks():
        if not head:
            head = bytes(chunk[:16])
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), head, size


def add_evidence(
    *,
    actor: Any,
    inspection: Inspection,
    upload: File[Any],
    name: str,
    checkpoint_id: int | None = None,
    note: str = "",
) -> Evidence:
    try:
        digest, head, size = _digest(upload)
        rule = check_file(name, size, head)
    except EvidenceFileError as exc:
        raise EvidenceError(str(exc)) from None
    stored = ""
    try:
        with transaction.atomic():
            inspection = _locked(inspection)
            _may_record(actor, inspection)
            if inspection.state not in EDITABLE:
                raise EvidenceError(f"检查记录{inspection.get_state_display()}，不能再添加证据")
            if checkpoint_id is not None and not _has_checkpoint(inspection, checkpoint_id):
                raise EvidenceError("所选检查要点不属于本次检查")
            ext = name.rsplit(".", 1)[1].lower()
            stored = default_storage.save(f"evidence/{inspection.bureau_id}/{digest}.{ext}", upload)
            evidence = Evidence.objects.create(
                inspection=inspection,
                checkpoint_id=checkpoint_id,
                kind=rule.kind,
                file=stored,
                original_name=name,
                content_type=getattr(upload, "content_type", "") or "application/octet-stream",
                size=size,
                sha256=digest,
                note=note[:300],
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            record_event(
                actor=actor,
                bureau_id=inspection.bureau_id,
                action="inspections.evidence_added",
                obj=inspection,
                summary=f"上传证据：{name}",
                data={"evidence": evidence.pk, "name": name, "sha256": digest, "size": size, "kind": rule.kind},
            )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return evidence


def _has_checkpoint(inspection: Inspection, checkpoint_id: int) -> bool:
    from shuangsuiji.inspections.vocabulary import checkpoints_for

    return any(p.pk == checkpoint_id for p in checkpoints_for(inspection))


def sign(
    *, actor: Any, inspection: Inspection, image: bytes, role: str, inspector: Any = None, signer_name: str = ""
) -> Signature:
    """A drawn signature (PNG) of a member of the group, or of the unit's representative."""
    if not image.startswith(b"\x89PNG\r\n\x1a\n"):
        raise EvidenceError("签名图片无效，请重新签字")
    if len(image) > SIGNATURE_MAX_BYTES:
        raise EvidenceError("签名图片过大")
    if role not in Signature.Role.values:
        raise EvidenceError("签字人身份无效")
    digest = hashlib.sha256(image).hexdigest()
    stored = ""
    try:
        with transaction.atomic():
            inspection = _locked(inspection)
            _may_record(actor, inspection)
            if inspection.state not in EDITABLE:
                raise EvidenceError(f"检查记录{inspection.get_state_display()}，不能再签字")
            if role == Signature.Role.INSPECTOR:
                members = {i.pk: i for i in member_inspectors(inspection)}
                if inspector is None or inspector.pk not in members:
                    raise EvidenceError("签字人不是本检查组成员")
                signer_name = members[inspector.pk].name
                inspection.signatures.filter(inspector=inspector).delete()
            else:
                inspector = None
                signer_name = signer_name.strip()[:60]
                if not signer_name:
                    raise EvidenceError("请填写被检查单位签字人姓名")
                inspection.signatures.filter(role=Signature.Role.UNIT).delete()
            stored = default_storage.save(
                f"signatures/{inspection.bureau_id}/{digest}.png", ContentFile(image, name="signature.png")
            )
            signature = Signature.objects.create(
                inspection=inspection,
                role=role,
                inspector=inspector,
                signer_name=signer_name,
                image=stored,
                sha256=digest,
                signed_by=actor if getattr(actor, "pk", None) else None,
            )
            record_event(
                actor=actor,
                bureau_id=inspection.bureau_id,
                action="inspections.signed",
                obj=inspection,
                summary=f"{signer_name} 签字确认",
                data={"role": role, "signer": signer_name, "sha256": digest},
            )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return signature
