"""API shapes of 执法文书."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    bureau: str
    object_type: str
    object_id: str
    object_repr: str
    sha256: str
    size: int
    created_at: dt.datetime
    created_by: str
    superseded_by: int | None
    pdf_url: str


class IssueIn(Schema):
    kind: str
    object_id: str


class KindOut(Schema):
    code: str
    title: str
    number_word: str
    model: str


class ErrorOut(Schema):
    detail: str
