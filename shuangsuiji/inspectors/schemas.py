from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class InspectorOut(Schema):
    id: int
    bureau_code: str
    name: str
    sex: str
    certificate_no: str
    certificate_valid_until: dt.date
    department: str
    post: str
    area: str
    expertise: list[str]
    status: str
    home_region: str
    staff_no: str
    phone: str
    user: str | None
    is_eligible: bool
    ineligibility_reason: str


class InspectorPage(Schema):
    items: list[InspectorOut]
    next_after: int | None


class InspectorIn(Schema):
    """Values as text, as in the import file (性别 男/女, 状态 在岗/请假/借调/调离, dates 2026-12-31)."""

    name: str
    sex: str
    certificate_no: str
    certificate_valid_until: str
    department: str = ""
    post: str = ""
    area: str = ""
    expertise: str = ""
    status: str = "在岗"
    home_region: str = ""
    staff_no: str = ""
    phone: str = ""
    reason: str = ""


class InspectorUpdateIn(Schema):
    """Only the fields given change; the reason is required."""

    name: str | None = None
    sex: str | None = None
    department: str | None = None
    post: str | None = None
    area: str | None = None
    expertise: str | None = None
    home_region: str | None = None
    staff_no: str | None = None
    phone: str | None = None
    reason: str


class StatusIn(Schema):
    status: str
    reason: str


class RenewIn(Schema):
    valid_until: dt.date
    certificate_no: str = ""
    reason: str = ""


class ConflictIn(Schema):
    unit_uscc: str
    unit_name: str = ""
    reason: str


class ConflictOut(Schema):
    id: int
    unit_uscc: str
    unit_name: str
    reason: str
    declared_on: dt.date
    is_active: bool
    withdrawn_on: dt.date | None
    withdraw_reason: str


class ReasonIn(Schema):
    reason: str


class HistoryOut(Schema):
    kind: str
    at: dt.datetime
    actor: str
    reason: str
    changes: dict[str, Any]


class ErrorOut(Schema):
    detail: str | list[dict[str, str]]
