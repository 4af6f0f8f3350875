"""Penalties under the 统计法 for survey objects (domain-rules §1), the choice of law (从旧兼从轻, 行政处罚法 Art 37),
情节严重 (实施条例 Art 50), the 2-year limitation (Art 36), the late-payment surcharge (Art 72) and the hearing
threshold. Amounts in yuan. What domain-rules marks unverified (hearing thresholds, discretion bands) is passed
in as configuration by the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

LAW_2024_IN_FORCE = dt.date(2024, 9, 13)
ORGANISATION, INDIVIDUAL = "organisation", "individual"  # 企业事业单位或者其他组织 / 个体工商户
PARTY_TYPES = {ORGANISATION: "企业事业单位或者其他组织", INDIVIDUAL: "个体工商户"}


@dataclass(frozen=True)
class ViolationType:
    code: str
    label: str
    article_2009: str
    article_2024: str
    # maximum fine (yuan) by (law, party type, severe); None: no fine provision
    caps: dict[tuple[str, str, bool], int | None]
    severe_floor: dict[str, int] = field(default_factory=dict)  # the 情节严重 band's floor by law


def _art44(label: str, code: str, clause: str) -> ViolationType:
    return ViolationType(
        code,
        label,
        f"统计法（2009）第四十一条第一款第（{clause}）项",
        f"统计法（2024）第四十四条第一款第（{clause}）项",
        {
            ("2024", ORGANISATION, False): 100_000,
            ("2024", ORGANISATION, True): 500_000,
            ("2024", INDIVIDUAL, False): 10_000,
            ("2024", INDIVIDUAL, True): 10_000,
            ("2009", ORGANISATION, False): 50_000,
            ("2009", ORGANISATION, True): 200_000,
            ("2009", INDIVIDUAL, False): 10_000,
            ("2009", INDIVIDUAL, True): 10_000,
        },
        {"2024": 100_000, "2009": 50_000},
    )


VIOLATIONS: tuple[ViolationType, ...] = (
    _art44("拒绝提供统计资料或者经催报后仍未按时提供统计资料", "refuse", "一"),
    _art44("提供不真实或者不完整的统计资料", "false_data", "二"),
    _art44("拒绝答复或者不如实答复统计检查查询书", "query", "三"),
    _art44("拒绝、阻碍统计调查、统计检查", "obstruct", "四"),
    _art44(
        "转移、隐匿、篡改、毁弃或者拒绝提供原始记录和凭证、统计台账、统计调查表及其他相关证明和资料",
        "records_hidden",
        "五",
    ),
    ViolationType(
        "late",
        "迟报统计资料",
        "统计法（2009）第四十二条第一款",
        "统计法（2024）第四十五条第一款",
        {
            ("2024", ORGANISATION, False): 50_000,
            ("2024", INDIVIDUAL, False): 1_000,
            ("2009", ORGANISATION, False): 10_000,
            ("2009", INDIVIDUAL, False): 1_000,
        },
    ),
    ViolationType(
        "no_ledger",
        "未按照国家有关规定设置原始记录、统计台账",
        "统计法（2009）第四十二条第一款",
        "统计法（2024）第四十五条第一款",
        {
            ("2024", ORGANISATION, False): 50_000,
            ("2024", INDIVIDUAL, False): None,
            ("2009", ORGANISATION, False): 10_000,
            ("2009", INDIVIDUAL, False): None,
        },
    ),
)
VIOLATION_BY_CODE = {v.code: v for v in VIOLATIONS}
SEVERE_REASONS = {
    "violence": "使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查",
    "seriously_affected": "拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展",
    "serious_consequences": "提供不真实、不完整的统计资料，造成严重后果或者恶劣影响",
    "repeat": "有统计法第四十四条第一款所列违法行为之一，1年内被责令改正3次以上",
}


class PenaltyError(ValueError):
    """An impossible calculation (unknown violation, dates out of order); the message says which."""


@dataclass(frozen=True)
class Band:
    """A discretion band of a 裁量基准: for one violation, party type, law and (non-)情节严重 case, the fine range
    (yuan) for the circumstances described. Each end is included unless its flag says otherwise: benchmarks differ
    on whether “以上/以下” include the number (民法典 Art 1259 includes it; Hunan's “以上” excludes it, domain-rules
    §1.3). `ref` names it (a bureau's row id, or the default's key); `is_default` marks the platform's unverified
    defaults (domain/discretion.py)."""

    violation: str
    label: str
    minimum: int
    maximum: int
    law: str = "2024"
    party: str = ORGANISATION
    severe: bool = False
    circumstances: str = ""
    ref: str = ""
    is_default: bool = False
    includes_minimum: bool = True
    includes_maximum: bool = True

    def contains(self, fine: int) -> bool:
        above = fine >= self.minimum if self.includes_minimum else fine > self.minimum
        below = fine <= self.maximum if self.includes_maximum else fine < self.maximum
        return above and below

    @property
    def range_text(self) -> str:
        """“5,000（不含）—10,000 元”: the ends, each marked when the band excludes it."""
        low = f"{self.minimum:,}" + ("" if self.includes_minimum else "（不含）")
        high = f"{self.maximum:,}" + ("" if self.includes_maximum else "（不含）")
        return f"{low}—{high} 元"


def band_of(stored: dict[str, object]) -> Band:
    """A band copied onto a case (`dataclasses.asdict`); copies from before the boundary flags include both ends."""
    names = {f.name for f in fields(Band)}
    return Band(**{k: v for k, v in stored.items() if k in names})  # type: ignore[arg-type]


@dataclass
class Proposal:
    law: str
    law_reason: str
    minimum: int
    maximum: int | None  # None: no fine may be imposed
    severe: bool
    articles: list[str]
    bands: list[Band]
    notes: list[str]

    @property
    def fine_allowed(self) -> bool:
        return self.maximum is not None and self.maximum > 0


def _cap(violation: ViolationType, law: str, party: str, severe: bool) -> int | None:
    key = (law, party, severe and (law, party, True) in violation.caps)
    return violation.caps.get(key, violation.caps.get((law, party, False)))


def legal_range(codes: Sequence[str], party: str, severe: bool, law: str) -> tuple[int, int | None]:
    """The fine range of the most serious of the violations (a case decides one penalty per party)."""
    if party not in PARTY_TYPES:
        raise PenaltyError(f"未知的当事人类型：{party}")
    best: tuple[int, int | None] = (0, None)
    for code in codes:
        violation = VIOLATION_BY_CODE.get(code)
        if violation is None:
            raise PenaltyError(f"未知的违法行为：{code}")
        cap = _cap(violation, law, party, severe)
        floor = violation.severe_floor.get(law, 0) if severe and party == ORGANISATION and cap else 0
        if cap is not None and (best[1] is None or cap > best[1]):
            best = (floor, cap)
    return best


def choose_law(
    violation_end: dt.date, decided_on: dt.date, codes: Sequence[str], party: str, severe: bool
) -> tuple[str, str]:
    """从旧兼从轻: the law in force when the violation ended, unless the law at decision time is lighter."""
    if violation_end > decided_on:
        raise PenaltyError("违法行为终了日期不能晚于决定日期")
    if violation_end >= LAW_2024_IN_FORCE:
        return "2024", "违法行为发生在2024年9月13日修正后的统计法施行之后，适用现行统计法"
    if decided_on < LAW_2024_IN_FORCE:
        return "2009", "违法行为与决定均在2024年修正施行之前，适用2009年统计法"
    old = legal_range(codes, party, severe, "2009")[1]
    new = legal_range(codes, party, severe, "2024")[1]
    if new is not None and (old is None or new < old):
        return "2024", "违法行为发生在修正施行之前，但现行统计法处罚较轻，从轻适用现行统计法"
    return "2009", "违法行为发生在2024年9月13日之前，从旧适用2009年统计法（现行法处罚不轻于旧法）"


def propose(
    *,
    codes: Sequence[str],
    party: str,
    severe_reasons: Iterable[str],
    violation_end: dt.date,
    decided_on: dt.date,
    corrections_in_year: int = 0,
    bands: Iterable[Band] = (),
) -> Proposal:
    """The legal range and the bureau's matching discretion bands; the handler chooses within and justifies."""
    if not codes:
        raise PenaltyError("请选择违法行为")
    reasons = set(severe_reasons)
    if unknown := reasons - set(SEVERE_REASONS):
        raise PenaltyError(f"未知的情节严重情形：{'、'.join(sorted(unknown))}")
    notes = []
    art44 = any(VIOLATION_BY_CODE[c].severe_floor for c in codes if c in VIOLATION_BY_CODE)
    if corrections_in_year >= 3 and art44:
        reasons.add("repeat")
        notes.append(f"1年内已被责令改正 {corrections_in_year} 次（平台统计），构成情节严重")
    severe = bool(reasons) and art44
    law, why = choose_law(violation_end, decided_on, codes, party, severe)
    minimum, maximum = legal_range(codes, party, severe, law)
    articles = [getattr(VIOLATION_BY_CODE[c], "article_2024" if law == "2024" else "article_2009") for c in codes]
    if maximum is None:
        notes.append("该违法行为对此类当事人没有罚款规定：责令改正并予以警告")
    chosen = [
        b
        for b in bands
        if b.violation in codes
        and (b.law, b.party, b.severe) == (law, party, severe)
        and maximum is not None
        and b.minimum <= maximum
    ]
    return Proposal(law, why, minimum, maximum, severe, articles, chosen, notes)


