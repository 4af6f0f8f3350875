"""Reading the values of the case forms; a bad value is a CaseError that names the field in Chinese."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuangsuiji.cases.services import CaseError


def parse_date(value: str | None, label: str, field: str = "") -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise CaseError(f"{label}“{value or ''}”不是有效日期（YYYY-MM-DD）", field) from None


def parse_datetime(value: str | None, label: str, field: str = "") -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise CaseError(f"{label}“{value or ''}”不是有效时间（YYYY-MM-DD HH:MM）", field) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_yuan(value: str | None, label: str, field: str = "") -> int:
    text = (value or "").strip().replace(",", "").replace("，", "")
    if not text.isdigit():
        raise CaseError(f"{label}须为整数（元），“{value or ''}”不是", field)
    return int(text)


def parse_id(value: str | None) -> int:
    text = (value or "").strip()
    return int(text) if text.isdigit() else 0
