"""Validation of reported figures (联网直报 exports) in long form (one row per unit, period and indicator) or
wide form (one column per indicator); every bad value is reported with its row, column and a Chinese reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from shuangsuiji.domain.imports.columns import Column, HeaderMap, RowError
from shuangsuiji.domain.quality.indicators import IndicatorSpec
from shuangsuiji.domain.quality.periods import Period, PeriodError, parse_period

_MAX_VALUE = Decimal("1e13")
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)

BASE_COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "统一代码", "credit_code"), True),
    Column("period", "报告期", ("报告期别", "期别", "数据期别", "统计期", "period"), True),
    Column("reported_at", "填报时间", ("报送时间", "上报时间", "提交时间", "reported_at")),
    Column("unit_name", "单位详细名称", ("单位名称", "企业名称", "名称")),
)
LONG_COLUMNS: tuple[Column, ...] = (
    Column("indicator", "指标", ("指标名称", "指标代码", "indicator")),
    Column("current", "本月", ("本月数", "本期", "本期数", "本月值", "本期值", "current")),
    Column("cumulative", "本年累计", ("累计", "本年累计数", "1-本月累计", "累计值", "cumulative")),
    Column("measure", "计量单位", ("单位", "unit")),
)


def cumulative_key(code: str) -> str:
    return f"{code}__cum"


def wide_columns(indicators: Sequence[IndicatorSpec]) -> tuple[Column, ...]:
    """One column per indicator (本月) and one per cumulative indicator (本年累计)."""
    found: list[Column] = []
    for spec in indicators:
        found.append(
            Column(spec.code, spec.name, (f"{spec.name}本月", f"{spec.name}(本月)", f"{spec.name}({spec.unit})"))
        )
        if spec.is_cumulative:
            found.append(
                Column(
                    cumulative_key(spec.code),
                    f"{spec.name}本年累计",
                    (f"{spec.name}(本年累计)", f"{spec.name}累计", f"{spec.code}_cum"),
                )
            )
    return tuple(found)


def all_columns(indicators: Sequence[IndicatorSpec]) -> tuple[Column, ...]:
    return (*BASE_COLUMNS, *LONG_COLUMNS, *wide_columns(indicators))


@dataclass(frozen=True, slots=True)
class ReportedRow:
    """A valid row: the unit (by id), its period, (indicator code, 本月, 本年累计) triples and when it was filed."""

    row: int
    uscc: str
    unit_id: int
    period: Period
    values: tuple[tuple[str, Decimal | None, Decimal | None], ...]
    reported_at: dt.datetime | None


class ReportedRowValidator:
    """Validates rows of either form; `unit_of(uscc)` gives the unit id in the bureau's 名录库, or None."""

    def __init__(
        self, header: HeaderMap, indicators: Sequence[IndicatorSpec], unit_of: Callable[[str], int | None]
    ) -> None:
        self.header = header
        self.indicators = {s.code: s for s in indicators}
        self.by_name = {s.name: s for s in indicators} | {s.code: s for s in indicators}
        self.unit_of = unit_of
        self.is_long = "indicator" in header.index
        self.wide = [s for s in indicators if s.code in header.index or cumulative_key(s.code) in header.index]
        self.seen: dict[tuple[str, str, str], int] = {}

    def _cell(self, cells: list[str], key: str) -> str:
        position = self.header.index.get(key)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    def _name(self, key: str) -> str:
        return self.header.names.get(key, key)

    def validate(self, number: int, cells: list[str]) -> ReportedRow | list[RowError]:
        errors: list[RowError] = []
        if not self.is_long and not self.wide:
            return [RowError(number, "", "文件既没有「指标」列（长表），也没有任何指标列（宽表，如「营业收入」）")]
        code = self._cell(cells, "uscc").upper()
        unit_id = self.unit_of(code) if code else None
        if not code:
            errors.append(RowError(number, self._name("uscc"), "统一社会信用代码不能为空"))
        elif unit_id is None:
            errors.append(RowError(number, self._name("uscc"), f"统一社会信用代码 {code} 不在本局检查对象名录库中"))
        period = self._period(number, cells, errors)
        reported_at = self._reported_at(number, cells, errors)
        values = self._long_values(number, cells, errors) if self.is_long else self._wide_values(number, cells, errors)
        if period is not None and not errors:
            for indicator, _, _ in values:
                key = (code, period.code, indicator)
                if key in self.seen:
                    name = self.indicators[indicator].name
                    errors.append(
                        RowError(number, "", f"与第{self.seen[key]}行重复：同一单位、报告期 {period.code} 的「{name}」")
                    )
                else:
                    self.seen[key] = number
        if errors or period is None or unit_id is None:
            return errors
        return ReportedRow(number, code, unit_id, period, tuple(values), reported_at)

    def _period(self, number: int, cells: list[str], errors: list[RowError]) -> Period | None:
        text = self._cell(cells, "period")
        if not text:
            errors.append(RowError(number, self._name("period"), "报告期不能为空"))
            return None
        try:
            return parse_period(text)
        except PeriodError as exc:
            errors.append(RowError(number, self._name("period"), str(exc)))
            return None

    def _reported_at(self, number: int, cells: list[str], errors: list[RowError]) -> dt.datetime | None:
        text = self._cell(cells, "reported_at").replace("T", " ")
        if not text:
            return None
        for layout in _DATETIME_FORMATS:
            try:
                return dt.datetime.strptime(text[:19], layout)
            except ValueError:
                continue
        errors.append(RowError(number, self._name("reported_at"), f"填报时间“{text}”无法识别，应写作 2026-11-08 10:30"))
        return None

    def _long_values(
        self, number: int, cells: list[str], errors: list[RowError]
    ) -> list[tuple[str, Decimal | None, Decimal | None]]:
        text = self._cell(cells, "indicator")
        spec = self.by_name.get(text)
        if spec is None:
            known = "、".join(s.name for s in self.indicators.values())
            errors.append(RowError(number, self._name("indicator"), f"指标“{text}”未配置（可用：{known}）"))
            return []
        measure = self._cell(cells, "measure")
        if measure and measure != spec.unit:
            errors.append(
                RowError(number, self._name("measure"), f"「{spec.name}」的计量单位应为{spec.unit}，文件为{measure}")
            )
        current = self._number(number, cells, "current", spec, errors)
        cumulative = self._number(number, cells, "cumulative", spec, errors) if spec.is_cumulative else None
        if current is None and cumulative is None and not errors:
            errors.append(RowError(number, self._name("current"), f"「{spec.name}」本月与本年累计都为空"))
        return [(spec.code, current, cumulative)]

    def _wide_values(
        self, number: int, cells: list[str], errors: list[RowError]
    ) -> list[tuple[str, Decimal | None, Decimal | None]]:
        values = []
        for spec in self.wide:
            current = self._number(number, cells, spec.code, spec, errors)
            cumulative = self._number(number, cells, cumulative_key(spec.code), spec, errors)
            if current is not None or cumulative is not None:
                values.append((spec.code, current, cumulative))
        if not values and not errors:
            errors.append(RowError(number, "", "这一行没有任何指标数值"))
        return values

    def _number(
        self, number: int, cells: list[str], key: str, spec: IndicatorSpec, errors: list[RowError]
    ) -> Decimal | None:
        text = self._cell(cells, key).replace(",", "").replace("，", "")
        if not text or text in ("-", "—"):
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors.append(RowError(number, self._name(key), f"“{text}”不是数字"))
            return None
        if not value.is_finite() or abs(value) >= _MAX_VALUE:
            errors.append(RowError(number, self._name(key), f"“{text}”超出可接受的范围"))
        elif value < 0 and not spec.allows_negative and spec.is_money:
            errors.append(RowError(number, self._name(key), f"「{spec.name}」不能为负数"))
        elif not spec.is_money and (value < 0 or value != value.to_integral_value()):
            errors.append(RowError(number, self._name(key), f"「{spec.name}」应为非负整数"))
        else:
            return value.quantize(Decimal("0.01"))
        return None
