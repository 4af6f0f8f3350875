"""Writing to the audit chain. Every state-changing service calls `record_event` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from shuangsuiji.core.models import AuditChainHead, AuditEvent
from shuangsuiji.domain import hashchain


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "username", actor))


def record_event(
    *,
    actor: Any,
    bureau_id: int,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the bureau's chain; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the service's transaction")
    head, _ = AuditChainHead.objects.get_or_create(bureau_id=bureau_id)
    head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    event = AuditEvent(
        bureau_id=bureau_id,
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(str(obj) if obj is not None else "")[:300],
        summary=summary[:500],
        data=_jsonable(data or {}),
        prev_hash=head.last_hash,
    )
    event.hash = hashchain.event_hash(event.prev_hash, event.payload())
    event.save()
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash", "updated_at"])
    return event


def _jsonable(value: Any) -> Any:
    """Values as they will read back from a JSON column (so the hash recomputes identically)."""
    return hashchain.json_roundtrip(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
