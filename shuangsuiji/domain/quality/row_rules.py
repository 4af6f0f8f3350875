"""The rules that compare a report only with itself and the unit's reports just before it — 迟报, 本年累计值减少,
分项大于总量, 关联指标缺失, 偏离本单位历史水平 and the 四上 threshold rules — evaluated along the values' rows (sorted
by unit and period) block by block, reading Polars' memory in place: their columns (本年累计, 填报时间, running
sums) never need a grid of their own.

The previous report is the row before when it is the same unit's previous period; the trailing year is Polars'
rolling sum of revenue over the unit's last `per_year` consecutive reports; the unit's earlier mean is the
running sum over all rows before the row (one sequence across the blocks) minus its value at the unit's first
row, over the number of earlier figures — the sums the rules were specified with, to the last bit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from shuangsuiji.domain.quality.config import RuleConfig
from shuangsuiji.domain.quality.grid import Bools, Floats, Grid, Ints
from shuangsuiji.domain.quality.indicators import IndicatorSpec
from shuangsuiji.domain.quality.periods import MONTH
from shuangsuiji.domain.quality.rows import cumulative_key

BLOCK = 1 << 17
ROW_RULES = ("late", "cumulative", "part_total", "requires", "history", "hover", "exit", "entry")


@dataclass
class RowCells:
    """The flagged rows of one rule (indices into the sorted values), with extra per-row columns."""

    rows: list[Ints] = field(default_factory=list)
    extra: dict[str, list[Floats]] = field(default_factory=dict)

    def add(self, start: int, mask: Bools, extra: dict[str, Floats] | None = None) -> None:
        where = np.flatnonzero(mask)
        if where.size:
            self.rows.append(where.astype(np.int64) + start)
            for name, column in (extra or {}).items():
                self.extra.setdefault(name, []).append(column[where])

    def arrays(self) -> tuple[Ints, dict[str, Floats]]:
        if not self.rows:
            return np.zeros(0, dtype=np.int64), {}
        return np.concatenate(self.rows), {name: np.concatenate(parts) for name, parts in self.extra.items()}


@dataclass
class _Carry:
    """The running sum of one indicator at the end of the previous block, and, for the unit that block ended
    with, the running sum at its first row and its number of figures so far."""

    running: float = 0.0
    start: float = np.nan
    count: int = 0


def row_rules(
    values: pl.DataFrame,
    flat: Ints,
    grid: Grid,
    config: RuleConfig,
    specs: list[IndicatorSpec],
    targets: Bools,
    enabled: Callable[[str], bool],
    categories: Callable[[], tuple[Bools, Bools, Bools]],
) -> dict[str, RowCells]:
    """Flagged rows per rule. `targets` marks the grid's target period rows; `categories` gives, per unit of the
    axis, (not in a 四上 category, in its threshold's category, has a threshold)."""
    out = {rule: RowCells() for rule in ROW_RULES}
    if values.height == 0:
        return out
    per_year, size, first = grid.per_year, grid.size, grid.first
    columns = set(values.columns)
    codes = [s.code for s in specs]
    look = max(1, per_year - 1)
    revenue = config.revenue_code
    deadline = _deadlines(grid, config) if enabled("late") and "reported_on" in columns else None
    thresholds = (
        grid.threshold is not None and revenue in columns and any(enabled(r) for r in ("hover", "exit", "entry"))
    )
    trailing = values[revenue].cast(pl.Float64).rolling_sum(per_year, min_samples=per_year) if thresholds else None
    band = config.value("hover")
    if thresholds:
        assert grid.threshold is not None
        own, in_category, _ = categories()
        exit_limit = np.where(in_category, grid.threshold * (1 - band), np.nan)  # 退库: below the band
        entry_limit = np.where(own, grid.threshold, np.nan)  # 入库: not in a 四上 category
    carries = {c: _Carry() for c in codes}
    for a in range(0, values.height, BLOCK):
        b = min(values.height, a + BLOCK)
        start, m = max(0, a - look), b - a
        k0 = a - start

        block = _Block(values, start, b, k0)
        column, previous = block.column, block.previous
        unit = values["unit_id"].slice(start, b - start).cast(pl.Int64).to_numpy()
        index = values["period_index"].slice(start, b - start).cast(pl.Int64).to_numpy()
        this_unit, this_index = unit[k0:], index[k0:]
        same_unit = (unit[k0 - 1 : -1] == this_unit) if k0 else np.concatenate([[False], unit[1:] == unit[:-1]])
        same_prev = same_unit & (previous(index.astype(np.float64)) == this_index - 1)
        target = targets[this_index - first]
        number = this_index % per_year + 1
        positions = flat[a:b] % size
        if deadline is not None:
            reported = values["reported_on"].slice(a, m).cast(pl.Int32).cast(pl.Float64).to_numpy()
            out["late"].add(a, target & (reported > deadline[this_index - first]))
        if enabled("cumulative"):
            mask, extra = np.zeros(m, dtype=bool), {}
            for spec in specs:
                key = cumulative_key(spec.code)
                if key not in columns:
                    continue
                now, before = column(key)[k0:], previous(column(key))
                extra[f"{spec.code}__cumprev"] = np.where(same_prev, before, np.nan)
                if spec.is_cumulative and not spec.allows_negative:
                    mask |= (number > 1) & same_prev & (now < before - 0.005)
            out["cumulative"].add(a, target & mask, extra)
        if enabled("part_total"):
            mask = np.zeros(m, dtype=bool)
            for part_code, total_code in config.pairs:
                if config.indicator(part_code) is None or config.indicator(total_code) is None:
                    continue
                if part_code not in columns or total_code not in columns:
                    continue
                for suffix in ("", "__cum"):
                    if part_code + suffix not in columns or total_code + suffix not in columns:
                        continue
                    bad = column(part_code + suffix)[k0:] > column(total_code + suffix)[k0:] + 0.005
                    if suffix:
                        bad &= column(part_code)[k0:] <= column(total_code)[k0:]
                    mask |= bad
            out["part_total"].add(a, target & mask)
        if enabled("requires"):
            mask = np.zeros(m, dtype=bool)
            for if_code, then_code in config.requires:
                if config.indicator(if_code) is None or config.indicator(then_code) is None:
                    continue
                if if_code not in columns or then_code not in columns:
                    continue
                first_value = column(if_code)[k0:]
                if cumulative_key(if_code) in columns:
                    cumulative = column(cumulative_key(if_code))[k0:]
                    first_value = np.where(np.isnan(cumulative), first_value, cumulative)
                second = column(then_code)[k0:]
                mask |= (first_value > 0) & (np.isnan(second) | (second == 0))
            out["requires"].add(a, target & mask)
        if enabled("history"):
            mask, means = np.zeros(m, dtype=bool), {}
            starts = np.maximum.accumulate(np.where(~same_unit, np.arange(m), -1))
            for spec in specs:
                now = column(spec.code)[k0:]
                mean = _earlier_mean(now, starts, carries[spec.code])
                means[f"{spec.code}__mean"] = mean
                floor, factor = config.value("min_base", spec.code), 1 + config.value("history", spec.code)
                mask |= _off_history(now, mean, floor, factor)
            out["history"].add(a, target & mask, means)
        if thresholds:
            assert trailing is not None and grid.threshold is not None
            whole = _whole_year(unit, index, k0, per_year)
            year = np.where(whole, trailing.slice(a, m).to_numpy(), np.nan)
            annual = year
            if cumulative_key(revenue) in columns:
                annual = np.where(np.isnan(annual), column(cumulative_key(revenue))[k0:] * per_year / number, annual)
            annual = np.where(np.isnan(annual), column(revenue)[k0:] * per_year, annual)
            usable = target & (number >= 3) if grid.kind == MONTH else target
            extra = {"__trailing_year": year}
            # A missing limit (NaN) fails every comparison: no unit without a threshold is flagged.
            with np.errstate(divide="ignore", invalid="ignore"):
                if enabled("hover"):
                    ratio = annual / grid.threshold[positions]
                    ratio -= 1
                    out["hover"].add(a, usable & (np.abs(ratio, out=ratio) <= band), extra)
                if enabled("exit"):
                    out["exit"].add(a, usable & (annual < exit_limit[positions]), extra)
                if enabled("entry"):
                    out["entry"].add(a, usable & (annual >= entry_limit[positions]), extra)
    return out


class _Block:
    """Rows [start, end) of the values, of which the first `k0` only give the rows after them their past."""

    def __init__(self, values: pl.DataFrame, start: int, end: int, k0: int) -> None:
        self.values, self.start, self.end, self.k0 = values, start, end, k0
        self.columns: dict[str, Floats] = {}

    def column(self, name: str) -> Floats:
        if name not in self.columns:
            part = self.values[name].slice(self.start, self.end - self.start).cast(pl.Float64).to_numpy()
            self.columns[name] = np.asarray(part, dtype=np.float64)
        return self.columns[name]

    def previous(self, column: Floats) -> Floats:
        """The value of the row before each row of the block (NaN before the first row of the values)."""
        k0 = self.k0
        return column[k0 - 1 : -1] if k0 else np.concatenate([[np.nan], column[:-1]])


def _deadlines(grid: Grid, config: RuleConfig) -> Floats:
    """Per period row of the grid, the deadline of its reports (days since 1970-01-01; NaN when none)."""
    per_year = grid.per_year
    following = pl.Series("following", [grid.first + j + 1 for j in range(grid.periods)], dtype=pl.Int64)
    month = (pl.col("following") % per_year) * (12 // per_year) + 1
    deadline = pl.date(pl.col("following") // per_year, month, int(config.value("late")))
    days = pl.DataFrame([following]).select(deadline.cast(pl.Int32).cast(pl.Float64)).to_series()
    return np.asarray(days.to_numpy(), dtype=np.float64)


def _whole_year(unit: Ints, index: Ints, k0: int, per_year: int) -> Bools:
    """Rows whose `per_year` − 1 rows before are the same unit's consecutive periods before it."""
    m = unit.size - k0
    back = per_year - 1
    if back == 0:
        return np.ones(m, dtype=bool)
    here = np.arange(k0, unit.size)
    ok = here - back >= 0
    whole = np.zeros(m, dtype=bool)
    earlier = here[ok] - back
    whole[ok] = (unit[earlier] == unit[here[ok]]) & (index[earlier] == index[here[ok]] - back)
    return whole


def _off_history(now: Floats, mean: Floats, floor: float, factor: float) -> Bools:
    """|mean| ≥ floor, now ≥ 0, mean > 0 and (now > mean × factor or now × factor < mean), with fewer passes when
    factor and floor are positive (then mean ≥ floor gives mean > 0, and now > mean × factor gives now ≥ 0)."""
    if factor > 0 and floor > 0:
        low = now * factor < mean
        low &= now >= 0
        low |= now > mean * factor
        low &= mean >= floor
        return low
    usable = (np.abs(mean) >= floor) & (now >= 0) & (mean > 0)
    return np.asarray(usable & ((now > mean * factor) | (now * factor < mean)), dtype=bool)


def _earlier_mean(now: Floats, starts: Ints, carry: _Carry) -> Floats:
    """Mean of the unit's earlier figures (at least three) for each row of the block, `starts` being the row of
    the block where the row's unit starts (−1 when before the block); updates `carry`."""
    present = ~np.isnan(now)
    value = np.where(present, now, 0.0)
    running = np.cumsum(np.concatenate([[carry.running], value]))[1:]
    before = running - value
    continuing = starts < 0
    at = np.maximum(starts, 0)
    seen = np.cumsum(present, dtype=np.int64)
    earlier = seen - present
    offset = np.where(continuing, carry.start, before[at])
    count = np.where(continuing, carry.count + earlier, earlier - earlier[at])
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (before - offset) / count
    mean[count < 3] = np.nan
    carry.running = float(running[-1])
    if continuing[-1]:
        carry.count += int(seen[-1])
    else:
        carry.start, carry.count = float(before[starts[-1]]), int(seen[-1] - earlier[starts[-1]])
    return np.asarray(mean, dtype=np.float64)
