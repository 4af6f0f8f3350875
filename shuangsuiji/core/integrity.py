"""Checking the audit chain (全过程记录): walk each bureau's events in sequence and report OK or the first event that
was edited, deleted or inserted out of order; export a chain head so it can be published and compared later."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from shuangsuiji.core.models import AuditChainHead, AuditEvent
from shuangsuiji.domain import hashchain


@dataclass(frozen=True)
class ChainReport:
    """The outcome for one bureau's chain: how many events were checked and the first break, if any."""

    bureau_id: int
    event_count: int
    head_seq: int | None
    head_hash: str | None
    problem: hashchain.ChainBreak | None

    @property
    def is_ok(self) -> bool:
        return self.problem is None


def _events(bureau_id: int) -> Iterator[hashchain.ChainEvent]:
    rows = AuditEvent.objects.filter(bureau_id=bureau_id).order_by("seq", "pk")
    for event in rows.iterator(chunk_size=2000):
        yield hashchain.ChainEvent(event.seq, event.prev_hash, event.hash, event.payload(), event.pk)


class _Counted:
    """Counts what the verifier consumed (it stops at the first break)."""

    def __init__(self, events: Iterator[hashchain.ChainEvent]) -> None:
        self.events, self.count = events, 0

    def __iter__(self) -> Iterator[hashchain.ChainEvent]:
        for event in self.events:
            self.count += 1
            yield event


def _chain_ids(bureau_id: int | None) -> list[int]:
    heads = AuditChainHead.objects.all()
    events = AuditEvent.objects.values_list("bureau_id", flat=True).distinct()
    if bureau_id is not None:
        heads, events = heads.filter(bureau_id=bureau_id), events.filter(bureau_id=bureau_id)
    return sorted(set(heads.values_list("bureau_id", flat=True)) | set(events.order_by()))


def verify_bureau_chain(bureau_id: int) -> ChainReport:
    """Verify one bureau's chain against its recorded head (which catches a deleted tail)."""
    head = AuditChainHead.objects.filter(bureau_id=bureau_id).first()
    counted = _Counted(_events(bureau_id))
    if head is None:
        problem = hashchain.verify(counted)
        if problem is None:
            last = AuditEvent.objects.filter(bureau_id=bureau_id).aggregate(m=Max("seq"))["m"]
            problem = hashchain.ChainBreak(last or 0, None, "链头记录缺失（被删除）")
        return ChainReport(bureau_id, counted.count, None, None, problem)
    problem = hashchain.verify(counted, head.last_seq, head.last_hash)
    return ChainReport(bureau_id, counted.count, head.last_seq, head.last_hash, problem)


def verify_chain(bureau_id: int | None = None) -> list[ChainReport]:
    """Verify every bureau's chain (or one): a report per chain, OK or the first break."""
    return [verify_bureau_chain(pk) for pk in _chain_ids(bureau_id)]


def export_head(bureau: Any) -> dict[str, Any]:
    """The chain head as published: bureau, last seq and hash, and when it was read."""
    head = AuditChainHead.objects.filter(bureau_id=bureau.pk).first()
    return {
        "format": "shuangsuiji-audit-head/1",
        "bureau_code": bureau.code,
        "bureau_name": bureau.name,
        "seq": head.last_seq if head else 0,
        "hash": head.last_hash if head else hashchain.GENESIS,
        "exported_at": timezone.now().isoformat(),
    }


def compare_with_published(bureau_id: int, seq: int, published_hash: str) -> str | None:
    """A head published earlier must still be in the chain: the event at that seq keeps that hash. None when it
    does; otherwise what differs (an event rewritten and re-chained since publication)."""
    if seq == 0:
        return None if published_hash == hashchain.GENESIS else "已公布的链头哈希与空链不符"
    event = AuditEvent.objects.filter(bureau_id=bureau_id, seq=seq).first()
    if event is None:
        return f"已公布的链头为第 {seq} 号事件，该事件已不存在"
    if event.hash != published_hash:
        return f"第 {seq} 号事件的哈希与已公布的链头不符（公布后被改写）"
    return None
