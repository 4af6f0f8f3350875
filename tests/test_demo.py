"""`shuangsuiji demo` loads the whole demo county through the services, twice without change (what `make demo`
does on a fresh machine)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_county_loads_twice(settings: Any, tmp_path: Any) -> None:
    from shuangsuiji.cases.models import Case
    from shuangsuiji.core.integrity import verify_chain
    from shuangsuiji.demo.loader import load_demo
    from shuangsuiji.inspections.models import Inspection
    from shuangsuiji.publicity.models import Publication

    settings.VAR_DIR = tmp_path
    messages: list[str] = []
    logins = load_demo(echo=messages.append)
    assert {"fazhi", "zhifa", "shenhe", "lingdao"} <= {username for username, _, _ in logins}
    counts = (Inspection.objects.count(), Case.objects.count(), Publication.objects.count())
    assert counts[0] > 20 and counts[1] == 3
    kinds = set(Publication.objects.values_list("kind", flat=True))
    assert {"plan", "draw_notice", "draw_result", "result", "decision", "credit"} <= kinds
    load_demo(echo=messages.append)
    assert (Inspection.objects.count(), Case.objects.count(), Publication.objects.count()) == counts
    assert all(report.is_ok for report in verify_chain())
