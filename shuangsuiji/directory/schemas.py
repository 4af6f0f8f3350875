from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class UnitOut(Schema):
    id: int
    bureau_code: str
    uscc: str
    name: str
    region_code: str
    industry_code: str
    industry_section: str
    size_class: str
    scale_category: str
    registration_type: str
    legal_representative: str
    contact_person: str
    phone: str
    address: str
    revenue: Decimal | None
    employees: int | None
    indicator_period: str
    risk_class: str
    growth_band: str
    tags: list[str]
    status: str
    is_in_directory: bool
    entered_on: dt.date
    exited_on: dt.date | None


class UnitPage(Schema):
    items: list[UnitOut]
    next_after: int | None


class UnitIn(Schema):
    uscc: str
    name: str
    region_code: str
    industry_code: str
    size_class: str = ""
    scale_category: str = ""
    registration_type: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    phone: str = ""
    address: str = ""
    revenue: str = ""
    employees: str = ""
    indicator_period: str = ""
    risk_class: str = "B"
    growth_band: str = ""
    tags: str = ""
    status: str = "在营"
    checksum_exempt_reason: str = ""
    reason: str


class ReasonIn(Schema):
    reason: str


class ErrorOut(Schema):
    detail: str | list[dict[str, str]]


class HistoryOut(Schema):
    kind: str
    at: dt.datetime
    actor: str
    reason: str
    changes: dict[str, list[object]]