def check_fine(proposal: Proposal, fine: int) -> None:
    if fine < 0:
        raise PenaltyError("罚款金额不能为负数")
    if fine and not proposal.fine_allowed:
        raise PenaltyError("该违法行为对此类当事人不能处以罚款")
    if proposal.maximum is not None and fine > proposal.maximum:
        raise PenaltyError(f"罚款 {fine:,} 元超过法定上限 {proposal.maximum:,} 元")
    if proposal.severe and fine and fine < proposal.minimum:
        raise PenaltyError(f"情节严重的，罚款不得低于 {proposal.minimum:,} 元")


def within_limitation(violation_end: dt.date, opened_on: dt.date) -> bool:
    """行政处罚法 Art 36: not discovered within 2 years (from the end of a continuing violation) → no penalty."""
    try:
        limit = violation_end.replace(year=violation_end.year + 2)
    except ValueError:  # 29 February
        limit = violation_end.replace(year=violation_end.year + 2, day=28)
    return opened_on <= limit


def late_fee(fine: int, due_on: dt.date, paid_on: dt.date) -> int:
    """行政处罚法 Art 72: 3% of the fine per day late, never more than the fine."""
    days = (paid_on - due_on).days
    return 0 if days <= 0 or fine <= 0 else min(fine, fine * 3 * days // 100)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def hearing_right(fine: int, party: str, thresholds: dict[str, int]) -> bool:
    """The party may request a hearing when the proposed fine reaches the bureau's 较大数额 for its type."""
    return fine >= thresholds.get(party, 0) > 0
