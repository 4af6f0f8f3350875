"""Two people pressing 揭晓 at the same moment produce exactly one result (row lock + state check + constraint)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from shuangsuiji.tasks.models import Draw, Target
from shuangsuiji.tasks.services import ceremony

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database cannot hold two writers; CI runs this on PostgreSQL",
    ),
]


def test_two_simultaneous_reveals_produce_one_result(task: Any, coordinator: Any) -> None:
    draw = ceremony.commit_draw(actor=coordinator, draw=ceremony.prepare_draw(actor=coordinator, task=task))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press(dice: str) -> None:
        try:
            barrier.wait(timeout=10)
            ceremony.reveal_draw(
                actor=coordinator, draw=draw, seed_inputs={"dice": dice}, witnesses=[{"name": "见证人"}]
            )
            outcomes.append("revealed")
        except ceremony.DrawError as exc:
            outcomes.append(f"refused: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(d,)) for d in ("1" * 20, "2" * 20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "revealed"], outcomes
    draw.refresh_from_db()
    assert draw.status == Draw.Status.REVEALED
    assert draw.seed_inputs["dice"] in ("1" * 20, "2" * 20)
    result_ids = Target.objects.filter(draw=draw).values_list("frame_id", flat=True)
    assert len(result_ids) == len(set(result_ids))
