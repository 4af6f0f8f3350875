"""The rule engine on a dense grid (NumPy) with the findings built in Polars.

Input: `values`, one row per unit and period of one period kind, with `unit_id`, `period_index` (see
periods.Period.index), `reported_on` (date or null) and a column per indicator (本月 as `code`, 本年累计 as
`code__cum`); `units`, one row per unit of the bureau with `unit_id`, `section`, `size_class`, `region`,
`category` (四上 category or ""), `threshold` (万元 a year or null) with `threshold_category` (the 四上 category
that threshold belongs to) and `is_expected` (must report).
Output: one row per finding with `unit_id`, `period_index`, `indicator`, `rule`, `value`, `reference`,
`magnitude`, `explanation` (Chinese) and `score` (rule weight × (1 + magnitude) × the unit's share, in per cent, of
its region's total of that indicator).

How: the 本月 figures become arrays of shape (periods × units) (grid.py); the rules comparing periods or units
(环比 against the industry's median change, 同比, 同业比较, 数据雷同, 漏报) are evaluated period by period as array
operations over all units (the previous period is the row before, the same period a year ago `per_year` rows
before), group medians over slices and permutations of the unit axis; the rules comparing a report with itself
and the unit's reports just before it run along the sorted rows (row_rules.py). Only the flagged cells become a
small Polars frame, to which the rule's Polars function (rules_logic, rules_change) applies its condition again
and writes the explanation. tests/quality/reference_engine.py keeps the former all-Polars engine;
tests/quality/test_engine_equivalence.py checks both give the same findings, to the last bit.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from shuangsuiji.domain.quality import rules_change, rules_logic
from shuangsuiji.domain.quality.config import RULES, RuleConfig
from shuangsuiji.domain.quality.findings import FINDING_SCHEMA, SIZE_NAMES
from shuangsuiji.domain.quality.grid import ATTRIBUTES, Bools, Floats, Grid, GroupStats, Ints, build, median
from shuangsuiji.domain.quality.indicators import IndicatorSpec
from shuangsuiji.domain.quality.row_rules import ROW_RULES, RowCells, row_rules

MAX_THREADS, THREADS_FROM = 4, 1_000_000
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD)


class _Cells:
    """The flagged cells of one rule, per period row: unit positions, with extra per-cell columns. Each period
    is added once, possibly from another thread."""

    def __init__(self) -> None:
        self.parts: dict[int, tuple[Ints, dict[str, Floats]]] = {}

    def add(self, j: int, mask: Bools, extra: dict[str, Floats] | None = None) -> None:
        where = np.flatnonzero(mask)
        if where.size:
            self.parts[j] = (where.astype(np.int64), {name: column[where] for name, column in (extra or {}).items()})

    @property
    def empty(self) -> bool:
        return not self.parts

    def arrays(self) -> tuple[Ints, Ints, dict[str, Floats]]:
        if not self.parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, {}
        rows = sorted(self.parts)
        js = np.concatenate([np.full(self.parts[j][0].size, j, dtype=np.int64) for j in rows])
        ps = np.concatenate([self.parts[j][0] for j in rows])
        names = self.parts[rows[0]][1]
        extra = {name: np.concatenate([self.parts[j][1][name] for j in rows]) for name in names}
        return js, ps, extra


def threads_for(threads: int | None, cells: int) -> int:
    """Threads evaluating the periods: `threads`, else SHUANGSUIJI_QUALITY_THREADS, else one per CPU (at most
    MAX_THREADS) for THREADS_FROM cells (units × target periods) or more. NumPy releases the GIL in its array
    loops; the result does not depend on the number."""
    if threads is None:
        setting = os.environ.get("SHUANGSUIJI_QUALITY_THREADS", "")
        if setting.isdigit():
            threads = int(setting)
        else:
            threads = min(os.cpu_count() or 1, MAX_THREADS) if cells >= THREADS_FROM else 1
    return max(1, threads)


def _rate(now: Floats, base: Floats, floor: float) -> Floats:
    """(now − base) / |base| where |base| is at least `floor`, else NaN."""
    magnitude = np.abs(base)
    rate = now - base
    with np.errstate(divide="ignore", invalid="ignore"):
        rate /= magnitude
    rate[magnitude < floor] = np.nan
    return rate


def _series(name: str, array: Floats) -> pl.Series:
    return pl.Series(name, array, dtype=pl.Float64, nan_to_null=True)


def _frame(grid: Grid, cells: _Cells, columns: Iterable[str]) -> pl.DataFrame:
    """The flagged cells of a grid rule with the columns the rule's Polars function reads, named as that function
    expects: `code`, `code__prev`, `code__ly`, extra per-cell columns and the unit attributes."""
    js, ps, extra = cells.arrays()
    out: list[pl.Series] = [pl.Series("unit_id", grid.ids[ps]), pl.Series("period_index", js + grid.first)]
    for name in dict.fromkeys(columns):
        if name in grid.attributes:
            out.append(grid.attributes[name].take(ps).alias(name))
        elif name in extra:
            out.append(_series(name, extra[name]))
        elif name in grid.data:
            out.append(_series(name, grid.data[name][js, ps]))
        elif name.endswith("__prev"):
            before = grid.data[name.removesuffix("__prev")]
            out.append(_series(name, np.where(js >= 1, before[np.clip(js - 1, 0, None), ps], np.nan)))
        elif name.endswith("__ly"):
            ago = grid.data[name.removesuffix("__ly")]
            ok = grid.year_ago_ok_cells(js, ps)
            out.append(_series(name, np.where(ok, ago[np.clip(js - grid.per_year, 0, None), ps], np.nan)))
        else:
            raise KeyError(name)
    return pl.DataFrame(out)


def run_rules(
    values: pl.DataFrame,
    units: pl.DataFrame,
    kind: str,
    targets: Iterable[int],
    config: RuleConfig,
    *,
    threads: int | None = None,
) -> pl.DataFrame:
    """Every enabled rule over the target periods; returns the findings with their scores (the same whatever
    the number of `threads`, see threads_for)."""
    targets = list(targets)
    specs = [s for s in config.indicators if s.code in values.columns]
    codes = [s.code for s in specs]
    grid = build(values, units, kind, targets, codes, threads_for(threads, values.height))
    engine = _Engine(grid, specs, config, targets)
    return engine.run(threads_for(threads, grid.size * len(engine.rows)))


class _Engine:
    def __init__(self, grid: Grid, specs: list[IndicatorSpec], config: RuleConfig, targets: list[int]) -> None:
        self.grid, self.specs, self.config, self.targets = grid, specs, config, targets
        self.codes = [s.code for s in specs]
        self.rows = sorted({t - grid.first for t in targets})
        self.cells: dict[str, _Cells] = {rule: _Cells() for rule in [*RULES, "peer:growth", "peer:per_employee"]}
        self.sizes = grid.attributes["size_class"].texts()
        self.sections = grid.attributes["section"].texts()
        self.minimum = config.value("peer_group")
        self.money: list[str] = []
        self.categories: tuple[Bools, Bools, Bools] | None = None
        self.row_cells: dict[str, RowCells] = {}
        self.typical: dict[str, Floats] = {c: np.full((grid.periods, len(self.sections)), np.nan) for c in self.codes}

    def enabled(self, rule: str) -> bool:
        return self.config.is_enabled(rule)

    def limit(self, rule: str, code: str) -> Floats:
        """The change threshold of each unit of the axis, by its size class."""
        default = self.config.value(rule, code)
        per_size = [
            self.config.value(rule, code, "" if s is None else s) if (s or "") in SIZE_NAMES else default
            for s in self.sizes
        ]
        return np.asarray(per_size, dtype=np.float64)[self.grid.attributes["size_class"].codes]

    # --- the pass over the periods -------------------------------------------------------------------------
    def run(self, threads: int) -> pl.DataFrame:
        grid, codes = self.grid, self.codes
        limits = {(r, c): self.limit(r, c) for r in ("mom", "yoy") for c in codes}
        stats = GroupStats(grid.group_order, grid.group_bounds) if self.enabled("peer") else None
        money = self.money = self._duplicate_money() if self.enabled("duplicate") else []
        if grid.threshold is not None:
            self._categories()
        targets_mask = np.zeros(grid.periods, dtype=bool)
        targets_mask[self.rows] = True

        def rows() -> None:
            self.row_cells = row_rules(
                grid.rows, grid.flat, grid, self.config, self.specs, targets_mask, self.enabled, self._categories
            )

        def period(j: int) -> None:
            self._period(j, limits, stats, money)

        if threads > 1:
            gc.collect()  # now, in this thread: finalisers of earlier garbage are not for the helper threads
            with ThreadPoolExecutor(max_workers=threads) as pool:
                along = pool.submit(rows)
                list(pool.map(period, self.rows))
                along.result()
        else:
            rows()
            for j in self.rows:
                period(j)
        parts = [self._findings(rule) for rule in RULES if self.enabled(rule)]
        parts = [p for p in parts if p.height]
        findings = pl.concat([p.cast(FINDING_SCHEMA) for p in parts]) if parts else pl.DataFrame(schema=FINDING_SCHEMA)
        return self._score(findings)

    def _period(
        self,
        j: int,
        limits: dict[tuple[str, str], Floats],
        stats: GroupStats | None,
        money: list[str],
    ) -> None:
        grid, config, data = self.grid, self.config, self.grid.data
        nan = np.full(grid.size, np.nan)
        year_ago = grid.year_ago_ok(j)
        section = grid.attributes["section"].codes
        # One mask per rule over the indicators: the rule's Polars function tells the indicators apart again.
        masks = {rule: np.zeros(grid.size, dtype=bool) for rule in ("mom", "yoy")}
        for spec in self.specs:
            c = spec.code
            now = data[c][j]
            before = data[c][j - 1] if j >= 1 else nan
            floor = config.value("min_base", c)
            if self.enabled("mom"):
                rate = _rate(now, before, floor)
                typical = np.nan_to_num(self._typical(j, c, rate), nan=0.0)
                rate -= typical[section]
                masks["mom"] |= np.greater(np.abs(rate, out=rate), limits[("mom", c)])
            if self.enabled("yoy") and year_ago.any():
                ago = np.where(year_ago, data[c][j - grid.per_year], np.nan)
                rate = _rate(now, ago, floor)
                masks["yoy"] |= np.greater(np.abs(rate, out=rate), limits[("yoy", c)])
        for rule, mask in masks.items():
            self.cells[rule].add(j, mask)
        if stats is not None:
            self._peer(j, stats, year_ago)
        if money:
            self._duplicates(j, money)

    def _typical(self, j: int, code: str, rate: Floats) -> Floats:
        """The median change of each industry section in period j (null for sections with fewer reports than
        the peer-group minimum)."""
        bounds, table = self.grid.section_bounds, self.typical[code][j]
        running = np.concatenate([[0], np.cumsum(~np.isnan(rate), dtype=np.int64)])
        filled = running[bounds[1:]] - running[bounds[:-1]]  # the rates that are not NaN, per section
        for s in range(len(bounds) - 1):
            count = int(filled[s])
            if count and count >= self.minimum:
                table[s] = median(rate[bounds[s] : bounds[s + 1]], count)
        return np.asarray(table, dtype=np.float64)

    def _peer(self, j: int, stats: GroupStats, year_ago: Bools) -> None:
        grid, data, code = self.grid, self.grid.data, self.config.revenue_code
        limit = self.config.value("peer")
        for what, _label, _is_log in rules_change.peer_measures(self.config, data):
            revenue = data[code][j]
            if what == "growth":
                if not year_ago.any():
                    continue
                ago = np.where(year_ago, data[code][j - grid.per_year], np.nan)
                with np.errstate(divide="ignore", invalid="ignore"):
                    measure = (revenue - ago) / ago
            else:
                employees = next(s for s in self.config.indicators if not s.is_money).code
                staff = data[employees][j]
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = np.where(staff > 0, revenue / np.where(staff > 0, staff, 1.0), np.nan)
                measure = pl.Series(ratio).log().to_numpy()  # Polars' logarithm, as the reference computes it
            measure = np.where(np.isfinite(measure), measure, np.nan)
            med, mad_raw, count = stats.compute(measure)
            mad = mad_raw * 1.4826
            cell_med, cell_mad, cell_n = med[grid.group], mad[grid.group], count[grid.group]
            with np.errstate(divide="ignore", invalid="ignore"):
                z = (measure - cell_med) / cell_mad
            bad = (cell_n >= self.minimum) & (cell_mad > 0) & (np.abs(z) > limit)
            self.cells[f"peer:{what}"].add(
                j, bad, {"m": measure, "med": cell_med, "mad": cell_mad, "n": cell_n.astype(np.float64)}
            )

    def _duplicate_money(self) -> list[str]:
        grid = self.grid
        rows = [j for j in self.rows if 0 <= j < grid.periods]
        reports = sum(int(np.count_nonzero(grid.present[j])) for j in rows)
        if reports == 0:
            return []
        coverage = {
            s.code: sum(int(np.count_nonzero(~np.isnan(grid.data[s.code][j]))) for j in rows) / reports
            for s in self.specs
            if s.is_money
        }
        return rules_logic.duplicate_money(coverage, self.specs)

    def _duplicates(self, j: int, money: list[str]) -> None:
        """Candidates: reports whose money figures hash alike (then compared exactly in Polars)."""
        data, size = self.grid.data, self.grid.size
        filled = np.ones(size, dtype=bool)
        digest = np.zeros(size, dtype=np.uint64)
        scratch, bits = np.empty(size), np.empty(size, dtype=np.uint64)
        for position, code in enumerate(money):
            column = data[code][j]
            filled &= np.greater(np.abs(column, out=scratch), 0)  # neither null nor zero
            np.multiply(column.view(np.uint64), np.uint64(_MIX[position % len(_MIX)]), out=bits)
            digest ^= bits
        # First a bucket count on 21 bits of the digest (a count array small enough to be reused from one period
        # to the next): only reports sharing a bucket can be copies.
        bucket = (digest >> np.uint64(43)).astype(np.intp)
        bucket[~filled] = 1 << 21  # a bucket of its own for the reports that are not compared
        shared = np.bincount(bucket, minlength=(1 << 21) + 1)
        shared[1 << 21] = 0
        candidates = np.flatnonzero(shared[bucket] > 1)
        if candidates.size < 2:
            return
        # Then the top 52 bits of the digest as a float in [1, 2) (NumPy sorts floats fastest).
        keys = ((digest[candidates] >> np.uint64(12)) | np.uint64(0x3FF0000000000000)).view(np.float64)
        ordered = np.sort(keys)
        twins = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
        if twins.size == 0:
            return
        at = np.searchsorted(twins, keys)
        np.minimum(at, twins.size - 1, out=at)
        mask = np.zeros(size, dtype=bool)
        mask[candidates[twins[at] == keys]] = True
        self.cells["duplicate"].add(j, mask)

    def _categories(self) -> tuple[Bools, Bools, Bools]:
        """Per unit: not in a 四上 category, in the category of its threshold, has a threshold."""
        if self.categories is None:
            grid = self.grid
            assert grid.threshold is not None
            category, threshold_category = grid.attributes["category"], grid.attributes["threshold_category"]
            own = np.asarray([(c or "") == "" for c in category.texts()])[category.codes]
            matches = np.asarray(
                [[(a or "") == b for b in threshold_category.texts()[:-1]] + [False] for a in category.texts()]
            )
            in_category = matches[category.codes, threshold_category.codes]
            self.categories = (own, in_category, ~np.isnan(grid.threshold))
        return self.categories

    # --- from cells to findings ----------------------------------------------------------------------------
    def _findings(self, rule: str) -> pl.DataFrame:
        grid, config, specs, codes = self.grid, self.config, self.specs, self.codes
        if rule == "missing":
            return self._missing()
        if rule == "expression":
            return self._expressions()
        if rule == "peer":
            parts = []
            for what, label, is_log in rules_change.peer_measures(config, grid.data):
                cells = self.cells.get(f"peer:{what}")
                if cells is None or cells.empty:
                    continue
                frame = _frame(grid, cells, ["region", config.revenue_code, "m", "med", "mad", "n"])
                parts.append(rules_change.peer(frame.with_columns(pl.col("n").cast(pl.Int64)), config, label, is_log))
            return _concat(parts)
        if rule in ROW_RULES:
            return self._row_findings(rule)
        cells = self.cells[rule]
        if cells.empty:
            return pl.DataFrame(schema=FINDING_SCHEMA)
        attributes = ["region", "section", "size_class"]
        if rule == "duplicate":
            money = self.money
            frame = _frame(grid, cells, ["region", *money])
            twins = frame.with_columns(pl.len().over(["period_index", *money]).alias("twins"))
            return rules_logic.duplicate(twins, money, specs)
        if rule in ("mom", "yoy"):
            suffix = "__prev" if rule == "mom" else "__ly"
            frame = _frame(grid, cells, [*attributes, *codes, *[c + suffix for c in codes]])
            if rule == "mom":
                js, ps, _ = cells.arrays()
                section = grid.attributes["section"].codes[ps]
                frame = frame.with_columns(_series(f"{c}__typical", self.typical[c][js, section]) for c in codes)
                return rules_change.change(frame, specs, config, "mom", "__prev", "上期")
            return rules_change.change(frame, specs, config, "yoy", "__ly", "上年同期")
        raise KeyError(rule)

    def _row_findings(self, rule: str) -> pl.DataFrame:
        """Findings of a rule evaluated along the rows: the flagged rows of the values with the unit's
        attributes, for the rule's Polars function."""
        grid, config, specs = self.grid, self.config, self.specs
        rows, extra = self.row_cells[rule].arrays()
        if rows.size == 0:
            return pl.DataFrame(schema=FINDING_SCHEMA)
        values = grid.rows
        wanted = [c for c in values.columns if c == "reported_on" or c in self.codes or c.endswith("__cum")]
        frame = values.select(pl.col("unit_id").cast(pl.Int64), pl.col("period_index").cast(pl.Int64), *wanted)[rows]
        positions = grid.flat[rows] % grid.size
        added: list[pl.Series] = [grid.attributes[name].take(positions).alias(name) for name in ATTRIBUTES]
        added.append(pl.Series("number", frame["period_index"].to_numpy() % grid.per_year + 1))
        if grid.threshold is not None:
            added.append(_series("threshold", grid.threshold[positions]))
        added += [_series(name, column) for name, column in extra.items()]
        frame = frame.with_columns(added)
        if rule == "late":
            return rules_logic.late(frame, grid.kind, config)
        if rule == "cumulative":
            return rules_logic.cumulative(frame, specs)
        if rule == "part_total":
            return rules_logic.part_total(frame, config)
        if rule == "requires":
            return rules_logic.requires(frame, config)
        if rule == "history":
            return rules_change.history(frame, specs, config)
        return rules_change.thresholds(frame, grid.kind, config, rule)

    def _missing(self) -> pl.DataFrame:
        grid = self.grid
        rows = [t - grid.first for t in self.targets]
        reports = np.zeros(grid.size, dtype=np.int64)
        for j in self.rows:
            reports += grid.present[j]
        short = grid.expected & (reports < len(self.targets))
        cells = _Cells()
        for j in rows:
            cells.add(j, short & ~grid.present[j])
        js, ps, _ = cells.arrays()
        absent = pl.DataFrame({"unit_id": grid.ids[ps], "period_index": js + grid.first})
        return rules_logic.missing(absent, self.config)

    def _expressions(self) -> pl.DataFrame:
        if not self.config.expressions:
            return pl.DataFrame(schema=FINDING_SCHEMA)
        cells = _Cells()
        for j in self.rows:
            cells.add(j, self.grid.present[j])
        return rules_logic.expressions(_frame(self.grid, cells, ["region", *self.codes]), self.config, self.specs)

    # --- scores --------------------------------------------------------------------------------------------
    def _score(self, findings: pl.DataFrame) -> pl.DataFrame:
        """rule weight × (1 + magnitude) × the unit's share (per cent) of its region's total of the finding's
        indicator in that period; a unit with no report in the period is weighed by its latest report."""
        grid, codes = self.grid, self.codes
        names = [n for n in FINDING_SCHEMA.names() if n not in ("region", "base")]
        if findings.height == 0:
            return findings.select(names).with_columns(pl.lit(0.0).alias("score"))
        absent = findings.filter(pl.col("base").is_null() & pl.col("indicator").is_in(codes))
        if absent.height:
            wanted = absent["unit_id"].unique().to_numpy()
            ps = grid.positions(wanted)
            reported = grid.present[:, ps]
            has_any = reported.any(axis=0)
            last = grid.periods - 1 - np.argmax(reported[::-1], axis=0)
            ps, last = ps[has_any], last[has_any]
            region = grid.attributes["region"].take(ps)
            latest = pl.concat(
                [
                    pl.DataFrame(
                        [
                            pl.Series("unit_id", grid.ids[ps]),
                            region.alias("region"),
                            pl.Series("indicator", [c] * ps.size, dtype=pl.String),
                            _series("_latest", grid.data[c][last, ps]),
                        ]
                    )
                    for c in codes
                ]
            )
            refilled = absent.drop("region").join(latest, on=["unit_id", "indicator"], how="left")
            refilled = refilled.with_columns(pl.col("_latest").abs().alias("base")).select(findings.columns)
            findings = pl.concat(
                [findings.filter(~(pl.col("base").is_null() & pl.col("indicator").is_in(codes))), refilled]
            )
        found = findings.join(self._totals(), on=["region", "period_index", "indicator"], how="left")
        weight = pl.col("rule").replace_strict({r: w for r, (_, _, w) in RULES.items()}, return_dtype=pl.Float64)
        share = (pl.col("base") / pl.col("_total")).fill_nan(0).fill_null(0)
        score = weight * (1 + pl.col("magnitude")) * share * 100
        return found.select(*names, score.round(4).alias("score"))

    def _totals(self) -> pl.DataFrame:
        """Each region's total of |value| per indicator and target period (regions with a report there)."""
        grid = self.grid
        region = grid.attributes["region"]
        count = len(region.labels)
        parts = []
        codes = region.codes
        for j in self.rows:
            reports = np.bincount(codes[grid.present[j]], minlength=count)
            keep = np.flatnonzero(reports > 0)
            keep = keep[keep != region.null]
            for c in self.codes:
                column = np.abs(grid.data[c][j])
                column[np.isnan(column)] = 0.0  # absent and null figures add nothing
                sums = np.bincount(codes, weights=column, minlength=count)
                parts.append(
                    pl.DataFrame(
                        {
                            "region": region.labels.gather(keep),
                            "period_index": np.full(keep.size, j + grid.first, dtype=np.int64),
                            "indicator": [c] * keep.size,
                            "_total": sums[keep],
                        },
                        schema={
                            "region": pl.String,
                            "period_index": pl.Int64,
                            "indicator": pl.String,
                            "_total": pl.Float64,
                        },
                    )
                )
        if not parts:
            return pl.DataFrame(
                schema={"region": pl.String, "period_index": pl.Int64, "indicator": pl.String, "_total": pl.Float64}
            )
        return pl.concat(parts)


def _concat(parts: list[pl.DataFrame]) -> pl.DataFrame:
    parts = [p for p in parts if p.height]
    return pl.concat([p.cast(FINDING_SCHEMA) for p in parts]) if parts else pl.DataFrame(schema=FINDING_SCHEMA)
