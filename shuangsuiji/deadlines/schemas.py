from __future__ import annotations

import datetime as dt

from ninja import Schema


class DeadlineOut(Schema):
    id: int
    bureau_code: str
    kind: str
    kind_label: str
    subject_type: str
    subject_id: str
    subject_label: str
    subject_url: str
    start_on: dt.date
    due_on: dt.date
    counting: str
    amount: int
    is_provisional: bool
    calendar_version: str
    status: str
    done_on: dt.date | None


class BoardOut(Schema):
    today: dt.date
    horizon: dt.date
    due_soon: list[DeadlineOut]
    overdue: list[DeadlineOut]
    done_late: list[DeadlineOut]


class WorkdayOut(Schema):
    date: dt.date
    is_workday: bool
    is_provisional: bool
    holiday: str | None
    source: str


class AddWorkdaysOut(Schema):
    start: dt.date
    n: int
    date: dt.date
    is_provisional: bool
    calendar_version: str


class RuleOut(Schema):
    code: str
    label: str
    counting: str
    amount: int
    is_before: bool
    fixed_month: int
    fixed_day: int
    description: str
    start_event: str
    legal_basis: str
    is_default: bool
