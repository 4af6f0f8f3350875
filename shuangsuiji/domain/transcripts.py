"""The 问/答 text of a 询问笔录: each turn starts with “问：” or “答：” (a half-width colon is accepted); a line
that starts with neither continues the turn above it. A record needs at least one question and one answer."""

from __future__ import annotations

import re

SPEAKERS = {"问": "问", "答": "答"}
_TURN = re.compile(r"^\s*([问答])\s*[：:]\s*(.*)$")


class TranscriptError(ValueError):
    """A text that is not a 问/答 record; the message says which line."""


def parse_transcript(text: str) -> list[tuple[str, str]]:
    """[("问", "…"), ("答", "…"), …] from the text typed or pasted by the recorder."""
    turns: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _TURN.match(line)
        if match:
            turns.append((match.group(1), match.group(2).strip()))
        elif turns:
            speaker, said = turns[-1]
            turns[-1] = (speaker, f"{said}\n{line.strip()}")
        else:
            raise TranscriptError(f"第{number}行：询问内容须以“问：”开头")
    speakers = {speaker for speaker, _ in turns}
    if speakers != {"问", "答"}:
        raise TranscriptError("询问内容须至少包含一问一答（以“问：”“答：”开头的行）")
    if empty := [n for n, (_, said) in enumerate(turns, start=1) if not said]:
        raise TranscriptError(f"第{empty[0]}段问答没有内容")
    return turns
