"""执法文书 numbering: 文号 such as 阳统检〔2026〕12号 — the bureau's short name, the document family's word, the
year in 六角括号 and the sequence number within (bureau, family, year)."""

from __future__ import annotations

import re

_WORD = re.compile(r"^[\u4e00-\u9fff]{1,4}$")


class NumberingError(ValueError):
    """A number word or sequence that cannot make a valid 文号."""


def check_number_word(word: str) -> None:
    """The family word is one to four Chinese characters (检, 查, 改 …)."""
    if not _WORD.match(word):
        raise NumberingError(f"文号用字应为 1–4 个汉字：{word!r}")


def format_number(prefix: str, word: str, year: int, seq: int) -> str:
    """阳统 + 检 + 〔2026〕 + 12号."""
    check_number_word(word)
    if seq < 1 or not 1900 <= year <= 9999:
        raise NumberingError(f"文号的年份或序号无效：{year}, {seq}")
    return f"{prefix}{word}〔{year}〕{seq}号"


def safe_file_stem(code: str, year: int, seq: int) -> str:
    """A storage name with no path characters, whatever the kind's code holds."""
    clean = re.sub(r"[^A-Za-z0-9_-]", "_", code)[:40] or "document"
    return f"{clean}-{year}-{seq:05d}"
