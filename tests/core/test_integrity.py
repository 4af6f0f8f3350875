"""`verify_chain` and `shuangsuiji audit verify` catch every edit, deletion and reordering made directly in the
database (queryset updates and raw SQL), and a head published earlier is checked against the chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from shuangsuiji.core.audit import record_event
from shuangsuiji.core.integrity import compare_with_published, export_head, verify_chain
from shuangsuiji.core.models import AuditChainHead, AuditEvent
from tests.cli.test_tables_cli import run_cli


def _write(bureau: Any, count: int) -> None:
    for i in range(count):
        with transaction.atomic():
            record_event(
                actor=None, bureau_id=bureau.pk, action="test.event", object_type="t", object_id=str(i), data={"i": i}
            )


@pytest.fixture
def chains(world: Any) -> Any:
    _write(world.county, 6)
    _write(world.other_county, 3)
    return world


def _problem(world: Any) -> Any:
    (report,) = verify_chain(world.county.pk)
    return report.problem


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_chains_verify(chains: Any) -> None:
    reports = {r.bureau_id: r for r in verify_chain()}
    assert all(r.is_ok for r in reports.values())
    assert reports[chains.county.pk].event_count == 7  # the bureau's creation, then six events


@pytest.mark.parametrize("field", ["summary", "actor_name", "action", "object_id", "object_repr"])
def test_an_edited_field_is_caught_at_its_event(chains: Any, field: str) -> None:
    AuditEvent.objects.filter(bureau=chains.county, seq=4).update(**{field: "篡改"})
    problem = _problem(chains)
    assert problem.seq == 4 and "被修改" in problem.reason


def test_edited_data_through_raw_sql_is_caught(chains: Any) -> None:
    _sql("UPDATE core_auditevent SET data = %s WHERE bureau_id = %s AND seq = 2", '{"i": 99}', chains.county.pk)
    assert _problem(chains).seq == 2


def test_an_edited_timestamp_is_caught(chains: Any) -> None:
    event = AuditEvent.objects.get(bureau=chains.county, seq=5)
    AuditEvent.objects.filter(pk=event.pk).update(at=event.at.replace(year=2020))
    assert _problem(chains).seq == 5


def test_an_edit_with_a_recomputed_hash_is_caught_at_the_next_event(chains: Any) -> None:
    from shuangsuiji.domain import hashchain

    event = AuditEvent.objects.get(bureau=chains.county, seq=3)
    event.summary = "改写后重新计算哈希"
    AuditEvent.objects.filter(pk=event.pk).update(
        summary=event.summary, hash=hashchain.event_hash(event.prev_hash, event.payload())
    )
    problem = _problem(chains)
    assert problem.seq == 4 and "前序哈希" in problem.reason


@pytest.mark.parametrize("seq", [1, 3])
def test_a_deleted_event_is_caught(chains: Any, seq: int) -> None:
    _sql("DELETE FROM core_auditevent WHERE bureau_id = %s AND seq = %s", chains.county.pk, seq)
    assert _problem(chains).seq == seq


def test_a_deleted_tail_is_caught_by_the_head(chains: Any) -> None:
    AuditEvent.objects.filter(bureau=chains.county, seq__gte=5).delete()
    problem = _problem(chains)
    assert "末尾" in problem.reason


def test_a_deleted_head_is_caught(chains: Any) -> None:
    AuditChainHead.objects.filter(bureau=chains.county).delete()
    assert "链头记录缺失" in _problem(chains).reason


def test_swapped_events_are_caught(chains: Any) -> None:
    _sql("UPDATE core_auditevent SET seq = -1 WHERE bureau_id = %s AND seq = 2", chains.county.pk)
    _sql("UPDATE core_auditevent SET seq = 2 WHERE bureau_id = %s AND seq = 3", chains.county.pk)
    _sql("UPDATE core_auditevent SET seq = 3 WHERE bureau_id = %s AND seq = -1", chains.county.pk)
    assert _problem(chains).seq == 2


def test_an_event_inserted_out_of_order_is_caught(chains: Any) -> None:
    """Shift the later events up by one and slip a forged event in at seq 4."""
    for seq in range(7, 3, -1):
        AuditEvent.objects.filter(bureau=chains.county, seq=seq).update(seq=seq + 1)
    original = AuditEvent.objects.get(bureau=chains.county, seq=3)
    AuditEvent.objects.create(
        bureau=chains.county,
        seq=4,
        at=original.at,
        actor_name="intruder",
        action="test.forged",
        object_type="t",
        object_id="x",
        prev_hash=original.hash,
        hash="f" * 64,
    )
    assert _problem(chains).seq == 4


def test_a_forged_event_appended_without_moving_the_head_is_caught(chains: Any) -> None:
    from shuangsuiji.domain import hashchain

    last = AuditEvent.objects.get(bureau=chains.county, seq=7)
    forged = AuditEvent(bureau=chains.county, seq=8, at=last.at, actor_name="x", action="forged", prev_hash=last.hash)
    forged.hash = hashchain.event_hash(forged.prev_hash, forged.payload())
    forged.save()
    assert "链头" in _problem(chains).reason


def test_the_other_chain_still_verifies_when_one_is_broken(chains: Any) -> None:
    AuditEvent.objects.filter(bureau=chains.county, seq=1).update(summary="x")
    by_bureau = {r.bureau_id: r.is_ok for r in verify_chain()}
    assert by_bureau[chains.county.pk] is False and by_bureau[chains.other_county.pk] is True


def test_a_published_head_is_found_in_the_chain_until_it_is_rewritten(chains: Any) -> None:
    head = export_head(chains.county)
    assert head["seq"] == 7 and len(head["hash"]) == 64
    _write(chains.county, 2)
    assert compare_with_published(chains.county.pk, head["seq"], head["hash"]) is None
    AuditEvent.objects.filter(bureau=chains.county, seq=7).update(hash="0" * 64)
    assert "公布后被改写" in (compare_with_published(chains.county.pk, head["seq"], head["hash"]) or "")


def test_the_cli_says_ok_and_exits_0(chains: Any, capsys: Any) -> None:
    assert run_cli("audit", "verify") == 0
    out = capsys.readouterr().out
    assert "140522  OK    7 events" in out and "140581  OK" in out


def test_the_cli_names_the_first_break_and_exits_1(chains: Any, capsys: Any) -> None:
    AuditEvent.objects.filter(bureau=chains.county, seq=3).update(summary="x")
    assert run_cli("audit", "verify", "--bureau", "140522") == 1
    assert "140522  FAIL  at event #3" in capsys.readouterr().out
    assert run_cli("audit", "verify", "--bureau", "140581") == 0


def test_the_cli_refuses_an_unknown_bureau(chains: Any, capsys: Any) -> None:
    assert run_cli("audit", "verify", "--bureau", "999999") == 2
    assert "no bureau" in capsys.readouterr().err


def test_the_cli_checks_a_published_head(chains: Any, tmp_path: Path, capsys: Any) -> None:
    assert run_cli("audit", "head", "--bureau", "140522") == 0
    published = tmp_path / "head.json"
    published.write_text(capsys.readouterr().out, encoding="utf-8")
    assert json.loads(published.read_text())["seq"] == 7
    assert run_cli("audit", "verify", "--published", str(published)) == 0
    AuditEvent.objects.filter(bureau=chains.county, seq=7).update(hash="1" * 64)
    AuditChainHead.objects.filter(bureau=chains.county).update(last_hash="1" * 64)
    assert run_cli("audit", "verify", "--bureau", "140522", "--published", str(published)) == 1
    assert "published head #7: 第 7 号事件的哈希与已公布的链头不符" in capsys.readouterr().out
