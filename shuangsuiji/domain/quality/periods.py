"""Report periods as 联网直报 writes them: a month (2026-10), a quarter (2026Q3) or a year (2026)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
_EXCEL_MONTH = re.compile(r"^(\d{4})-(\d{2})-01(?: 00:00:00)?$")  # a month cell Excel turned into a date
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-]?\s*Q|年第?)\s*([1-4])\s*(?:季度?)?$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_CHINESE_QUARTERS = {"一": "1", "二": "2", "三": "3", "四": "4"}

MONTH, QUARTER, YEAR = "M", "Q", "Y"
PERIODS_PER_YEAR = {MONTH: 12, QUARTER: 4, YEAR: 1}
KIND_LABELS = {MONTH: "月报", QUARTER: "季报", YEAR: "年报"}


class PeriodError(ValueError):
    """A period text that is neither 2026-10, 2026Q3 nor 2026."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One report period; `index` counts periods of the same kind from year 0, so index − 1 is the previous one."""

    kind: str
    year: int
    number: int

    @property
    def code(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}年{self.number}月"
        if self.kind == QUARTER:
            return f"{self.year}年第{self.number}季度"
        return f"{self.year}年"

    @property
    def index(self) -> int:
        return self.year * PERIODS_PER_YEAR[self.kind] + self.number - 1

    def shifted(self, steps: int) -> Period:
        return from_index(self.kind, self.index + steps)

    def __str__(self) -> str:
        return self.code


def from_index(kind: str, index: int) -> Period:
    per_year = PERIODS_PER_YEAR[kind]
    return Period(kind, index // per_year, index % per_year + 1)


def parse_period(text: str) -> Period:
    """Read a period; raises PeriodError with a Chinese message naming the accepted forms."""
    value = str(text).strip().upper().replace("Ｑ", "Q")
    for chinese, digit in _CHINESE_QUARTERS.items():
        value = value.replace(f"第{chinese}季", f"第{digit}季")
    match = _MONTH.match(value) or _COMPACT_MONTH.match(value) or _EXCEL_MONTH.match(value)
    if match and 1 <= int(match.group(2)) <= 12:
        return _checked(Period(MONTH, int(match.group(1)), int(match.group(2))))
    match = _QUARTER.match(value)
    if match:
        return _checked(Period(QUARTER, int(match.group(1)), int(match.group(2))))
    match = _YEAR.match(value)
    if match:
        return _checked(Period(YEAR, int(match.group(1)), 1))
    raise PeriodError(f"报告期“{text}”无法识别，应写作 2026-10（月）、2026Q3（季）或 2026（年）")


def _checked(period: Period) -> Period:
    if not 2000 <= period.year <= 2100:
        raise PeriodError(f"报告期年份 {period.year} 不在 2000—2100 之间")
    return period
