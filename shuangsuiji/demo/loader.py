"""`shuangsuiji demo`: a realistic county modelled on seed 000 (阳城县统计局, 140522, under 晋城市 140500 and
山西省 140000), loaded through the platform's own services. Running it twice changes nothing."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from shuangsuiji.accounts.models import User
from shuangsuiji.accounts.services import create_user
from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.core.roles import Role
from shuangsuiji.demo.generator import Area, headers, unit_rows
from shuangsuiji.directory.services import import_units
from shuangsuiji.organisations.models import Bureau, Department
from shuangsuiji.organisations.services import ensure_bureau, ensure_department, load_regions

DEMO_PASSWORD = "demo-pass-2026"
COUNTY_CODE = "140522"

YANGCHENG_TOWNSHIPS = [
    ("140522100000", "凤城镇"),
    ("140522101000", "北留镇"),
    ("140522102000", "润城镇"),
    ("140522103000", "町店镇"),
    ("140522104000", "芹池镇"),
    ("140522105000", "次营镇"),
    ("140522106000", "横河镇"),
    ("140522107000", "河北镇"),
    ("140522108000", "蟒河镇"),
    ("140522109000", "东冶镇"),
    ("140522200000", "白桑乡"),
    ("140522201000", "寺头乡"),
    ("140522202000", "西河乡"),
    ("140522203000", "演礼乡"),
    ("140522204000", "固隆乡"),
    ("140522205000", "董封乡"),
    ("140522206000", "驾岭乡"),
]
JINCHENG_COUNTIES = [
    ("140502", "城区"),
    ("140521", "沁水县"),
    ("140522", "阳城县"),
    ("140524", "陵川县"),
    ("140525", "泽州县"),
    ("140581", "高平市"),
]
DEPARTMENTS = [
    ("法制室", Department.Kind.SECTION, {"is_legal_office": True}),
    ("投资调查股", Department.Kind.SECTION, {"is_specialist": True}),
    ("专业股", Department.Kind.SECTION, {"is_specialist": True}),
    ("人口社会股", Department.Kind.SECTION, {"is_specialist": True}),
    ("调查单位管理股", Department.Kind.SECTION, {"is_specialist": True}),
    ("农业农村股", Department.Kind.SECTION, {"is_specialist": True}),
    ("综合股", Department.Kind.SECTION, {"is_specialist": True}),
    ("服务业调查股", Department.Kind.SECTION, {"is_specialist": True}),
    ("办公室", Department.Kind.OFFICE, {}),
]
# username, roles, display name, department (one user per role, names from seed 000 where it gives them)
COUNTY_USERS: list[tuple[str, list[Role], str, str]] = [
    ("admin", [Role.ADMIN], "逯锋军", "办公室"),
    ("fazhi", [Role.COORDINATOR], "田贺娟", "法制室"),
    ("zhuanye", [Role.SPECIALIST], "李延博", "专业股"),
    ("zhifa", [Role.INSPECTOR], "崔海胜", "调查单位管理股"),
    ("shenhe", [Role.LEGAL_REVIEWER], "付子瑶", "法制室"),
    ("lingdao", [Role.LEADER], "王郁冰", "办公室"),
]
Echo = Callable[[str], None]


def load_demo(*, size: str = "county", echo: Echo = print) -> list[tuple[str, str, str]]:
    """Load the demo and return the logins as (username, role label, bureau name)."""
    county = _hierarchy(echo)
    logins = _users(county, echo)
    _units(county, echo)
    _libraries(county, echo)
    from shuangsuiji.demo.plans import load_plans_and_draws

    load_plans_and_draws(county, echo)
    from shuangsuiji.inspections.demo import load_demo_inspections

    load_demo_inspections(county, echo)
    from shuangsuiji.quality.demo import load_demo_quality

    load_demo_quality(county, echo)
    for extension in _EXTENSIONS:
        extension(county, echo)
    from shuangsuiji.cases.demo import load_demo_cases

    load_demo_cases(county, echo)
    if size == "province":
        from shuangsuiji.demo.province import load_province

        load_province(echo=echo)
    return logins


# Later capabilities (inspectors, items, plans, draws …) add their demo data here, in order.
_EXTENSIONS: list[Callable[[Bureau, Echo], None]] = []


def register_extension(function: Callable[[Bureau, Echo], None]) -> None:
    if function not in _EXTENSIONS:
        _EXTENSIONS.append(function)


def _libraries(county: Bureau, echo: Echo) -> None:
    """The inspector library and the item list (they need the users and units loaded above)."""
    from shuangsuiji.demo.libraries import load_demo_inspectors, load_demo_items

    with transaction.atomic():
        load_demo_inspectors(county, echo)
        load_demo_items(county, echo)


def _hierarchy(echo: Echo) -> Bureau:
    with transaction.atomic():
        nation = ensure_bureau(code="000000", name="国家统计局", parent=None, short_name="国统")
        province = ensure_bureau(
            code="140000",
            name="山西省统计局",
            parent=nation,
            short_name="晋统",
            address="山西省太原市迎泽区迎泽大街",
            complaint_phone="0351-12345",
        )
        city = ensure_bureau(
            code="140500",
            name="晋城市统计局",
            parent=province,
            short_name="晋市统",
            address="山西省晋城市城区凤台东街",
            complaint_phone="0356-12345",
        )
        county = None
        for code, name in JINCHENG_COUNTIES:
            bureau = ensure_bureau(
                code=code,
                name=f"{name}统计局",
                parent=city,
                short_name=name[:1] + "统",
                address=f"山西省晋城市{name}人民政府大院",
                complaint_phone="0356-" + code[-4:] + "123",
                enforcement_functions="依法对本行政区域内统计调查对象执行统计法律法规情况进行监督检查；"
                "查处统计违法行为；开展“双随机、一公开”抽查；公开执法信息。",
            )
            if code == COUNTY_CODE:
                county = bureau
        assert county is not None
        load_regions([("140000", "山西省"), ("140500", "晋城市"), *JINCHENG_COUNTIES, *YANGCHENG_TOWNSHIPS])
        load_regions(
            [
                (f"{code[:6]}{i:03d}000", f"{name}第{i}镇")
                for code, name in JINCHENG_COUNTIES
                if code != COUNTY_CODE
                for i in range(100, 104)
            ]
        )
        for name, kind, flags in DEPARTMENTS:
            ensure_department(bureau=county, name=name, kind=kind, **flags)
        ensure_department(bureau=city, name="法规科", kind=Department.Kind.SECTION, is_legal_office=True)
    echo("organisations: 国家统计局 → 山西省统计局 → 晋城市统计局 → 阳城县统计局 (and its neighbours)")
    return county


def _users(county: Bureau, echo: Echo) -> list[tuple[str, str, str]]:
    logins = []
    departments = {d.name: d for d in county.departments.all()}
    extra = [
        ("shiju", [Role.COORDINATOR, Role.LEADER], "晋城市局法规科", "140500", ""),
        ("gaoping", [Role.COORDINATOR], "高平市局法制室", "140581", ""),
    ]
    wanted = [(u, r, n, COUNTY_CODE, d) for u, r, n, d in COUNTY_USERS] + extra
    for username, roles, name, code, department in wanted:
        bureau = county if code == COUNTY_CODE else Bureau.objects.get(code=code)
        if not User.objects.filter(username=username).exists():
            create_user(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                bureau=bureau,
                roles=roles,
                display_name=name,
                department=departments.get(department),
                check_password=False,
            )
        logins.append((username, "、".join(r.label for r in roles), bureau.name))
    echo(f"users: {len(logins)} demo logins")
    return logins


def _units(county: Bureau, echo: Echo) -> None:
    folder = Path(settings.VAR_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    area = Area(COUNTY_CODE, "阳城县", YANGCHENG_TOWNSHIPS)
    path = folder / "阳城县检查对象名录库.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        writer.writerows(unit_rows(area, 2000, seed=140522))
    admin = User.objects.get(username="admin")
    report = import_units(actor=admin, bureau=county, path=path, options=ImportOptions())
    if report.fatal or (report.error_count and not report.written):
        raise RuntimeError(f"demo units were rejected: {report.fatal or report.errors[:3]}")
    echo(f"units: {report.created} created, {report.unchanged} unchanged (阳城县, {report.rows_total} rows)")
    gaoping = Bureau.objects.get(code="140581")
    area2 = Area("140581", "高平市", [(f"140581{i:03d}000", f"高平市第{i}镇") for i in range(100, 104)])
    path2 = folder / "高平市检查对象名录库.csv"
    with path2.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        writer.writerows(unit_rows(area2, 200, seed=140581))
    import_units(actor=None, bureau=gaoping, path=path2, options=ImportOptions())


def demo_logins() -> list[tuple[str, str]]:
    return [(u, DEMO_PASSWORD) for u, *_ in COUNTY_USERS]


def any_user(username: str) -> Any:
    return User.objects.get(username=username)
