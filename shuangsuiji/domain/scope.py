"""The scope of a plan line or a task over the 检查对象名录库, and the stratification of a frame.

A scope is a dict of lists; an empty or missing list means "no restriction". Stratum codes are ASCII (DSR-1 §1):
the chosen components joined with `/` in the chosen order; a missing value is written `NA`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from shuangsuiji.domain import industry, units

SCOPE_KEYS: dict[str, str] = {
    "bureaus": "统计局",
    "scale_categories": "四上类别",
    "sections": "行业门类",
    "divisions": "行业大类",
    "regions": "区划（前缀）",
    "tags": "标签",
    "risk_classes": "信用风险等级",
    "size_classes": "单位规模",
    "growth_bands": "增速分组",
}

COMPONENTS: dict[str, str] = {
    "risk": "信用风险等级",
    "scale": "四上类别",
    "section": "行业门类",
    "division": "行业大类",
    "size": "单位规模",
    "growth": "增速分组",
    "county": "县级区划",
    "township": "乡镇（街道）",
}
_DIGITS = re.compile(r"^\d{2,12}$")


class ScopeError(ValueError):
    """A scope or stratification that cannot be used; the message is for the user."""


def _allowed(key: str) -> set[str] | None:
    table: dict[str, Any] = {
        "scale_categories": {k or "NONE" for k in units.SCALE_CATEGORIES},
        "sections": set(industry.SECTIONS),
        "divisions": set(industry.DIVISIONS),
        "risk_classes": set(units.RISK_CLASSES),
        "size_classes": set(units.SIZE_CLASSES),
        "growth_bands": set(units.GROWTH_BANDS),
    }
    return table.get(key)


def normalize_scope(raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """Validate a scope and return it with sorted, de-duplicated lists; unknown keys or values are errors."""
    scope: dict[str, list[str]] = {}
    for key, values in raw.items():
        if key not in SCOPE_KEYS:
            raise ScopeError(f"未知的范围条件“{key}”")
        items = [str(v).strip() for v in (values if isinstance(values, list | tuple) else [values]) if str(v).strip()]
        allowed = _allowed(key)
        bad = [v for v in items if allowed is not None and v not in allowed]
        if key in ("regions", "bureaus"):
            bad = [v for v in items if not _DIGITS.match(v)]
        if bad:
            raise ScopeError(f"{SCOPE_KEYS[key]}的取值无效：{'、'.join(bad)}")
        if items:
            scope[key] = sorted(set(items))
    return scope


def _label(key: str, value: str) -> str:
    if key == "scale_categories":
        return units.SCALE_CATEGORIES.get("" if value == "NONE" else value, value).split("（")[0]
    if key == "sections":
        return f"{value} {industry.SECTIONS.get(value, '')}"
    if key == "divisions":
        return f"{value} {industry.division_name(value)}"
    if key == "size_classes":
        return units.SIZE_CLASSES.get(value, value)
    if key == "growth_bands":
        return units.GROWTH_BANDS.get(value, value).split("（")[0]
    return value


def describe_scope(scope: Mapping[str, Sequence[str]]) -> str:
    """A short Chinese description, e.g. 四上类别：规上工业、限上零售；标签：重点企业."""
    parts = []
    for key, title in SCOPE_KEYS.items():
        values = scope.get(key) or []
        if values:
            parts.append(f"{title}：{'、'.join(_label(key, v) for v in values)}")
    return "；".join(parts) or "全部在库在营单位"


def normalize_components(components: Sequence[str], *, by_risk_ratios: bool) -> list[str]:
    """Check the stratification components; ratios by risk class need `risk` first (it names the stratum's class)."""
    chosen = [c for c in dict.fromkeys(components) if c]
    unknown = [c for c in chosen if c not in COMPONENTS]
    if unknown:
        raise ScopeError(f"未知的分层因素：{'、'.join(unknown)}")
    if by_risk_ratios:
        chosen = ["risk", *[c for c in chosen if c != "risk"]]
    if not chosen:
        chosen = ["scale"]
    return chosen


_UNIT_FIELDS = (
    "risk_class",
    "scale_category",
    "industry_section",
    "industry_division",
    "size_class",
    "growth_band",
    "region_code",
)


def stratum_function(components: Sequence[str], fields: Sequence[str] = _UNIT_FIELDS) -> Callable[[Sequence[str]], str]:
    """A fast stratum-code function over value tuples laid out as `fields` (the frame build calls it per unit)."""
    position = {name: fields.index(name) for name in _UNIT_FIELDS if name in fields}
    getters: list[Callable[[Sequence[str]], str]] = []
    for component in components:
        getters.append(_getter(component, position))

    def code(values: Sequence[str]) -> str:
        return "/".join([g(values) or "NA" for g in getters])

    return code


def _getter(component: str, position: Mapping[str, int]) -> Callable[[Sequence[str]], str]:
    region = position.get("region_code", -1)
    simple = {
        "risk": "risk_class",
        "section": "industry_section",
        "division": "industry_division",
        "size": "size_class",
        "growth": "growth_band",
    }
    if component in simple:
        index = position[simple[component]]
        return lambda values: values[index]
    if component == "scale":
        index = position["scale_category"]
        return lambda values: values[index] or "NONE"
    if component == "county":
        return lambda values: values[region][:6]
    if component == "township":
        return lambda values: values[region][:9] if len(values[region]) == 12 else ""
    raise ScopeError(f"未知的分层因素：{component}")


def stratum_code(values: Mapping[str, str], components: Sequence[str]) -> str:
    """The ASCII stratum code of one unit given its fields by name (the slow, simple form)."""
    return stratum_function(components)([values.get(f, "") for f in _UNIT_FIELDS])
