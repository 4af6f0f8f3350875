"""`shuangsuiji demo --size province`: 山西省 with its 11 cities, about 115 counties and about 1,000,000 units,
imported through the same import service as a bureau's real file (it is also the benchmark's data)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from shuangsuiji.core.imports import ImportOptions
from shuangsuiji.core.jobs import Progress
from shuangsuiji.demo.generator import Area, headers, unit_rows
from shuangsuiji.directory.services import import_units
from shuangsuiji.organisations.models import Bureau
from shuangsuiji.organisations.services import ensure_bureau, load_regions

CITIES = [
    ("140100", "太原市"),
    ("140200", "大同市"),
    ("140300", "阳泉市"),
    ("140400", "长治市"),
    ("140500", "晋城市"),
    ("140600", "朔州市"),
    ("140700", "晋中市"),
    ("140800", "运城市"),
    ("140900", "忻州市"),
    ("141000", "临汾市"),
    ("141100", "吕梁市"),
]
COUNTIES_PER_CITY = 10
TOWNSHIPS_PER_COUNTY = 12


def province_areas() -> list[tuple[str, str, Area]]:
    """(city code, county name, area) for every synthetic county of the province (晋城's are the real six)."""
    from shuangsuiji.demo.loader import JINCHENG_COUNTIES

    areas = []
    for city_code, city_name in CITIES:
        if city_code == "140500":
            counties = JINCHENG_COUNTIES
        else:
            counties = [
                (f"{city_code[:4]}{i + 21:02d}", f"{city_name[:-1]}{i + 1}县") for i in range(COUNTIES_PER_CITY)
            ]
        for code, name in counties:
            towns = [(f"{code}{100 + t:03d}000", f"{name}第{t + 1}镇") for t in range(TOWNSHIPS_PER_COUNTY)]
            areas.append((city_code, name, Area(code, name, towns)))
    return areas


def write_province_csv(path: Path, total_units: int = 1_000_000) -> int:
    areas = province_areas()
    per_county = total_units // len(areas)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        for index, (_, _, area) in enumerate(areas):
            count = per_county if index < len(areas) - 1 else total_units - written
            writer.writerows(unit_rows(area, count, seed=int(area.county_code)))
            written += count
    return written


def ensure_province_bureaus() -> Bureau:
    province = Bureau.objects.get(code="140000")
    regions: list[tuple[str, str]] = []
    for city_code, city_name in CITIES:
        city = ensure_bureau(
            code=city_code, name=f"{city_name}统计局", parent=province, short_name=city_name[:1] + "统"
        )
        regions.append((city_code, city_name))
        for code_city, name, area in province_areas():
            if code_city != city_code:
                continue
            ensure_bureau(code=area.county_code, name=f"{name}统计局", parent=city, short_name=name[:1] + "统")
            regions.append((area.county_code, name))
            regions.extend(area.townships)
    load_regions(regions)
    return province


def load_province(*, echo: Callable[[str], None], total_units: int = 1_000_000) -> None:
    province = ensure_province_bureaus()
    folder = Path(settings.VAR_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "山西省检查对象名录库.csv"
    if not path.exists():
        echo(f"writing {total_units} synthetic units to {path} …")
        write_province_csv(path, total_units)
    echo("importing the province's units …")
    report = import_units(
        actor=None,
        bureau=province,
        path=path,
        options=ImportOptions(),
        progress=Progress(None, lambda d, t, m: echo(f"  {d}/{t}")),
    )
    echo(
        f"province units: {report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.error_count} rejected"
    )
