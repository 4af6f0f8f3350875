"""The tamper-evident audit chain: each event's hash covers the previous event's hash and its own canonical
content, so editing, deleting, inserting or reordering any event breaks the chain from that point on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """The DSR-1 canonical serialisation (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """SHA-256 of the previous hash, a bar, and the canonical JSON of the event's content."""
    return hashlib.sha256((prev_hash + "|" + canonical_json(payload)).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainEvent:
    """One stored event as read back for verification."""

    seq: int
    prev_hash: str
    hash: str
    payload: dict[str, Any]
    row_id: int


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first place the chain does not hold, described for the user."""

    seq: int
    row_id: int | None
    reason: str


def verify(
    events: Iterable[ChainEvent], head_seq: int | None = None, head_hash: str | None = None
) -> ChainBreak | None:
    """Walk events in seq order; return the first break or None. The head (if given) catches a deleted tail."""
    expected_seq, prev = 1, GENESIS
    for event in events:
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                reason = f"缺少第 {expected_seq} 号事件（被删除或序号被改动）"
            else:
                reason = f"第 {event.seq} 号事件重复或顺序被打乱"
            return ChainBreak(expected_seq, event.row_id, reason)
        if event.prev_hash != prev:
            return ChainBreak(event.seq, event.row_id, f"第 {event.seq} 号事件的前序哈希与上一事件不符（插入或删除）")
        if event_hash(prev, event.payload) != event.hash:
            return ChainBreak(event.seq, event.row_id, f"第 {event.seq} 号事件内容与其哈希不符（被修改）")
        prev, expected_seq = event.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq != last_seq:
        return ChainBreak(
            last_seq + 1, None, f"链头记录为第 {head_seq} 号事件，实际只到第 {last_seq} 号（末尾事件被删除）"
        )
    if head_hash is not None and head_seq == last_seq and head_hash != prev:
        return ChainBreak(last_seq, None, "链头哈希与最后一个事件不符")
    return None


def json_roundtrip(value: Any) -> Any:
    """The value as a JSON column will return it (dates and decimals become strings)."""
    return json.loads(canonical_json(value))
