"""Ratios, frequencies and checklists as bureaus write them (domain.catalog)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.domain import catalog
from shuangsuiji.domain.catalog import CatalogValueError, Frequency, Ratio


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("3%", "3", "3"),
        ("3%-5%", "3", "5"),
        ("3%～5%", "3", "5"),
        ("3-5%", "3", "5"),
        ("3％至5％", "3", "5"),
        ("100%", "100", "100"),
        ("不低于3%", "3", "100"),
        ("5%以上", "5", "100"),
        ("不超过5%", "0", "5"),
        ("０．５％", "0.5", "0.5"),
        (" 2.5% ", "2.5", "2.5"),
        ("0.03", "3", "3"),
    ],
)
def test_ratios_are_read_as_a_range_of_percentages(text: str, low: str, high: str) -> None:
    assert catalog.parse_ratio(text) == Ratio(Decimal(low), Decimal(high))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "为空"),
        ("3", "缺少百分号"),
        ("abc", "格式错误"),
        ("5%-3%", "下限大于上限"),
        ("0%", "必须大于 0%"),
        ("120%", "超出 0%–100%"),
        ("3.1234%", "最多保留三位小数"),
        ("不低于3%-5%", "不能同时使用"),
    ],
)
def test_bad_ratios_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(CatalogValueError, match=message):
        catalog.parse_ratio(text)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("1-2次/年", 1, 2),
        ("1次/年", 1, 1),
        ("每年1次", 1, 1),
        ("每年1-2次", 1, 2),
        ("每年1～2次", 1, 2),
        ("一年两次", 2, 2),
        ("每年一次", 1, 1),
        ("每半年1次", 2, 2),
        ("每季度1次", 4, 4),
        ("1次/季", 4, 4),
        ("每月1次", 12, 12),
        ("十二次/年", 12, 12),
    ],
)
def test_frequencies_are_read_as_checks_per_year(text: str, low: int, high: int) -> None:
    assert catalog.parse_frequency(text) == Frequency(low, high)


@pytest.mark.parametrize(
    ("text", "message"),
    [("不定期", "格式错误"), ("0次/年", "至少为每年1次"), ("2-1次/年", "下限大于上限"), ("", "为空")],
)
def test_bad_frequencies_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(CatalogValueError, match=message):
        catalog.parse_frequency(text)


percentages = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(100), places=3)


@given(percentages, percentages)
def test_a_formatted_ratio_reads_back_to_the_same_range(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    parsed = catalog.parse_ratio(catalog.format_ratio(low, high))
    assert (parsed.low, parsed.high) == (low, high)


@given(st.integers(1, 366), st.integers(1, 366))
def test_a_formatted_frequency_reads_back_to_the_same_range(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert catalog.parse_frequency(catalog.format_frequency(low, high)) == Frequency(low, high)
