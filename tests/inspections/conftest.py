"""A confirmed draw whose group members have logins, ready to be inspected."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from shuangsuiji.accounts.models import User
from shuangsuiji.core.roles import Role
from shuangsuiji.inspections import services as svc
from shuangsuiji.inspections.models import Inspection
from shuangsuiji.tasks.models import Draw, Target
from tests.conftest import _user
from tests.tasks import conftest as task_fixtures
from tests.tasks.test_ceremony import confirmed

# The task fixtures of tests/tasks, shared.
item, units, inspectors, task = task_fixtures.item, task_fixtures.units, task_fixtures.inspectors, task_fixtures.task

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200


@pytest.fixture
def draw(task: Any, coordinator: Any, leader: Any) -> Draw:
    return confirmed(task, coordinator, leader)


@pytest.fixture
def target(draw: Draw) -> Target:
    return draw.targets.filter(kind="random").order_by("ticket_order").first()  # type: ignore[return-value]


@pytest.fixture
def members(world: Any, target: Target) -> list[User]:
    """Logins for the target's group members (first is the one holding the phone)."""
    from shuangsuiji.inspectors.services.inspectors import link_user

    users = []
    for gm in target.assignments.get().group.members.select_related("inspector"):
        user = _user(f"insp{gm.inspector.pk}", world.county, Role.INSPECTOR)
        link_user(actor=None, inspector=gm.inspector, user=user)
        users.append(User.objects.get(pk=user.pk))
    return users


def complete_data(inspection: Inspection, **extra: Any) -> dict[str, Any]:
    from shuangsuiji.inspections.selectors import checkpoints_for

    return {
        "methods": ["onsite"],
        "inspected_on": timezone.localdate().isoformat(),
        "place": "阳城县凤城镇1号",
        "answers": {str(p.pk): {"answer": "是"} for p in checkpoints_for(inspection)},
        "outcomes": ["no_problem"],
        "unit_response": "acknowledged",
        "unit_signer": "张经理",
        **extra,
    }


def signed(inspection: Inspection, actor: User) -> Inspection:
    from shuangsuiji.inspections.services.records import member_inspectors

    for inspector in member_inspectors(inspection):
        svc.sign(actor=actor, inspection=inspection, image=PNG, role="inspector", inspector=inspector)
    return inspection
