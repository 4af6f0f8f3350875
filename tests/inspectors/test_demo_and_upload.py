"""The demo data of both libraries loads twice without change; the shared import pages work for both kinds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuangsuiji.accounts.services import create_user
from shuangsuiji.catalog.models import InspectionItem
from shuangsuiji.core.models import AuditEvent, Job
from shuangsuiji.core.roles import Role
from shuangsuiji.demo.libraries import load_demo_inspectors, load_demo_items
from shuangsuiji.inspectors import selectors
from shuangsuiji.inspectors.models import Inspector, InspectorConflict
from shuangsuiji.organisations.services import ensure_department
from tests.conftest import World, client_for
from tests.factories import UnitFactory
from tests.tables import write_csv


def test_the_demo_libraries_load_twice_without_change(world: World) -> None:
    for name in ("办公室", "投资调查股", "人口社会股", "调查单位管理股", "农业农村股", "综合股", "服务业调查股"):
        ensure_department(bureau=world.county, name=name)
    for username in ("admin", "zhifa"):
        create_user(
            actor=None, username=username, password="x", bureau=world.county, roles=[Role.ADMIN], check_password=False
        )
    UnitFactory(bureau=world.county)
    UnitFactory(bureau=world.county)
    messages: list[str] = []
    load_demo_inspectors(world.county, messages.append)
    load_demo_items(world.county, messages.append)
    events = AuditEvent.objects.count()
    load_demo_inspectors(world.county, messages.append)
    load_demo_items(world.county, messages.append)
    assert AuditEvent.objects.count() == events
    today = timezone.localdate()
    county = Inspector.objects.filter(bureau=world.county)
    assert county.count() == 20 and Inspector.objects.filter(bureau=world.other_county).count() == 3
    reasons = [reason for _, reason in selectors.ineligible_inspectors(world.county, on=today)]
    assert sum("过期" in r for r in reasons) == 2 and "状态为请假" in reasons and "状态为借调" in reasons
    assert county.get(name="崔海胜").user.username == "zhifa"  # type: ignore[union-attr]
    assert InspectorConflict.objects.filter(is_active=True).count() == 2
    assert county.filter(
        certificate_valid_until__lte=today + dt.timedelta(days=30), certificate_valid_until__gte=today
    ).exists()
    assert InspectionItem.objects.filter(bureau=world.province, status="published").count() == 2
    assert InspectionItem.objects.filter(bureau=world.county, status="published").count() == 9
    assert messages[-1].startswith("items: 0 created")


def test_the_import_pages_preview_then_write_inspectors(world: World, coordinator: Any, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "人员.csv",
        [["姓名", "性别", "执法证号", "执法证有效期至"], ["张学功", "男", "14052200001", "2030-12-31"]],
        encoding="gbk",
    )
    client = client_for(coordinator)
    upload = SimpleUploadedFile("人员.csv", path.read_bytes(), content_type="text/csv")
    response = client.post("/imports/inspectors/", {"file": upload, "bureau": world.county.pk})
    job = Job.objects.get()
    assert response.status_code == 302 and job.result["created"] == 1 and job.result["dry_run"]
    assert not Inspector.objects.exists()
    preview = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "张学功" in preview and "确认导入" in preview
    client.post(f"/imports/jobs/{job.pk}/confirm/")
    assert Inspector.objects.get().name == "张学功"


def test_the_import_pages_show_item_errors_with_row_numbers(world: World, coordinator: Any, tmp_path: Path) -> None:
    header = ["抽查事项名称", "抽查依据", "抽查主体", "抽查对象", "抽查比例", "抽查频次", "抽查方式", "抽查内容及要求"]
    path = write_csv(
        tmp_path / "items.csv", [header, ["甲", "《统计法》", "县局", "企业", "三成", "1次/年", "现场", "内容"]]
    )
    client = client_for(coordinator)
    upload = SimpleUploadedFile("items.csv", path.read_bytes(), content_type="text/csv")
    client.post("/imports/items/", {"file": upload, "bureau": world.county.pk})
    page = client.get(f"/imports/jobs/{Job.objects.get().pk}/").content.decode()
    assert "抽查比例“三成”" in page and ">2<" in page
    assert client_for(None).get("/imports/items/").status_code == 302
