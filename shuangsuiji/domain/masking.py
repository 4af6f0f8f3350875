"""Masking before publication (三项制度: personal privacy and commercial secrets are processed before anything
is made public): natural persons' names as 张*, phone numbers and ID numbers with their middle hidden."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
_ID_NUMBER = re.compile(r"\b\d{17}[\dXx]\b|\b\d{15}\b")


def mask_person(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧阳**; a name of one character becomes *."""
    text = name.strip()
    if not text:
        return ""
    keep = 2 if len(text) >= 4 else 1
    if len(text) == 1:
        return "*"
    return text[:keep] + "*" * (len(text) - keep)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; 0356-4222315 → 0356-***2315."""

    def mobile(match: re.Match[str]) -> str:
        value = match.group(0)
        return value[:3] + "****" + value[-4:]

    def landline(match: re.Match[str]) -> str:
        value = match.group(0)
        return value[:-7] + "***" + value[-4:] if len(value) > 7 else "*" * len(value)

    return _LANDLINE.sub(landline, _MOBILE.sub(mobile, phone))


def mask_id_numbers(text: str) -> str:
    """Resident ID numbers inside a text: the first 4 and the last 4 characters stay."""
    return _ID_NUMBER.sub(lambda m: m.group(0)[:4] + "*" * (len(m.group(0)) - 8) + m.group(0)[-4:], text)


def mask_text(text: str, names: list[str]) -> str:
    """Free text for publication: the given persons' names, phone numbers and ID numbers masked."""
    masked = mask_id_numbers(mask_phone(text))
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        masked = masked.replace(name, mask_person(name))
    return masked


def is_individual_business(uscc: str) -> bool:
    """A 个体工商户 (code 92…) is run by a natural person: its operator's name is always masked."""
    return uscc.startswith("92")
