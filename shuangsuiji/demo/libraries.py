"""Demo data of the two libraries: 阳城县's 执法检查人员名录库 (names from seed 000 where it gives them) and the
随机抽查事项清单 (the province's two items, the county's nine). Loaded through the services; running twice adds
nothing (inspectors are keyed by 执法证号, items by code, 回避 by unit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from shuangsuiji.accounts.models import User
from shuangsuiji.catalog.services import load_standard_items
from shuangsuiji.directory.models import Unit
from shuangsuiji.inspectors.models import Inspector, InspectorConflict
from shuangsuiji.inspectors.services import add_inspector, declare_conflict, link_user
from shuangsuiji.organisations.models import Bureau

Echo = Callable[[str], None]
ALL_COUNTY = "阳城县全域"
# name, sex, department, post, area, expertise, years valid (negative days: expired), status
COUNTY_INSPECTORS: list[tuple[str, str, str, str, str, str, int, str]] = [
    ("张学功", "男", "办公室", "执法监督", ALL_COUNTY, "工业 投资 数据审核", 3, "在岗"),
    ("许永进", "男", "投资调查股", "执法检查员", ALL_COUNTY, "投资 房地产 建筑业", 2, "在岗"),
    ("逯锋军", "男", "办公室", "执法检查员", "凤城镇、北留镇", "服务业 数据审核", 2, "在岗"),
    ("李延博", "男", "专业股", "执法检查员", ALL_COUNTY, "工业 建筑业", 4, "在岗"),
    ("郭二锋", "男", "人口社会股", "执法检查员", "润城镇、町店镇", "服务业 批零住餐", -40, "在岗"),
    ("崔海胜", "男", "调查单位管理股", "执法检查员", ALL_COUNTY, "数据审核 工业 批零住餐", 3, "在岗"),
    ("王丽钧", "女", "农业农村股", "执法检查员", "芹池镇、次营镇", "批零住餐 服务业", 2, "请假"),
    ("李海丽", "女", "综合股", "执法检查员", ALL_COUNTY, "数据审核 工业", 0, "在岗"),
    ("付子瑶", "女", "服务业调查股", "执法检查员", ALL_COUNTY, "服务业 批零住餐 房地产", 3, "在岗"),
    ("田贺娟", "女", "法制室", "法制审核", ALL_COUNTY, "数据审核 投资", 4, "在岗"),
    ("王建军", "男", "专业股", "执法检查员", "横河镇、河北镇", "工业 建筑业", 2, "在岗"),
    ("原彩霞", "女", "综合股", "执法检查员", "蟒河镇、东冶镇", "服务业 数据审核", 3, "在岗"),
    ("卫国栋", "男", "投资调查股", "执法检查员", ALL_COUNTY, "投资 建筑业 房地产", 2, "在岗"),
    ("吉红梅", "女", "服务业调查股", "执法检查员", "白桑乡、寺头乡", "批零住餐 服务业", 4, "在岗"),
    ("茹新华", "男", "调查单位管理股", "执法检查员", ALL_COUNTY, "工业 数据审核", 1, "在岗"),
    ("杨晓燕", "女", "人口社会股", "执法检查员", "西河乡、演礼乡", "服务业", 3, "在岗"),
    ("赵志刚", "男", "专业股", "执法检查员", "固隆乡、董封乡", "工业 房地产", -200, "在岗"),
    ("陈丽娜", "女", "法制室", "法制审核", ALL_COUNTY, "数据审核", 2, "借调"),
    ("刘海峰", "男", "农业农村股", "执法检查员", "驾岭乡", "建筑业 投资", 3, "在岗"),
    ("成文斌", "男", "办公室", "执法检查员", ALL_COUNTY, "批零住餐 房地产", 2, "在岗"),
]
GAOPING_INSPECTORS = [("秦志强", "男"), ("申晓丽", "女"), ("牛建平", "男")]
CONFLICTS = [("许永进", "配偶在该单位任财务负责人"), ("付子瑶", "曾在该单位任统计员（2022年离职）")]
LINKED = ("zhifa", "崔海胜")


def _valid_until(years: int, today: dt.date) -> dt.date:
    """Years ahead end on 31 December; 0 means 20 days from the first load; negative numbers are days ago."""
    if years < 0:
        return today + dt.timedelta(days=years)
    if years == 0:
        return today + dt.timedelta(days=20)
    return dt.date(today.year + years, 12, 31)


def load_demo_inspectors(county: Bureau, echo: Echo) -> None:
    """About twenty inspectors of 阳城县 (two certificates expired, one on leave, one seconded, one expiring soon),
    three of 高平市, two 回避 declarations and the login `zhifa` linked to 崔海胜."""
    today = timezone.localdate()
    admin = User.objects.filter(username="admin").first()
    known = set(Inspector.objects.values_list("certificate_no", flat=True))
    added = 0
    for number, (name, sex, department, post, area, tags, years, status) in enumerate(COUNTY_INSPECTORS, start=1):
        certificate = f"{county.code}{number:05d}"
        if certificate in known:
            continue
        values = {
            "name": name,
            "sex": sex,
            "certificate_no": certificate,
            "certificate_valid_until": _valid_until(years, today).isoformat(),
            "department": department,
            "post": post,
            "area": area,
            "expertise": tags,
            "status": status,
            "home_region": county.code,
            "staff_no": f"YC{number:03d}",
            "phone": f"1393560{number:04d}",
        }
        add_inspector(actor=admin, bureau=county, values=values, reason="演示数据")
        added += 1
    added += _other_county(known)
    _conflicts(county, admin)
    _link(admin)
    echo(f"inspectors: {added} added ({Inspector.objects.filter(bureau=county).count()} in 阳城县)")


def _other_county(known: set[str]) -> int:
    gaoping = Bureau.objects.get(code="140581")
    added = 0
    for number, (name, sex) in enumerate(GAOPING_INSPECTORS, start=1):
        certificate = f"{gaoping.code}{number:05d}"
        if certificate not in known:
            values = {"name": name, "sex": sex, "certificate_no": certificate, "certificate_valid_until": "2029-12-31"}
            add_inspector(actor=None, bureau=gaoping, values=values, reason="演示数据")
            added += 1
    return added


def _conflicts(county: Bureau, actor: User | None) -> None:
    units = list(Unit.objects.filter(bureau=county, is_in_directory=True).order_by("id")[: len(CONFLICTS)])
    for (name, reason), unit in zip(CONFLICTS, units, strict=False):
        inspector = Inspector.objects.get(bureau=county, name=name)
        if not InspectorConflict.objects.filter(inspector=inspector, unit_uscc=unit.uscc).exists():
            declare_conflict(actor=actor, inspector=inspector, unit_uscc=unit.uscc, unit_name=unit.name, reason=reason)


def _link(actor: User | None) -> None:
    username, name = LINKED
    user = User.objects.filter(username=username).first()
    inspector = Inspector.objects.filter(name=name, user__isnull=True).first()
    if user is not None and inspector is not None and not Inspector.objects.filter(user=user).exists():
        link_user(actor=actor, inspector=inspector, user=user)


def load_demo_items(county: Bureau, echo: Echo) -> None:
    """The province's list (2 items, seed 001) and the county's own list (9 items, seed 000), all published."""
    province = Bureau.objects.get(code="140000")
    created = load_standard_items(province) + load_standard_items(county)
    echo(f"items: {len(created)} created and published (山西省统计局 2, 阳城县统计局 9)")
