"""A confirmed draw with accepted results: three units without problems, two with problems corrected."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Inspection
from tests.inspections import conftest as inspection_fixtures
from tests.inspections.conftest import complete_data, signed

item, units, inspectors, task = (
    inspection_fixtures.item,
    inspection_fixtures.units,
    inspection_fixtures.inspectors,
    inspection_fixtures.task,
)
draw = inspection_fixtures.draw


@pytest.fixture
def results(world: Any, draw: Any, coordinator: Any) -> list[Inspection]:
    """Five accepted results (outcomes: 3 × 未发现问题, 2 × 发现问题已责令改正), one submitted only."""
    from shuangsuiji.accounts.models import User
    from shuangsuiji.core.roles import Role
    from shuangsuiji.inspectors.services.inspectors import link_user
    from tests.conftest import _user

    accepted = []
    targets = list(draw.targets.filter(kind="random").order_by("ticket_order")[:6])
    for n, target in enumerate(targets):
        group = target.assignments.get().group
        for gm in group.members.select_related("inspector"):
            if gm.inspector.user_id is None:
                link_user(
                    actor=None, inspector=gm.inspector, user=_user(f"u{gm.inspector.pk}", world.county, Role.INSPECTOR)
                )
        phone = User.objects.get(inspector__pk=group.members.first().inspector_id)
        inspection = svc.open_inspection(actor=phone, target=target)
        outcomes = ["corrected"] if n in (1, 3) else ["no_problem"]
        svc.save_record(
            actor=phone, inspection=inspection, data=complete_data(inspection, outcomes=outcomes, findings="x")
        )
        signed(inspection, phone)
        svc.submit(actor=phone, inspection=inspection)
        if n < 5:
            accepted.append(svc.review(actor=coordinator, inspection=inspection, accept=True))
    return accepted
