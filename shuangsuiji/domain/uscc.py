"""统一社会信用代码 (GB 32100-2015): format and check character.

python-stdnum is the reference implementation of the check character. The import path validates a million codes,
so `check` uses an equivalent table-driven computation (`check_character`), proven equal to stdnum's by a property
test (docs/decisions/0004). The format check is ours because stdnum rejects the letter registration authorities
(A, N, Y) that GB 32100 allows in positions 1-2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import uscc as stdnum_uscc

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_FORMAT = re.compile(rf"^[{CHARSET}]{{2}}[0-9]{{6}}[{CHARSET}]{{10}}$")
_VALUES = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_FULLWIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B)})

AUTHORITY_TYPES: dict[str, str] = {
    "11": "机关",
    "12": "事业单位",
    "13": "中央编办直接管理机构编制的群众团体",
    "19": "其他（机构编制）",
    "51": "社会团体",
    "52": "民办非企业单位",
    "53": "基金会",
    "59": "其他（民政）",
    "91": "企业",
    "92": "个体工商户",
    "93": "农民专业合作社",
}


@dataclass(frozen=True, slots=True)
class UsccProblem:
    """Why a code is not a valid 统一社会信用代码, in Chinese for the user."""

    code: str
    message: str
    is_checksum_only: bool = False


def normalize(raw: str) -> str:
    """Upper-case, full-width to ASCII, spaces and dashes removed."""
    return raw.translate(_FULLWIDTH).replace(" ", "").replace("-", "").replace("\u3000", "").strip().upper()


def check(code: str) -> UsccProblem | None:
    """Return None for a valid code, or the problem (wrong length, character, check character)."""
    if len(code) != 18:
        return UsccProblem(code, f"统一社会信用代码应为18位，实为{len(code)}位")
    if not _FORMAT.match(code):
        bad = sorted({c for c in code if c not in CHARSET})
        if bad:
            return UsccProblem(code, f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不得使用I、O、S、V、Z）")
        return UsccProblem(code, "统一社会信用代码第3-8位应为登记管理机关行政区划码（6位数字）")
    expected = check_character(code)
    if code[17] != expected:
        return UsccProblem(code, f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]}", is_checksum_only=True)
    return None


def check_character(code: str) -> str:
    """The GB 32100 check character of the first 17 characters (same result as stdnum's calc_check_digit)."""
    values = _VALUES
    total = sum(values[c] * w for c, w in zip(code, _WEIGHTS, strict=False))
    return CHARSET[(31 - total % 31) % 31]


def reference_check_character(code: str) -> str:
    """python-stdnum's computation, the reference the fast path is tested against."""
    return str(stdnum_uscc.calc_check_digit(code[:17]))


def with_check_character(first17: str) -> str:
    """Complete 17 characters with their check character (used to make synthetic demo codes)."""
    return first17 + stdnum_uscc.calc_check_digit(first17)


def is_individual_business(code: str) -> bool:
    """个体工商户 ("92") take different fine caps and are natural persons for publication masking."""
    return code.startswith("92")


def registering_region(code: str) -> str:
    """Positions 3-8: the registering authority's 区划代码 (not necessarily where the unit is now)."""
    return code[2:8]
