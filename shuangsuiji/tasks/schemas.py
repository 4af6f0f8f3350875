from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class TaskOut(Schema):
    id: int
    code: str
    name: str
    bureau: str
    kind: str
    status: str
    period_start: dt.date
    period_end: dt.date
    draw_status: str | None
    draw_id: str | None


class TaskIn(Schema):
    name: str
    period_start: dt.date
    period_end: dt.date
    item_version_ids: list[int]
    plan_line_id: int | None = None
    adhoc_reason: str = ""
    kind: str = "own"
    scope: dict[str, list[str]] = {}
    strata_components: list[str] = ["risk", "scale"]
    allocation: str = "ratios"
    risk_ratios: dict[str, list[int]] = {}
    total_n: int | None = None
    minimum_per_stratum: int = 0
    reserve_per_stratum: int = 2
    group_size: int = 2
    exclude_inspected_days: int = 365
    yearly_cap: int = 1
    exclude_open_tasks: bool = True
    inspector_expertise: list[str] = []
    avoid_last_inspector: bool = True
    avoid_same_township: bool = False


class DrawOut(Schema):
    id: int
    draw_id: str
    status: str
    frame_count: int
    frame_sha256: str
    params: dict[str, Any]
    params_sha256: str
    strata_counts: dict[str, int]
    inspector_pool_sha256: str
    conflicts_sha256: str
    seed_string: str
    seed_sha256: str
    result_sha256: str


class PrepareIn(Schema):
    ceremony_at: dt.datetime | None = None
    ceremony_place: str = ""
    seed_recipe: str = ""


class Witness(Schema):
    name: str
    role: str = ""


class RevealIn(Schema):
    dice: str
    witnesses: list[Witness]


class ReasonIn(Schema):
    reason: str


class DirectedIn(Schema):
    uscc: str
    reason_kind: str
    reason: str
    source_ref: str = ""


class TargetOut(Schema):
    id: int
    kind: str
    state: str
    frame_id: str
    unit_name: str
    stratum: str
    ticket: str
    ticket_order: int | None
    groups: list[int]


class ErrorOut(Schema):
    detail: str
