"""The commitment of a big frame, built by the database: the canonical frame text (`id,stratum` lines sorted by
id) comes straight out of one ordered query, with the stratum codes computed in SQL, so no
Python object is made per unit. The exclusions are the same as in frames.build_frame (which stays the reference:
a test compares both); a frame the query cannot give in canonical form (ids that sort differently in the
database, an id given twice) is finished by the validating path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db import connection
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.expressions import Case, Combinable, When
from django.db.models.functions import Coalesce, Collate, Concat, Length, NullIf, Substr
from django.db.models.lookups import Exact

from shuangsuiji.directory.models import Unit
from shuangsuiji.domain.draw.frame import HEADER, Frame, frame_from_bytes
from shuangsuiji.tasks.models import Task
from shuangsuiji.tasks.services.frames import FRAME_FIELDS, Excluded, _exclusion, _history, scope_queryset

FRAME_SORT_MEMORY = "256MB"

_SIMPLE = {
    "risk": "risk_class",
    "section": "industry_section",
    "division": "industry_division",
    "size": "size_class",
    "growth": "growth_band",
}


def _component(component: str) -> Combinable:
    """The SQL of one stratification component, as domain.scope.stratum_function computes it (tested)."""
    if component in _SIMPLE:
        return Coalesce(NullIf(F(_SIMPLE[component]), Value("")), Value("NA"))
    if component == "scale":
        return Coalesce(NullIf(F("scale_category"), Value("")), Value("NONE"))
    if component == "county":
        return Coalesce(NullIf(Substr("region_code", 1, 6), Value("")), Value("NA"))
    if component == "township":
        return Case(When(Exact(Length("region_code"), 12), then=Substr("region_code", 1, 9)), default=Value("NA"))
    raise ValueError(f"unknown stratum component {component!r}")


def _line(components: list[str]) -> Concat:
    parts: list[Any] = [F("uscc"), Value(",")]
    for index, component in enumerate(components):
        parts += [Value("/")] if index else []
        parts.append(_component(component))
    return Concat(*parts, output_field=CharField())


class FrameUnits(Mapping[str, str]):
    """Frame id → 12-digit region code of the frame's units, for the 回避 rules: membership is looked up in the
    frame itself; the regions are read from the directory only if a rule needs them all."""

    def __init__(self, frame: Frame, scope: QuerySet[Unit]) -> None:
        self.frame, self.scope = frame, scope
        self._regions: dict[str, str] | None = None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.frame

    def _all(self) -> dict[str, str]:
        if self._regions is None:
            rows = self.scope.order_by("-id").values_list("uscc", "region_code").iterator(chunk_size=50_000)
            self._regions = {code: region for code, region in rows if code in self}
        return self._regions

    def __getitem__(self, code: str) -> str:
        return self._all()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self.frame)


def commit_frame(task: Task) -> tuple[Frame, list[Excluded], FrameUnits]:
    """The frozen frame of the task, the units excluded with their reasons, and the frame's units for 回避."""
    scope = scope_queryset(task)
    excluded = [
        Excluded(pk, code, *_exclusion(task, {"id": pk, "status": status}, {}, {}, {}, set()))  # type: ignore[misc]
        for pk, code, status in scope.exclude(status="OPERATING").values_list("id", "uscc", "status")
    ]
    year_counts, recent, open_tasks = _history(task)
    flagged = set(year_counts) | set(recent) | set(open_tasks)
    left_out: list[int] = []
    for values in scope.filter(status="OPERATING", pk__in=flagged).values_list(*FRAME_FIELDS):
        reason = _exclusion(task, dict(zip(FRAME_FIELDS, values, strict=True)), year_counts, recent, open_tasks, set())
        if reason is not None:
            excluded.append(Excluded(values[0], values[1], *reason))
            left_out.append(values[0])
    kept = scope.filter(status="OPERATING").exclude(pk__in=left_out)
    components = list(task.strata_components or ["scale"])
    frame = frame_from_bytes(HEADER + b"".join(_lines(kept, components, whole=True)))
    if frame is None:
        frame = _finish(HEADER + b"".join(_lines(kept, components, whole=False)), excluded)
    return frame, excluded, FrameUnits(frame, kept)


def _lines(units: QuerySet[Unit], components: list[str], *, whole: bool) -> Iterator[bytes]:
    """`id,stratum` lines ordered by id in byte order (then unit id: of two units with one code, the older first).
    With `whole`, PostgreSQL joins the ordered lines into one text itself (string_agg over the sorted query: one
    value to transfer instead of a million rows; the order it keeps is checked by the frame reader)."""
    order = Collate("uscc", "C") if connection.vendor == "postgresql" else F("uscc")
    query = units.annotate(frame_line=_line(components)).order_by(order, "id").values_list("frame_line")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if whole and connection.vendor == "postgresql":
            # A million lines sort in memory with this (the default 4 MB spills them to disk); for this query only.
            cursor.execute(f"SET LOCAL work_mem = '{FRAME_SORT_MEMORY}'")
            cursor.execute(f"SELECT string_agg(frame.frame_line, E'\\n') FROM ({sql}) AS frame", params)
            text = cursor.fetchone()[0]
            cursor.execute("SET LOCAL work_mem TO DEFAULT")
            if text:
                yield f"{text}\n".encode()
            return
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(100_000):
            yield "".join([f"{line}\n" for (line,) in rows]).encode("utf-8")


def _finish(data: bytes, excluded: list[Excluded]) -> Frame:
    """The validating path, for what the query could not give in canonical form: of two units with one code the
    first (the older) stays and the other is excluded, as frames.build_frame does; then validation and sorting."""
    from shuangsuiji.domain.draw.frame import build_frame

    rows, last = [], None
    for line in data.decode("utf-8").splitlines()[1:]:
        code, _, stratum = line.partition(",")
        if code == last:
            excluded.append(Excluded(0, code, "duplicate", "同一统一社会信用代码已在抽样框中"))
            continue
        rows.append((code, stratum))
        last = code
    return build_frame(rows)


__all__ = ["FrameUnits", "commit_frame"]
