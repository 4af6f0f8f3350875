"""A drawn target of 阳城县统计局 with a finished inspection: answers, evidence, two inspector signatures and the
unit's signature, and a rectification order."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from shuangsuiji.catalog.models import CheckPoint, ItemVersion
from shuangsuiji.inspections.models import Evidence, Inspection, Signature
from shuangsuiji.tasks.models import Target, Task
from shuangsuiji.tasks.services import tasks
from tests.factories import county_inspectors, county_units, published_item
from tests.tasks.test_ceremony import confirmed


def signature_png(text_seed: int) -> bytes:
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    points = [(20 + i * 25, 50 + ((i * text_seed) % 5 - 2) * 12) for i in range(11)]
    pen.line(points, fill=(10, 10, 80, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def item(world: Any) -> ItemVersion:
    version: ItemVersion = published_item(world.province)  # type: ignore[assignment]
    CheckPoint.objects.create(version=version, order=1, text="是否依法设置原始记录和统计台账")
    CheckPoint.objects.create(version=version, order=2, text="统计资料是否按时报送", answer_type="yes_no")
    CheckPoint.objects.create(version=version, order=3, text="从业人员期末人数（人）", answer_type="number")
    return version


@pytest.fixture
def task(world: Any, coordinator: Any, item: ItemVersion) -> Task:
    county_units(world.county, 40)
    county_inspectors(world.county, 4)
    return tasks.create_task(
        actor=coordinator,
        bureau=world.county,
        name="2026年四上企业统计执法检查",
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 12, 31),
        items=[item],
        adhoc_reason="测试",
        strata_components=["risk"],
        risk_ratios={"A": [10, 100], "B": [10, 100], "C": [10, 100], "D": [10, 100]},
        reserve_per_stratum=1,
        group_size=2,
    )


@pytest.fixture
def target(task: Task, coordinator: Any, leader: Any) -> Target:
    confirmed(task, coordinator, leader)
    found = task.targets.filter(kind="random", state="active").select_related("unit", "task__bureau").first()
    assert found is not None
    unit = found.unit
    unit.legal_representative, unit.address, unit.phone = "张建国", "阳城县凤城镇新阳东街88号", "0356-4222333"
    unit.save()
    return found


def _file(field: Any, name: str, data: bytes) -> str:
    field.save(name, ContentFile(data), save=False)
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def inspection(target: Target, item: ItemVersion, inspector_user: Any) -> Inspection:
    checkpoints = list(item.checkpoints.order_by("order"))
    group = target.groups.first()
    inspection = Inspection.objects.create(
        bureau=target.task.bureau,
        task=target.task,
        target=target,
        unit=target.unit,
        group=group,
        state=Inspection.State.SUBMITTED,
        methods=["onsite", "records"],
        inspected_on=dt.date(2026, 6, 18),
        place="被检查单位办公室",
        answers={
            str(checkpoints[0].pk): {"answer": "yes", "note": ""},
            str(checkpoints[1].pk): {"answer": "no", "note": "2026年4月月报迟报3天"},
            str(checkpoints[2].pk): {"answer": "56", "note": ""},
        },
        findings="该单位2026年4月《工业产销总值及主要产品产量》月报迟报3天。",
        outcomes=["pending"],
        follow_up="rectify",
        rectification_due=dt.date(2026, 7, 18),
        unit_response=Inspection.UnitResponse.ACKNOWLEDGED,
        unit_signer="李明",
        result_date=dt.date(2026, 6, 20),
    )
    assert group is not None
    for n, member in enumerate(group.members.select_related("inspector").filter(is_active=True)):
        signature = Signature(inspection=inspection, role="inspector", inspector=member.inspector)
        signature.signer_name = member.inspector_name
        signature.sha256 = _file(signature.image, f"sig{n}.png", signature_png(n + 2))
        signature.save()
    unit_signature = Signature(inspection=inspection, role="unit", signer_name="李明")
    unit_signature.sha256 = _file(unit_signature.image, "unit.png", signature_png(7))
    unit_signature.save()
    photo = Evidence(inspection=inspection, kind="photo", original_name="现场照片1.jpg", content_type="image/jpeg")
    photo.sha256 = _file(photo.file, "photo.jpg", b"\xff\xd8\xff" + b"0" * 2000)
    photo.size = 2003
    photo.uploaded_by = inspector_user
    photo.save()
    return inspection
