from __future__ import annotations

import pytest

from shuangsuiji.domain.documents import NumberingError, format_number, safe_file_stem


def test_a_number_reads_like_a_government_document_number() -> None:
    assert format_number("阳统", "检", 2026, 12) == "阳统检〔2026〕12号"


@pytest.mark.parametrize(("word", "seq"), [("", 1), ("check", 1), ("检", 0), ("检查通知书", 1)])
def test_bad_words_and_sequences_are_refused(word: str, seq: int) -> None:
    with pytest.raises(NumberingError):
        format_number("阳统", word, 2026, seq)


def test_file_names_never_carry_path_characters() -> None:
    assert safe_file_stem("../../etc/passwd", 2026, 3) == "______etc_passwd-2026-00003"
