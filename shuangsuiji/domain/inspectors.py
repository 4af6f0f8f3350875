"""The 执法检查人员名录库 vocabulary: statuses, sex, 执法证号, dates as spreadsheets write them, and the eligibility
rule (在岗 with an unexpired 统计执法证 on the day of the draw)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

STATUSES: dict[str, str] = {
    "on_duty": "在岗",
    "on_leave": "请假",
    "seconded": "借调",
    "transferred": "调离",
}
_STATUS_ALIASES = {
    "正常": "on_duty",
    "在职": "on_duty",
    "在编在岗": "on_duty",
    "休假": "on_leave",
    "病假": "on_leave",
    "产假": "on_leave",
    "事假": "on_leave",
    "借用": "seconded",
    "挂职": "seconded",
    "外借": "seconded",
    "调出": "transferred",
    "离职": "transferred",
    "退休": "transferred",
}
SEXES: dict[str, str] = {"M": "男", "F": "女"}
_SEX_ALIASES = {"男性": "M", "女性": "F", "MALE": "M", "FEMALE": "F"}

_CERTIFICATE = re.compile(r"^[0-9A-Z][0-9A-Z\-]{3,31}$")
_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EARLIEST, _LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


class InspectorValueError(ValueError):
    """A value of the inspector list that cannot be understood; the message is for the user."""


def _lookup(raw: str, table: dict[str, str], aliases: dict[str, str], what: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    if text.upper() in table:
        return text.upper()
    if text.lower() in table:
        return text.lower()
    for code, label in table.items():
        if text == label:
            return code
    found = aliases.get(text) or aliases.get(text.upper())
    if found:
        return found
    raise InspectorValueError(f"{what}“{raw}”无法识别，可填：{'、'.join(table.values())}")


def parse_status(raw: str) -> str:
    """在岗/请假/借调/调离 (or the code, or a common variant such as 休假, 挂职, 退休); empty means 在岗."""
    return "on_duty" if not raw.strip() else _lookup(raw, STATUSES, _STATUS_ALIASES, "状态")


def parse_sex(raw: str) -> str:
    return _lookup(raw, SEXES, _SEX_ALIASES, "性别")


def normalize_certificate_no(raw: str) -> str:
    """执法证号 as stored: half-width, upper case, no spaces; 4–32 letters, digits or “-”."""
    text = unicodedata.normalize("NFKC", raw).replace(" ", "").upper()
    if text.endswith(".0") and text[:-2].isdigit():  # a number that went through a spreadsheet
        text = text[:-2]
    if not _CERTIFICATE.match(text):
        raise InspectorValueError(f"执法证号“{raw}”格式错误：应为4至32位数字、字母或“-”")
    return text


def parse_date(raw: str, what: str = "日期") -> dt.date:
    """2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日 or 20261231."""
    text = unicodedata.normalize("NFKC", raw).strip()
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                value = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                break
            if not _EARLIEST <= value <= _LATEST:
                raise InspectorValueError(f"{what}“{raw}”超出合理范围（1990至2100年）")
            return value
    raise InspectorValueError(f"{what}“{raw}”不是有效日期：应写成 2026-12-31、2026/12/31 或 2026年12月31日")


def ineligibility_reason(status: str, valid_until: dt.date, on: dt.date) -> str:
    """Why an inspector may not be drawn on `on` ('' when they may): not 在岗, or the certificate has expired."""
    if status != "on_duty":
        return f"状态为{STATUSES.get(status, status)}"
    if valid_until < on:
        return f"执法证已于 {valid_until:%Y-%m-%d} 过期"
    return ""
