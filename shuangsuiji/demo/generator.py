"""Synthetic but plausible demo data: unit rows with valid 统一社会信用代码, names, industries, sizes and risk
classes that fit their 四上 category. Deterministic for a given seed (this is demo data, never a draw)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from shuangsuiji.domain.imports.units import UNIT_COLUMNS
from shuangsuiji.domain.units import SCALE_CATEGORIES
from shuangsuiji.domain.uscc import with_check_character

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华建国红梅玉林鹏飞宇浩然雪晨欣怡子涵梓轩志宏海燕永福文博嘉琪春生秋菊冬梅建军卫东俊峰晓东丽萍"
BRAND = "晋阳泰华鑫恒丰瑞宏昌兴隆源达盛安康德福祥润通远新金银龙凤山河嘉诚信和顺利汇中天宇豪锦亿永佳联创旭辉"

# (四上 category, share, [(industry code, word)], revenue range in 万元, employees range)
PROFILES: list[tuple[str, float, list[tuple[str, str]], tuple[int, int], tuple[int, int]]] = [
    (
        "IND",
        0.30,
        [
            ("0610", "煤业"),
            ("0620", "煤炭洗选"),
            ("1311", "粮油加工"),
            ("1495", "食品"),
            ("3011", "水泥"),
            ("3021", "建材"),
            ("3311", "钢结构"),
            ("3419", "机械制造"),
            ("2614", "化工"),
            ("4411", "热电"),
            ("3130", "铸造"),
            ("2912", "塑料制品"),
        ],
        (2000, 150000),
        (20, 1800),
    ),
    (
        "CON",
        0.08,
        [("4710", "建筑工程"), ("4812", "路桥工程"), ("4910", "电力安装"), ("5011", "装饰工程")],
        (300, 60000),
        (30, 900),
    ),
    (
        "WHS",
        0.10,
        [("5111", "粮油贸易"), ("5161", "矿产品贸易"), ("5174", "五金交电"), ("5193", "商贸")],
        (2000, 80000),
        (5, 200),
    ),
    (
        "RET",
        0.12,
        [("5211", "百货"), ("5212", "超市"), ("5261", "汽车销售"), ("5265", "加油站"), ("5251", "家电商城")],
        (500, 30000),
        (10, 400),
    ),
    ("ACC", 0.04, [("6110", "宾馆"), ("6121", "酒店"), ("6140", "民宿")], (200, 8000), (10, 200)),
    ("CAT", 0.06, [("6210", "饭店"), ("6220", "快餐"), ("6241", "餐饮管理")], (200, 6000), (10, 250)),
    ("RE", 0.05, [("7010", "房地产开发")], (100, 90000), (10, 300)),
    (
        "SVC",
        0.10,
        [
            ("5443", "运输"),
            ("5810", "物流"),
            ("6513", "软件"),
            ("7020", "物业管理"),
            ("7211", "企业管理咨询"),
            ("8411", "医院"),
            ("7492", "检测"),
            ("8010", "家政服务"),
        ],
        (500, 40000),
        (10, 600),
    ),
    (
        "",
        0.15,
        [("5212", "便利店"), ("6210", "小饭店"), ("8013", "洗染店"), ("2032", "木器加工"), ("5193", "商行")],
        (10, 480),
        (1, 30),
    ),
]

RISK_WEIGHTS = [("A", 30), ("B", 50), ("C", 15), ("D", 5)]
STATUS_WEIGHTS = [("在营", 950), ("停业", 20), ("注销", 8), ("吊销", 6), ("迁出", 6), ("查无下落", 10)]
GROWTH_WEIGHTS = [("G1", 20), ("G2", 45), ("G3", 30), ("G0", 5)]
TAGS = ["重点企业", "新入库", "高新技术企业", "园区企业", "重点监测", "专精特新", "煤炭行业"]
REG_TYPES = ["有限责任公司", "股份有限公司", "私营企业", "国有企业", "集体企业"]
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@dataclass(frozen=True)
class Area:
    """Where demo units live: a county code, its name and township codes (12 digits)."""

    county_code: str
    county_name: str
    townships: list[tuple[str, str]]
    phone_area: str = "0356"


def org_code_check(body: str) -> str:
    """GB 11714 check character of the 8-character 组织机构代码 body."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def make_uscc(rng: random.Random, county_code: str, individual: bool = False) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(2)) + "".join(rng.choice(_ORG_CHARS[:10]) for _ in range(6))
    prefix = "92" if individual else "91"
    return with_check_character(prefix + county_code + body + org_code_check(body))


