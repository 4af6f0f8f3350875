"""Two people issuing at the same moment get consecutive numbers, never the same one (counter row lock)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from shuangsuiji.documents.models import Document
from shuangsuiji.documents.services import issue_document

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database cannot hold two writers; CI runs this on PostgreSQL",
    ),
]


def test_simultaneous_issues_get_distinct_consecutive_numbers(target: Any, world: Any) -> None:
    barrier = threading.Barrier(3)
    errors: list[str] = []

    def press() -> None:
        try:
            barrier.wait(timeout=10)
            issue_document(actor=None, kind_code="inspection_query", obj=target, bureau=world.county)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(Document.objects.values_list("seq", flat=True)) == [1, 2, 3]
    assert Document.objects.filter(superseded_by__isnull=True).count() == 1
