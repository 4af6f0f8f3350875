"""Validation of inspector rows and values (domain.imports.inspectors, domain.inspectors)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.domain import inspectors as vocab
from shuangsuiji.domain.imports.columns import map_headers
from shuangsuiji.domain.imports.inspectors import INSPECTOR_COLUMNS, InspectorRowValidator, parse_inspector

DEPARTMENTS = {"法制室", "专业股"}
GOOD = {
    "name": "李延博",
    "sex": "男",
    "certificate_no": "14052200004",
    "certificate_valid_until": "2028/6/30",
    "department": "专业股",
    "expertise": "工业，建筑业、工业",
    "status": "",
}


def test_a_good_row_gives_stored_values() -> None:
    row = parse_inspector(2, GOOD, DEPARTMENTS)
    assert not isinstance(row, list)
    assert row.certificate_valid_until == dt.date(2028, 6, 30)
    assert row.sex == "M" and row.status == "on_duty" and row.expertise == "|工业|建筑业|"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2026-12-31", dt.date(2026, 12, 31)), ("2026年1月5日", dt.date(2026, 1, 5)), ("20261231", dt.date(2026, 12, 31))],
)
def test_dates_are_read_in_the_forms_spreadsheets_use(raw: str, expected: dt.date) -> None:
    assert vocab.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2026-02-30", "31/12/2026", "明年", "1899-01-01"])
def test_bad_dates_are_refused(raw: str) -> None:
    with pytest.raises(vocab.InspectorValueError):
        vocab.parse_date(raw)


def test_statuses_accept_labels_codes_and_variants() -> None:
    assert [vocab.parse_status(s) for s in ("在岗", "on_leave", "挂职", "退休", "")] == [
        "on_duty",
        "on_leave",
        "seconded",
        "transferred",
        "on_duty",
    ]


def test_certificate_numbers_are_folded_and_checked() -> None:
    assert vocab.normalize_certificate_no(" １４０５２２ab-1 ") == "140522AB-1"
    assert vocab.normalize_certificate_no("14052200001.0") == "14052200001"
    with pytest.raises(vocab.InspectorValueError, match="格式错误"):
        vocab.normalize_certificate_no("证123")


def test_eligibility_needs_duty_and_a_certificate_valid_that_day() -> None:
    day = dt.date(2026, 6, 1)
    assert vocab.ineligibility_reason("on_duty", day, day) == ""
    assert vocab.ineligibility_reason("on_duty", day - dt.timedelta(days=1), day) == "执法证已于 2026-05-31 过期"
    assert vocab.ineligibility_reason("seconded", day, day) == "状态为借调"


def test_every_bad_field_is_reported() -> None:
    errors = dict(
        parse_inspector(
            3,
            {"name": "", "sex": "x", "certificate_no": "", "certificate_valid_until": "soon", "phone": "电话"},
            DEPARTMENTS,
        )
    )
    assert set(errors) == {"name", "sex", "certificate_no", "certificate_valid_until", "phone"}


def _validator(held: dict[str, str] | None = None) -> InspectorRowValidator:
    header = map_headers(["姓名", "性别", "执法证号", "有效期至", "科室"], INSPECTOR_COLUMNS)
    return InspectorRowValidator(header, DEPARTMENTS, (held or {}).get)


def test_the_validator_catches_a_number_repeated_in_the_file() -> None:
    validator = _validator()
    assert not isinstance(validator.validate(2, ["甲", "男", "A0001", "2027-01-01", "法制室"]), list)
    errors = validator.validate(5, ["乙", "女", "a0001", "2027-01-01", ""])
    assert isinstance(errors, list)
    assert (errors[0].row, errors[0].column) == (5, "执法证号")
    assert "在文件中重复（第2行已出现）" in errors[0].message


def test_the_validator_names_the_column_as_the_file_does_and_the_other_bureau() -> None:
    errors = _validator({"A0002": "高平市统计局"}).validate(2, ["甲", "男", "A0002", "2027-01-01", "不存在股"])
    assert isinstance(errors, list)
    assert [e.column for e in errors] == ["科室"]
    errors = _validator({"A0002": "高平市统计局"}).validate(2, ["甲", "男", "A0002", "2027-01-01", ""])
    assert isinstance(errors, list) and "已登记在高平市统计局" in errors[0].message


def test_english_aliases_map_to_the_same_columns() -> None:
    header = map_headers(["name", "sex", "certificate_no", "valid until", "department", "unknown"], INSPECTOR_COLUMNS)
    assert set(header.index) == {"name", "sex", "certificate_no", "certificate_valid_until", "department"}
    assert header.unknown == ["unknown"] and not header.errors()


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_iso_date_reads_back(day: dt.date) -> None:
    assert vocab.parse_date(day.isoformat()) == day
    assert vocab.parse_date(f"{day.year}年{day.month}月{day.day}日") == day
