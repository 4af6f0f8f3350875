from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.core.models import AuditChainHead, AuditEvent
from shuangsuiji.domain import hashchain


def _events(bureau_id: int) -> list[hashchain.ChainEvent]:
    return [
        hashchain.ChainEvent(e.seq, e.prev_hash, e.hash, e.payload(), e.pk)
        for e in AuditEvent.objects.filter(bureau_id=bureau_id).order_by("seq", "pk")
    ]


def _write(world: Any, count: int) -> None:
    for i in range(count):
        with transaction.atomic():
            record_event(
                actor=None,
                bureau_id=world.county.pk,
                action="test.event",
                object_type="t",
                object_id=str(i),
                summary=f"事件{i}",
                data={"i": i, "金额": "12.50"},
            )


def test_events_form_a_chain_that_verifies(world: Any) -> None:
    _write(world, 5)
    head = AuditChainHead.objects.get(bureau=world.county)
    assert hashchain.verify(_events(world.county.pk), head.last_seq, head.last_hash) is None


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction(world: Any) -> None:
    with pytest.raises(RuntimeError):
        record_event(actor=None, bureau_id=world.county.pk, action="x")


def test_an_edited_event_breaks_the_chain_at_that_event(world: Any) -> None:
    _write(world, 5)
    AuditEvent.objects.filter(bureau=world.county, seq=3).update(summary="被篡改")
    problem = hashchain.verify(_events(world.county.pk))
    assert problem is not None and problem.seq == 3 and "被修改" in problem.reason


def test_a_deleted_event_breaks_the_chain(world: Any) -> None:
    _write(world, 5)
    AuditEvent.objects.filter(bureau=world.county, seq=2).delete()
    problem = hashchain.verify(_events(world.county.pk))
    assert problem is not None and problem.seq == 2


def test_a_deleted_last_event_is_caught_by_the_head(world: Any) -> None:
    _write(world, 4)
    last = AuditEvent.objects.filter(bureau=world.county).order_by("-seq").first()
    assert last is not None
    head = AuditChainHead.objects.get(bureau=world.county)
    last.delete()
    problem = hashchain.verify(_events(world.county.pk), head.last_seq, head.last_hash)
    assert problem is not None and "末尾" in problem.reason


def test_swapped_events_break_the_chain(world: Any) -> None:
    _write(world, 4)
    first, second = AuditEvent.objects.filter(bureau=world.county, seq__in=[2, 3]).order_by("seq")
    AuditEvent.objects.filter(pk=first.pk).update(seq=-1)
    AuditEvent.objects.filter(pk=second.pk).update(seq=2)
    AuditEvent.objects.filter(pk=first.pk).update(seq=3)
    problem = hashchain.verify(_events(world.county.pk))
    assert problem is not None and problem.seq == 2