def _weighted(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weights], [w for _, w in weights])[0]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _size_class(category: str, revenue: int, employees: int) -> str:
    if category == "IND":
        if revenue >= 40000 and employees >= 1000:
            return "大型"
        if revenue >= 2000 and employees >= 300:
            return "中型"
        return "小型" if revenue >= 300 and employees >= 20 else "微型"
    if revenue >= 20000:
        return "大型" if employees >= 300 else "中型"
    if revenue >= 1000:
        return "中型" if employees >= 100 else "小型"
    return "小型" if employees >= 10 else "微型"


def unit_rows(area: Area, count: int, seed: int, period: str = "2025") -> Iterator[list[str]]:
    """Rows in UNIT_COLUMNS order, as strings (what a 名录库 export holds)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    categories = [(p[0], p[1]) for p in PROFILES]
    by_category = {p[0]: p for p in PROFILES}
    short = area.county_name.removesuffix("县").removesuffix("市").removesuffix("区")
    for _ in range(count):
        category = rng.choices([c for c, _ in categories], [w for _, w in categories])[0]
        _, _, industries, revenue_range, employee_range = by_category[category]
        code, word = rng.choice(industries)
        individual = category == "" and rng.random() < 0.5
        uscc = make_uscc(rng, area.county_code, individual)
        while uscc in seen:
            uscc = make_uscc(rng, area.county_code, individual)
        seen.add(uscc)
        town_code, town_name = rng.choice(area.townships)
        village = town_code[:9] + f"{rng.randint(1, 30) + (200 if rng.random() < 0.6 else 0):03d}"
        person = person_name(rng)
        brand = rng.choice(BRAND) + rng.choice(BRAND)
        if individual:
            name = f"{short}县{town_name}{person[0]}记{word}"
        else:
            form = rng.choice(["有限公司", "有限公司", "有限责任公司", "股份有限公司"])
            name = f"{short}{brand}{word}{form}" if rng.random() < 0.6 else f"山西{brand}{word}{form}"
        revenue = int(rng.triangular(revenue_range[0], revenue_range[1], revenue_range[0] * 1.5))
        employees = int(rng.triangular(employee_range[0], employee_range[1], employee_range[0] * 2))
        phone = (
            f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            if rng.random() < 0.7
            else f"{area.phone_area}-{rng.randint(2_000_000, 8_999_999)}"
        )
        tags = "、".join(rng.sample(TAGS, rng.choice((0, 0, 0, 1, 1, 2))))
        street = rng.choice(["中华街", "凤城路", "府前街", "新阳路", "东关街", "工业园区", "开发区大道"])
        row = {
            "uscc": uscc,
            "name": name,
            "region_code": village,
            "industry_code": code,
            "size_class": _size_class(category, revenue, employees),
            "scale_category": SCALE_CATEGORIES[category] if category else "",
            "registration_type": "个体工商户" if individual else rng.choice(REG_TYPES),
            "legal_representative": person,
            "contact_person": person_name(rng),
            "phone": phone,
            "address": f"山西省晋城市{area.county_name}{town_name}{street}{rng.randint(1, 300)}号",
            "revenue": f"{revenue}.{rng.randint(0, 99):02d}",
            "employees": str(employees),
            "indicator_period": period,
            "risk_class": _weighted(rng, RISK_WEIGHTS),
            "growth_band": _weighted(rng, GROWTH_WEIGHTS),
            "tags": tags,
            "status": _weighted(rng, STATUS_WEIGHTS),
            "checksum_exempt_reason": "",
        }
        yield [row[c.key] for c in UNIT_COLUMNS]


def headers() -> list[str]:
    return [c.header for c in UNIT_COLUMNS]
