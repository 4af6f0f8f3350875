"""The kinds of 执法文书. Apps register theirs in AppConfig.ready(); the documents app renders, numbers and stores
them without knowing what they are about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from shuangsuiji.domain.documents import check_number_word


class DocumentError(Exception):
    """A document that cannot be made now (unknown kind, missing object, object not in the right state)."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind: `build_context(obj)` gives the template's context; `model` ("app_label.model") finds the object
    by id. `render`, when given, makes the PDF itself (e.g. a bundle) instead of the template."""

    code: str
    title: str
    number_word: str
    template: str
    build_context: Callable[[Any], dict[str, Any]]
    model: str
    render: Callable[[Any, str | None], bytes] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> None:
    """Register (or re-register, e.g. on autoreload) a kind under its code."""
    check_number_word(kind.number_word)
    if "." not in kind.model:
        raise ValueError(f"model must be 'app_label.model': {kind.model!r}")
    known = _KINDS.get(kind.code)
    if known is not None and (known.model, known.title) != (kind.model.lower(), kind.title):
        raise ValueError(f"document kind code {kind.code!r} is already registered for {known.model} ({known.title})")
    _KINDS[kind.code] = replace(kind, model=kind.model.lower())


def document_kind(code: str) -> DocumentKind:
    """The registered kind, or DocumentError naming the known ones."""
    try:
        return _KINDS[code]
    except KeyError:
        known = "、".join(sorted(_KINDS)) or "（无）"
        raise DocumentError(f"未知的文书种类：{code}（可用：{known}）") from None


def kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def kinds_for_model(model: str) -> list[DocumentKind]:
    """The kinds that document objects of one model (for the "issue" buttons of a page)."""
    return [k for k in kinds() if k.model == model.lower()]
