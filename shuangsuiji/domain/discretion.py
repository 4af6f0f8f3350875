"""The 裁量基准 (discretion benchmark): bands of fines inside the legal range, by violation, party type, law and
情节严重 (domain-rules §1.3). Provinces publish their own tables and domain-rules did not read their numbers, so
the platform's defaults are an assumption, marked as defaults and meant to be replaced by the bureau's own table:
each legal range is cut in the proportions of the Zhejiang tiers under the 2009 law (¥2,000 / ¥5,000 / ¥10,000 of
a ¥10,000 cap, i.e. 20 % / 50 % / 100 %), and a 情节严重 range in two halves. The defaults include both ends of
a band; a bureau's own bands may exclude either (Band.includes_minimum / includes_maximum)."""

from __future__ import annotations

from dataclasses import dataclass

from shuangsuiji.domain.penalties import PARTY_TYPES, VIOLATION_BY_CODE, VIOLATIONS, Band, legal_range

LAWS = ("2024", "2009")


@dataclass(frozen=True)
class Tier:
    label: str
    circumstances: str
    low_percent: int
    high_percent: int


TIERS = (
    Tier("较轻", "初次违法，危害后果轻微，在责令改正期限内改正", 0, 20),
    Tier("一般", "经责令改正后改正，或者有其他一般情节", 20, 50),
    Tier("较重", "拒不改正，或者2年内再次违法", 50, 100),
)
SEVERE_TIERS = (
    Tier("情节严重·一般", "构成情节严重，积极配合调查、主动消除或者减轻危害后果", 0, 50),
    Tier("情节严重·较重", "构成情节严重，且拒不改正或者造成恶劣影响", 50, 100),
)


def has_severe_range(violation: str, party: str, law: str) -> bool:
    """Whether the law gives the violation a separate 情节严重 range for that party type (统计法 Art 44 only)."""
    found = VIOLATION_BY_CODE.get(violation)
    return found is not None and (law, party, True) in found.caps


def default_bands() -> list[Band]:
    """The platform's default table: every violation, party type and law with a fine, in the tiers above."""
    bands = []
    for violation in VIOLATIONS:
        for law in LAWS:
            for party in PARTY_TYPES:
                for severe in (False, True):
                    if severe and not has_severe_range(violation.code, party, law):
                        continue
                    low, high = legal_range([violation.code], party, severe, law)
                    if not high:
                        continue
                    for n, tier in enumerate(SEVERE_TIERS if severe else TIERS, start=1):
                        bands.append(
                            Band(
                                violation=violation.code,
                                label=tier.label,
                                minimum=low + (high - low) * tier.low_percent // 100,
                                maximum=low + (high - low) * tier.high_percent // 100,
                                law=law,
                                party=party,
                                severe=severe,
                                circumstances=tier.circumstances,
                                ref=f"default:{violation.code}:{law}:{party}:{int(severe)}:{n}",
                                is_default=True,
                            )
                        )
    return bands


def band_errors(band: Band) -> dict[str, str]:
    """What is wrong with a band, by field (empty when it fits inside the legal range)."""
    errors: dict[str, str] = {}
    if band.violation not in VIOLATION_BY_CODE:
        errors["violation"] = f"违法行为“{band.violation}”不存在"
    if band.party not in PARTY_TYPES:
        errors["party"] = f"当事人类型“{band.party}”不存在"
    if band.law not in LAWS:
        errors["law"] = "适用法律须为2024年或2009年统计法"
    if not band.label.strip():
        errors["label"] = "请填写档次名称"
    if errors:
        return errors
    if band.severe and not has_severe_range(band.violation, band.party, band.law):
        errors["severe"] = "该违法行为对此类当事人没有“情节严重”的罚款幅度"
        return errors
    low, high = legal_range([band.violation], band.party, band.severe, band.law)
    if not high:
        errors["maximum"] = "该违法行为对此类当事人没有罚款规定，不能设定罚款档次"
        return errors
    if band.minimum < low:
        errors["minimum"] = f"下限 {band.minimum:,} 元低于法定下限 {low:,} 元"
    if band.maximum > high:
        errors["maximum"] = f"上限 {band.maximum:,} 元超过法定上限 {high:,} 元"
    if band.minimum > band.maximum:
        errors["minimum"] = f"下限 {band.minimum:,} 元高于上限 {band.maximum:,} 元"
    elif not any(band.contains(n) for n in range(band.minimum, min(band.maximum, band.minimum + 2) + 1)):
        errors["includes_maximum"] = f"下限、上限均不含本数时，{band.range_text}中没有可选的罚款数额"
    return errors
