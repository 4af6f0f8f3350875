"""Reported figures as a dense grid: one NumPy array of shape (periods × units) per value column, NaN where a
figure is missing, so that every period-over-period comparison is an array operation on two rows.

The unit axis holds every unit of the values and of the unit table, ordered by industry section and then id; the
string attributes are small integer codes (null being a code of its own), and the peer groups (section × size
class × region) a permutation of the axis with the bounds of each group, so that group medians need no hashing
or joins.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from shuangsuiji.domain.quality.periods import PERIODS_PER_YEAR

ATTRIBUTES = ("section", "size_class", "region", "category", "threshold_category")

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Labels:
    """A string attribute of the units: `codes` (int64, one per unit of the axis) index `labels`, whose last
    entry is null (units with no value, or missing from the unit table)."""

    codes: Ints
    labels: pl.Series

    @property
    def null(self) -> int:
        return len(self.labels) - 1

    def take(self, positions: Ints) -> pl.Series:
        return self.labels.gather(self.codes[positions])

    def texts(self) -> list[str | None]:
        return list(self.labels.to_list())


@dataclass
class Grid:
    kind: str
    first: int  # period index of row 0
    ids: Ints  # unit id of each position of the axis
    present: Bools  # (P, U): a report exists for the unit and period
    data: dict[str, Floats]  # (P, U) per value column, NaN when missing
    rows: pl.DataFrame  # the values, sorted by unit and period
    flat: Ints  # each row's cell of the grid: period row × units + position
    attributes: dict[str, Labels]
    threshold: Floats | None  # (U,) 万元 a year, NaN when none
    expected: Bools  # (U,)
    group_order: Ints  # the positions of the axis ordered by peer group (then id)
    group_bounds: Ints  # peer group g: group_order[bounds[g] : bounds[g + 1]]
    group: Ints  # (U,) peer group of each position
    section_bounds: Ints  # section code s: positions [bounds[s], bounds[s + 1]) of the axis

    @property
    def per_year(self) -> int:
        return PERIODS_PER_YEAR[self.kind]

    @property
    def periods(self) -> int:
        return int(self.present.shape[0])

    @property
    def size(self) -> int:
        return int(self.present.shape[1])

    def positions(self, unit_ids: Ints) -> Ints:
        """Axis positions of unit ids that are on the axis."""
        order = np.argsort(self.ids, kind="stable")
        return np.asarray(order[np.searchsorted(self.ids[order], unit_ids)], dtype=np.int64)

    def year_ago_ok(self, j: int) -> Bools:
        """Rows compared with the same period a year earlier: the reports of the whole year between are there (the
        rule compares with the report `per_year` rows earlier of the same unit, when it is that period's)."""
        k = self.per_year
        if j < k:
            return np.zeros(self.size, dtype=bool)
        return np.asarray(self.present[j - k : j].all(axis=0))

    def year_ago_ok_cells(self, js: Ints, ps: Ints) -> Bools:
        k = self.per_year
        ok = js >= k
        if not ok.any():
            return ok
        steps = np.arange(1, k + 1)
        rows = np.clip(js[:, None] - steps[None, :], 0, None)
        return np.asarray(ok & self.present[rows, ps[:, None]].all(axis=1), dtype=bool)


def _codes(series: pl.Series) -> tuple[Ints, pl.Series]:
    series = series.cast(pl.String)
    labels = series.drop_nulls().unique().sort()
    codes = series.replace_strict(labels, pl.int_range(labels.len(), eager=True), default=labels.len())
    codes = codes.fill_null(labels.len()).cast(pl.Int64)
    return codes.to_numpy(), pl.concat([labels, pl.Series([None], dtype=pl.String)])


def _axis(value_ids: Ints, unit_ids: Ints) -> tuple[Ints, Ints, Ints]:
    """The sorted distinct ids of both, and the position among them of each value id and of each unit id (a
    bitmap when the ids are dense)."""
    if value_ids.size + unit_ids.size == 0:
        return value_ids, value_ids, unit_ids
    present = [a for a in (value_ids, unit_ids) if a.size]
    low, high = min(int(a.min()) for a in present), max(int(a.max()) for a in present)
    if high - low <= 4 * (value_ids.size + unit_ids.size) + 1_000_000:
        mark = np.zeros(high - low + 1, dtype=bool)
        mark[value_ids - low] = True
        mark[unit_ids - low] = True
        rank = np.cumsum(mark, dtype=np.int64) - 1
        return np.flatnonzero(mark).astype(np.int64) + low, rank[value_ids - low], rank[unit_ids - low]
    axis, inverse = np.unique(np.concatenate([value_ids, unit_ids]), return_inverse=True)
    inverse = inverse.astype(np.int64)
    return axis.astype(np.int64), inverse[: value_ids.size], inverse[value_ids.size :]


def chunks(series: pl.Series) -> Iterator[Floats]:
    """The figures of a column as NumPy arrays, chunk after chunk (views of Polars' memory when without nulls)."""
    for chunk in series.cast(pl.Float64).get_chunks():
        yield np.asarray(chunk.to_numpy(), dtype=np.float64)


def build(
    values: pl.DataFrame,
    units: pl.DataFrame,
    kind: str,
    targets: list[int],
    columns: list[str],
    threads: int = 1,
) -> Grid:
    """The grid of `columns` of `values` (unit_id, period_index, reported_on, value columns) for the units of
    `units` (unit_id, the ATTRIBUTES, threshold, is_expected) and of the values, over every period from the
    earliest value or target to the latest. Raises ValueError on two reports
    of a unit for the same period."""
    value_ids = values["unit_id"].cast(pl.Int64).to_numpy()
    indices = values["period_index"].cast(pl.Int64).to_numpy()
    if values.height > 1:
        later, earlier = value_ids[1:], value_ids[:-1]
        if not ((later > earlier) | ((later == earlier) & (indices[1:] > indices[:-1]))).all():
            values = values.sort("unit_id", "period_index")
            value_ids = values["unit_id"].cast(pl.Int64).to_numpy()
            indices = values["period_index"].cast(pl.Int64).to_numpy()
    unit_ids = units["unit_id"].cast(pl.Int64).to_numpy()
    axis, from_values, from_units = _axis(value_ids, unit_ids)
    del value_ids
    size = axis.size

    raw: dict[str, Ints] = {}
    labels: dict[str, pl.Series] = {}
    for name in ATTRIBUTES:
        column = units[name] if name in units.columns else pl.Series([None] * units.height, dtype=pl.String)
        codes, labels[name] = _codes(column)
        on_axis = np.full(size, labels[name].len() - 1, dtype=np.int64)
        on_axis[from_units] = codes
        raw[name] = on_axis
    # The axis is ordered by section, then id: a section is a slice, and the values, sorted by unit and period,
    # land in the grid in a few ordered streams (a fast scatter). Peer groups (section × size class × region)
    # are a permutation of the axis.
    n_sections = labels["section"].len()
    section_type = np.int16 if n_sections < 2**15 else np.int64  # radix sort for small keys
    order = np.argsort(raw["section"].astype(section_type), kind="stable").astype(np.int64)
    rank = np.empty(size, dtype=np.int64)
    rank[order] = np.arange(size, dtype=np.int64)
    raw = {name: codes[order] for name, codes in raw.items()}
    from_values, from_units = rank[from_values], rank[from_units]
    section_bounds = np.searchsorted(raw["section"], np.arange(n_sections + 1)).astype(np.int64)
    n_size, n_region = labels["size_class"].len(), labels["region"].len()
    key = (raw["section"] * n_size + raw["size_class"]) * n_region + raw["region"]
    key_type = np.int16 if key.size and int(key.max()) < 2**15 else np.int64
    group_order = np.argsort(key.astype(key_type), kind="stable").astype(np.int64)
    ordered = key[group_order]
    starts = np.flatnonzero(np.diff(ordered, prepend=-1)) if size else np.zeros(0, dtype=np.int64)
    group_bounds = np.append(starts, size).astype(np.int64)
    group = np.empty(size, dtype=np.int64)
    group[group_order] = np.repeat(np.arange(starts.size, dtype=np.int64), np.diff(group_bounds))
    attributes = {name: Labels(raw[name], labels[name]) for name in ATTRIBUTES}

    threshold = None
    if "threshold" in units.columns:
        threshold = np.full(size, np.nan)
        threshold[from_units] = units["threshold"].cast(pl.Float64).to_numpy()
    expected = np.zeros(size, dtype=bool)
    if "is_expected" in units.columns:
        expected[from_units] = units["is_expected"].fill_null(False).to_numpy()

    known = np.asarray(targets, dtype=np.int64)
    ends = [int(a.min()) for a in (indices, known) if a.size] + [int(a.max()) for a in (indices, known) if a.size]
    first = min(ends) if ends else 0
    periods = max(ends) - first + 1 if ends else 0
    flat = np.array(indices, dtype=np.int64)  # (period − first) × units + position, in place
    del indices
    flat -= first
    flat *= size
    flat += from_values
    del from_values
    present = np.zeros(periods * size, dtype=bool)
    present[flat] = True
    if int(np.count_nonzero(present)) != flat.size:
        raise ValueError("同一单位同一报告期有多行报表")
    absent = np.flatnonzero(~present)
    data: dict[str, Floats] = {}

    def lay_out(parts: Iterable[Floats]) -> Floats:
        grid, offset = np.empty(periods * size), 0
        for part in parts:
            grid[flat[offset : offset + part.size]] = part
            offset += part.size
        grid[absent] = np.nan
        return grid.reshape(periods, size)

    jobs: list[tuple[str, Iterable[Floats]]] = [(name, chunks(values[name])) for name in columns]
    if threads > 1 and len(jobs) > 1:  # NumPy's scatter and running sums release the GIL
        gc.collect()  # now, in this thread: finalisers of earlier garbage are not for the helper threads
        with ThreadPoolExecutor(max_workers=threads) as pool:
            laid = list(pool.map(lambda job: lay_out(job[1]), jobs))
    else:
        laid = [lay_out(parts) for _, parts in jobs]
    data.update({name: grid for (name, _), grid in zip(jobs, laid, strict=True)})
    del laid
    return Grid(
        kind=kind,
        first=first,
        ids=axis[order],
        present=present.reshape(periods, size),
        data=data,
        rows=values,
        flat=flat,
        attributes=attributes,
        threshold=threshold,
        expected=expected,
        group_order=group_order,
        group_bounds=group_bounds,
        group=group,
        section_bounds=section_bounds,
    )


def median(values: Floats, count: int | None = None) -> float:
    """The median as Polars computes it (the two middle values interpolated: low + (high − low) × 0.5) of the
    `count` values that are not NaN (all when None): NumPy partitions NaN after every number."""
    count = values.size if count is None else count
    low, high = (count - 1) // 2, count // 2
    parts = np.partition(values, high)
    b = float(parts[high])
    a = b if low == high else float(parts[:high].max())
    return a + (b - a) * 0.5


class GroupStats:
    """Median, count and median absolute deviation of a measure within each peer group, for one period at a time:
    groups of similar size are padded to the same width and sorted row-wise."""

    def __init__(self, order: Ints, bounds: Ints) -> None:
        sizes = np.diff(bounds)
        self.count = sizes.size
        self.buckets: list[tuple[Ints, Ints, Bools]] = []
        width = 1
        remaining = np.ones(sizes.size, dtype=bool)
        while remaining.any():
            chosen = np.flatnonzero(remaining & (sizes <= width))
            if chosen.size:
                slots = np.arange(width)
                cells = bounds[chosen][:, None] + slots[None, :]
                pad = slots[None, :] >= sizes[chosen][:, None]
                self.buckets.append((chosen, order[np.where(pad, 0, cells)], pad))
                remaining[chosen] = False
            width *= 2

    def compute(self, measure: Floats) -> tuple[Floats, Floats, Ints]:
        """(median, median absolute deviation, count) per group of the values of `measure` (U,) that are not NaN
        (NaN for a group without any)."""
        med = np.full(self.count, np.nan)
        mad = np.full(self.count, np.nan)
        count = np.zeros(self.count, dtype=np.int64)
        for chosen, cells, pad in self.buckets:
            block = measure[cells]
            block[pad] = np.nan
            block.sort(axis=1)  # NaN last
            n = block.shape[1] - np.count_nonzero(np.isnan(block), axis=1)
            low, high = np.maximum(n - 1, 0) // 2, n // 2
            np.minimum(high, block.shape[1] - 1, out=high)
            at = np.arange(block.shape[0])
            centre = block[at, low] + (block[at, high] - block[at, low]) * 0.5
            block -= centre[:, None]
            np.abs(block, out=block)
            block.sort(axis=1)
            spread = block[at, low] + (block[at, high] - block[at, low]) * 0.5
            empty = n == 0
            centre[empty], spread[empty] = np.nan, np.nan
            med[chosen], mad[chosen], count[chosen] = centre, spread, n
        return med, mad, count
