from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class CheckPointIO(Schema):
    text: str
    answer_type: str = "yes_no"
    choices: list[str] = []
    problem_when_no: bool = True
    is_required: bool = True
    guidance: str = ""


class VersionOut(Schema):
    number: int
    is_published: bool
    published_at: dt.datetime | None
    change_reason: str
    name: str
    category: str
    legal_basis: str
    inspecting_bodies: str
    object_type: str
    ratio: str
    ratio_min_percent: Decimal
    ratio_max_percent: Decimal
    frequency: str
    frequency_min: int
    frequency_max: int
    method: str
    content: str
    inspector_requirements: str
    note: str
    checkpoints: list[CheckPointIO]


class ItemOut(Schema):
    id: int
    code: str
    bureau_code: str
    bureau_name: str
    status: str
    name: str
    current_version: int | None
    draft_version: int | None


class ItemDetailOut(ItemOut):
    current: VersionOut | None
    draft: VersionOut | None


class ItemIn(Schema):
    """Values as text, as in the import file (抽查比例 “3%-5%”, 抽查频次 “1-2次/年”). The checklist is either
    `checkpoints` or the 检查要点 text `checkpoints_text`; with neither it is derived from the numbered content."""

    code: str = ""
    name: str
    category: str = "一般检查事项"
    legal_basis: str
    inspecting_bodies: str
    object_type: str
    ratio: str
    frequency: str
    method: str
    content: str
    inspector_requirements: str = ""
    note: str = ""
    checkpoints: list[CheckPointIO] | None = None
    checkpoints_text: str = ""


class ReviseIn(Schema):
    change_reason: str


class ReasonIn(Schema):
    reason: str


class ErrorOut(Schema):
    detail: str | list[dict[str, str]]
