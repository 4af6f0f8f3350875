"""Demo: a published annual plan for the current year and one confirmed draw with assignments, made through the
same services a coordinator and a 局领导 use (so the demo also exercises the ceremony)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from shuangsuiji.accounts.models import User
from shuangsuiji.catalog.selectors import published_versions_for_bureau
from shuangsuiji.directory.models import Unit
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.services import ensure_agency
from shuangsuiji.planning import services as planning
from shuangsuiji.planning.models import AnnualPlan, PlanVersion
from shuangsuiji.tasks.models import Draw, Task
from shuangsuiji.tasks.services import ceremony, tasks

DICE = "31415926535897932384"


def load_plans_and_draws(county: Bureau, echo: Callable[[str], None]) -> None:
    ensure_agency(
        code="SAMR-140522", name="阳城县市场监督管理局", kind="市场监管", region_code="140522", contact="0356-4222315"
    )
    coordinator, leader = User.objects.get(username="fazhi"), User.objects.get(username="lingdao")
    year = timezone.localdate().year
    version = _plan(county, year, coordinator, leader)
    if version is None:
        echo("plans: no published items yet, skipped")
        return
    task = Task.objects.filter(bureau=county, year=year, plan_line__version__plan__year=year).first()
    if task is None:
        task = _task(county, version, coordinator)
    _draw(task, coordinator, leader)
    echo(f"plans and draws: {year} plan published (v{version.number}); task {task.code} drawn")


def _plan(county: Bureau, year: int, coordinator: User, leader: User) -> PlanVersion | None:
    plan = AnnualPlan.objects.filter(bureau=county, year=year).first()
    if plan is not None and plan.current_version is not None:
        return plan.current_version
    items = published_versions_for_bureau(county)
    if not items:
        return None
    existing = plan.versions.first() if plan else None
    version = existing or planning.create_plan(actor=coordinator, bureau=county, year=year)
    if version.status == "draft" and not version.lines.exists():
        province_items = [v for v in items if v.item.bureau_id != county.pk] or items
        planning.add_line(
            actor=coordinator,
            version=version,
            item_version=province_items[0],
            ratio_percent=Decimal(3),
            frequency=1,
            scope={"scale_categories": ["IND", "CON", "WHS", "RET", "ACC", "CAT", "RE", "SVC"]},
            schedule=["Q2", "Q3"],
        )
        county_items = [v for v in items if v.item.bureau_id == county.pk]
        for item in county_items[:2]:
            low = item.ratio_min_percent
            planning.add_line(
                actor=coordinator,
                version=version,
                item_version=item,
                ratio_percent=low,
                frequency=item.frequency_min,
                scope={},
                schedule=["H2"],
            )
    if version.status == "draft":
        version = planning.submit(actor=coordinator, version=version)
    if version.status == "submitted":
        version = planning.approve(actor=leader, version=version, note="同意")
    if version.status == "approved":
        version = planning.publish(actor=coordinator, version=version)
    return version


def _task(county: Bureau, version: PlanVersion, coordinator: User) -> Task:
    line = version.lines.order_by("order").first()
    assert line is not None
    today = timezone.localdate()
    task = tasks.create_task(
        actor=coordinator,
        bureau=county,
        name=f"{today.year}年“四上”企业统计执法“双随机”抽查",
        period_start=max(dt.date(today.year, 1, 1), today - dt.timedelta(days=60)),  # drawn two months ago
        period_end=dt.date(today.year, 12, 31),
        items=[line.item_version],
        plan_line=line,
        strata_components=["risk", "scale"],
        reserve_per_stratum=2,
        group_size=2,
    )
    unit = Unit.objects.filter(bureau=county, status="OPERATING", scale_category="IND").order_by("id").last()
    if unit is not None:
        tasks.add_directed_target(
            actor=coordinator,
            task=task,
            unit=unit,
            reason_kind="complaint",
            reason="群众举报该单位虚报营业收入（举报登记 2026-017）",
        )
    return task


def _draw(task: Task, coordinator: User, leader: User) -> None:
    draw = task.draws.exclude(status=Draw.Status.CANCELLED).first()
    if draw is None:
        draw = ceremony.prepare_draw(
            actor=coordinator, task=task, ceremony_at=timezone.now(), ceremony_place="阳城县统计局三楼会议室"
        )
    if draw.status == Draw.Status.PREPARED:
        draw = ceremony.commit_draw(actor=coordinator, draw=draw)
    if draw.status == Draw.Status.COMMITTED:
        witnesses = [{"name": "王建华", "role": "县纪委监委派驻纪检组"}, {"name": "刘晓红", "role": "企业代表"}]
        draw = ceremony.reveal_draw(actor=coordinator, draw=draw, seed_inputs={"dice": DICE}, witnesses=witnesses)
    if draw.status == Draw.Status.REVEALED:
        draw = ceremony.confirm_draw(actor=coordinator, draw=draw, as_role="coordinator")
        ceremony.confirm_draw(actor=leader, draw=draw, as_role="leader")
