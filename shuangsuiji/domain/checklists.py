"""Checklists (检查表式): the numbered points of 抽查内容及要求 turned into questions, and the 检查要点 text of the
import file, where each point may carry its answer type and flags: “人数【数值】”, “方式【选项：现场/书面；选答】”,
“是否有专人？【否不为问题；提示：询问负责人】”. format_checkpoints and parse_checkpoints are inverses."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from shuangsuiji.domain.catalog import CatalogValueError

ANSWER_TYPES: dict[str, str] = {
    "yes_no": "是/否",
    "choice": "选项",
    "number": "数值",
    "text": "文字",
    "attachment": "附件",
}
# The word that marks an answer type in the 检查要点 column, e.g. “从业人员期末人数【数值】”.
_CHOICE_FORBIDDEN = "/／;；【】[]：:"
_TYPE_WORDS = {"是否": "yes_no", "选项": "choice", "数值": "number", "文字": "text", "附件": "attachment"}
_WORD_OF_TYPE = {code: word for word, code in _TYPE_WORDS.items()}
NOT_A_PROBLEM = "否不为问题"
OPTIONAL = "选答"
GUIDANCE = "提示"

MAX_CHECKPOINTS = 50
# A point marker: “1.” “1．” “1、” “(1)” “（1）” at the start or after a separator.
_MARKER = re.compile(r"(?:^|(?<=[\s；;。，,：:]))[（(]?(\d{1,2})(?:[)）]|[.．、](?!\d))")
_LEADING_NUMBER = re.compile(r"^\s*[（(]?\d{1,3}(?:[)）]|[.．、](?!\d))\s*")
_TRAILING = "；;。，,、 \t"


def split_numbered_points(text: str) -> list[str]:
    """The points “1.…；2.…；3.…” of a text, in order; [] when the text is not numbered from 1."""
    starts: list[tuple[int, int]] = []
    expected = 1
    for match in _MARKER.finditer(text):
        if int(match.group(1)) == expected:
            starts.append((match.start(), match.end()))
            expected += 1
    if not starts:
        return []
    points = []
    for index, (_, end) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        point = clean_point_text(text[end:stop])
        if point:
            points.append(point)
    return points


def clean_point_text(text: str) -> str:
    """Whitespace folded and no separator left at either end (how a point is stored and compared)."""
    return " ".join(text.split()).strip(_TRAILING)


def question_from_point(point: str) -> str:
    """A point of 抽查内容 as the question an inspector answers: “调查对象依法提供统计资料情况” →
    “调查对象是否依法提供统计资料？”."""
    text = clean_point_text(point).rstrip("?？")
    if "是否" in text:
        return text + "？"
    base = text.removesuffix("情况")
    if "依法" in base and base != text:
        head, _, tail = base.partition("依法")
        return f"{head}是否依法{tail}？"
    return f"{text}是否符合规定？"


@dataclass(frozen=True, slots=True)
class CheckPointSpec:
    """One check point as entered or imported; `problem_when_no` only matters for yes/no answers."""

    text: str
    answer_type: str = "yes_no"
    choices: tuple[str, ...] = ()
    problem_when_no: bool = True
    is_required: bool = True
    guidance: str = ""

    def normalized(self) -> CheckPointSpec:
        """Whitespace folded; a “no means a problem” flag only on yes/no points; choices only on choice points."""
        return CheckPointSpec(
            text=clean_point_text(self.text),
            answer_type=self.answer_type,
            choices=tuple(c.strip() for c in self.choices) if self.answer_type == "choice" else (),
            problem_when_no=self.problem_when_no if self.answer_type == "yes_no" else False,
            is_required=self.is_required,
            guidance=" ".join(self.guidance.split()),
        )


def checkpoint_problems(specs: list[CheckPointSpec]) -> list[str]:
    """Why a checklist cannot be stored (each message names the point by its number); [] when it can."""
    problems = []
    if len(specs) > MAX_CHECKPOINTS:
        problems.append(f"检查要点最多 {MAX_CHECKPOINTS} 个")
    seen: dict[str, int] = {}
    for number, spec in enumerate(specs, start=1):
        problems += [f"第{number}个检查要点{p}" for p in _point_problems(spec)]
        if spec.text in seen:
            problems.append(f"第{number}个检查要点与第{seen[spec.text]}个重复")
        seen.setdefault(spec.text, number)
    return problems


def _point_problems(spec: CheckPointSpec) -> list[str]:
    found = []
    if not spec.text:
        found.append("内容为空")
    if len(spec.text) > 300:
        found.append("超过300个字")
    if spec.text.endswith(("】", "]")):
        found.append("不能以方括号结尾")
    if spec.answer_type not in ANSWER_TYPES:
        found.append(f"的答案类型“{spec.answer_type}”无效")
    if spec.answer_type == "choice":
        if len(set(spec.choices)) < 2 or not all(spec.choices):
            found.append("为选项题，至少需要两个不同的选项")
        if any(len(c) > 50 or any(ch in c for ch in _CHOICE_FORBIDDEN) for c in spec.choices):
            found.append("的选项不得超过50个字，也不能含“/”“；”或方括号")
    if len(spec.guidance) > 300 or any(ch in spec.guidance for ch in "【】[]"):
        found.append("的检查方法提示不得超过300个字，也不能含方括号")
    return found


def format_checkpoints(specs: list[CheckPointSpec]) -> str:
    """The 检查要点 cell of an export: one numbered point per line, attributes in 【】 when not the default."""
    return "\n".join(f"{n}. {spec.text}{_attributes(spec)}" for n, spec in enumerate(specs, start=1))


def _attributes(spec: CheckPointSpec) -> str:
    parts = []
    if spec.answer_type == "choice":
        parts.append(f"选项：{'/'.join(spec.choices)}")
    elif spec.answer_type != "yes_no":
        parts.append(_WORD_OF_TYPE[spec.answer_type])
    elif not spec.problem_when_no:
        parts.append(NOT_A_PROBLEM)
    if not spec.is_required:
        parts.append(OPTIONAL)
    if spec.guidance:
        parts.append(f"{GUIDANCE}：{spec.guidance}")
    return f"【{'；'.join(parts)}】" if parts else ""


_ATTRIBUTE_GROUP = re.compile(r"\s*[【\[]([^【】\[\]]*)[】\]]\s*$")


def parse_checkpoints(text: str) -> list[CheckPointSpec]:
    """The 检查要点 cell: one point per line, or numbered “1.…；2.…” on one line; optional 【数值】 【选项：甲/乙】
    【否不为问题】 【选答】 【提示：…】 after a point. Raises CatalogValueError naming the point."""
    if "\n" in text.strip():
        raw_points = [_LEADING_NUMBER.sub("", line, count=1) for line in text.splitlines() if line.strip()]
    else:
        raw_points = split_numbered_points(text) or ([text] if text.strip() else [])
    return [_parse_point(raw.strip(), n).normalized() for n, raw in enumerate(raw_points, start=1)]


def _parse_point(raw: str, number: int) -> CheckPointSpec:
    match = _ATTRIBUTE_GROUP.search(raw)
    if match is None:
        return CheckPointSpec(text=clean_point_text(raw))
    text = clean_point_text(raw[: match.start()])
    spec = CheckPointSpec(text=text)
    for token in _tokens(match.group(1)):
        spec = _apply_token(spec, token, number)
    return spec


def _tokens(group: str) -> list[str]:
    head, marker, guidance = group.partition(f"{GUIDANCE}：")
    if not marker:
        head, marker, guidance = group.partition(f"{GUIDANCE}:")
    tokens = [t.strip() for t in re.split(r"[；;]", head) if t.strip()]
    return [*tokens, f"{GUIDANCE}：{guidance.strip()}"] if marker else tokens


def _split_word(token: str) -> tuple[str, str]:
    """“选项：甲/乙” → (“选项”, “甲/乙”); the first colon (either width) separates, later ones belong to the value."""
    match = re.match(r"^([^:：]*)[:：](.*)$", token, flags=re.DOTALL)
    return (match.group(1).strip(), match.group(2).strip()) if match else (token.strip(), "")


def _apply_token(spec: CheckPointSpec, token: str, number: int) -> CheckPointSpec:
    word, value = _split_word(token)
    if word == "选项":
        choices = tuple(c.strip() for c in re.split(r"[/／]", value) if c.strip())
        return replace(spec, answer_type="choice", choices=choices)
    if word in _TYPE_WORDS and not value:
        return replace(spec, answer_type=_TYPE_WORDS[word])
    if word == NOT_A_PROBLEM and not value:
        return replace(spec, problem_when_no=False)
    if word == OPTIONAL and not value:
        return replace(spec, is_required=False)
    if word == GUIDANCE:
        return replace(spec, guidance=value)
    raise CatalogValueError(
        f"第{number}个检查要点的标注“{token}”无法识别，可用：是否、数值、文字、附件、选项：甲/乙、否不为问题、选答、提示：…"
    )


def checkpoints_from_content(content: str) -> list[CheckPointSpec]:
    """A checklist derived from the numbered points of 抽查内容及要求, each turned into a yes/no question."""
    return [CheckPointSpec(text=question_from_point(p)) for p in split_numbered_points(content)]
