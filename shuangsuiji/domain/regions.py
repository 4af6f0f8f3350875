"""区划代码: 6-digit GB/T 2260 county codes and 12-digit 统计用区划代码 (county + township + village)."""

from __future__ import annotations

import re

PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

_DIGITS = re.compile(r"^\d+$")


class RegionCodeError(ValueError):
    """A malformed 区划代码; the message is for the user."""


def normalize(raw: str) -> str:
    """Validate the shape of a region code (6 or 12 digits, a known province) and return it."""
    code = raw.strip()
    if code.endswith(".0"):  # spreadsheets turn codes into floats
        code = code[:-2]
    if not _DIGITS.match(code) or len(code) not in (6, 12):
        raise RegionCodeError(f"区划代码“{raw}”格式错误：应为6位（县级）或12位（统计用区划代码）数字")
    if code[:2] not in PROVINCES:
        raise RegionCodeError(f"区划代码“{raw}”的省级代码 {code[:2]} 不存在")
    return code


def county_of(code: str) -> str:
    """The 6-digit county-level code of a 6- or 12-digit region code."""
    return code[:6]


def township_of(code: str) -> str:
    """The 12-digit township code (village part zeroed) of a 12-digit code; '' for a 6-digit one."""
    return code[:9] + "000" if len(code) == 12 else ""


def level_of(code: str) -> str:
    """省 / 市 / 县 / 乡 / 村 from the zero pattern of a 6- or 12-digit code."""
    if len(code) == 12:
        return "村" if code[9:] != "000" else "乡"
    if code[2:] == "0000":
        return "省"
    if code[4:] == "00":
        return "市"
    return "县"


def parents(code: str) -> list[str]:
    """The 6-digit province, city and county codes above a code (excluding itself), outermost first."""
    county = code[:6]
    chain = [county[:2] + "0000", county[:4] + "00", county]
    return [c for c in dict.fromkeys(chain) if c != code]
