"""DSR-1 §1–§3: unit ids, stratum codes, the canonical frame and params texts, and the seed string."""

from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from shuangsuiji.domain.draw.errors import DrawInputError

ALGORITHM = "DSR-1"
FORBIDDEN = (",", "|", "\r", "\n")
COMPUTED_SEED_FIELDS = ("draw_id", "frame_sha256", "params_sha256")


def sha256_hex(text: str) -> str:
    """H(s): lowercase hex SHA-256 of the UTF-8 bytes of s."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_id(raw: str) -> str:
    """A unit or inspector id: stripped, NFC-normalised, non-empty, without , | CR LF."""
    value = unicodedata.normalize("NFC", raw.strip())
    if not value:
        raise DrawInputError("empty id")
    if any(c in value for c in FORBIDDEN):
        raise DrawInputError(f"id {value!r} contains a forbidden character (comma, bar, CR or LF)")
    return value


def clean_stratum(raw: str) -> str:
    """A stratum code: ASCII, non-empty, without , | CR LF."""
    value = raw.strip()
    if not value:
        raise DrawInputError("empty stratum code")
    if not value.isascii():
        raise DrawInputError(f"stratum code {value!r} is not ASCII")
    if any(c in value for c in FORBIDDEN):
        raise DrawInputError(f"stratum code {value!r} contains a forbidden character")
    return value


def canonical_rows(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Validated (id, stratum) rows sorted by id in byte order; duplicate ids are an error."""
    cleaned = [(clean_id(i), clean_stratum(s)) for i, s in rows]
    cleaned.sort()  # str order is UTF-8 byte order (UTF-8 keeps code-point order)
    for previous, current in itertools.pairwise(cleaned):
        if previous[0] == current[0]:
            raise DrawInputError(f"duplicate id {current[0]!r} in the frame")
    return cleaned


def frame_text_chunks(rows: Sequence[tuple[str, str]]) -> Iterable[str]:
    """The canonical frame file in pieces: header `id,stratum`, one LF-terminated line per unit."""
    yield "id,stratum\n"
    for start in range(0, len(rows), 65536):
        yield "".join(f"{i},{s}\n" for i, s in rows[start : start + 65536])


def canonical_frame_text(rows: Iterable[tuple[str, str]]) -> str:
    """The canonical frame text of any (id, stratum) rows (sorted and validated here)."""
    return "".join(frame_text_chunks(canonical_rows(rows)))


def frame_sha256(rows: Sequence[tuple[str, str]]) -> str:
    """frame_sha256 of rows already in canonical order, without building the whole text at once."""
    digest = hashlib.sha256()
    for chunk in frame_text_chunks(rows):
        digest.update(chunk.encode("utf-8"))
    return digest.hexdigest()


def canonical_json(value: Any) -> str:
    """json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) — RFC 8785 for our objects."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def result_json(result: Mapping[str, Any], *, plain_ids: bool) -> str:
    """canonical_json(result), written faster for a draw result (see field_texts). Equal to it (tested)."""
    return join_fields(field_texts(result, plain_ids=plain_ids))


def field_texts(result: Mapping[str, Any], *, plain_ids: bool) -> dict[str, str]:
    """The canonical JSON text of each field's value. The long lists of a draw result (entries {id, ticket},
    targets, assignment rows) are formatted directly, the rest by json.dumps — the direct way only when
    `plain_ids` says that no unit id holds a character JSON escapes (" \\ or a control character)."""
    special: dict[str, Callable[[Any], str]] = {}
    if plain_ids:
        special = {
            "strata": lambda v: _object(v, _stratum_json),
            "targets": _ids_json,
            "assignment": _assignment_json,
            "departments": lambda v: _object(v, lambda d: join_fields(_texts(d, {"assignment": _assignment_json}))),
        }
    return _texts(result, special)


def join_fields(texts: Mapping[str, str]) -> str:
    """An object's canonical JSON from its fields' texts (keys sorted, no spaces)."""
    return "".join(field_chunks(texts))


def field_chunks(texts: Mapping[str, str]) -> list[str]:
    """join_fields in pieces, for a text too large to copy at will: "{", then `"key":value` pieces, then "}"."""
    pieces = [f"{',' if n else '{'}{canonical_json(k)}:" for n, k in enumerate(sorted(texts))]
    chunks = [part for key, piece in zip(sorted(texts), pieces, strict=True) for part in (piece, texts[key])]
    return [*chunks, "}"] if chunks else ["{}"]


def _texts(value: Mapping[str, Any], special: Mapping[str, Callable[[Any], str]]) -> dict[str, str]:
    return {k: special[k](v) if k in special else canonical_json(v) for k, v in value.items()}


def _object(value: Mapping[str, Any], each: Any) -> str:
    return "{" + ",".join(f"{canonical_json(k)}:{each(value[k])}" for k in sorted(value)) + "}"


def _stratum_json(stratum: Mapping[str, Any]) -> str:
    return join_fields(_texts(stratum, {"selected": _entries_json, "reserve": _entries_json}))


def _entries_json(entries: Sequence[Mapping[str, str]]) -> str:
    if any(len(e) != 2 or "id" not in e or "ticket" not in e for e in entries):
        return canonical_json(entries)
    return "[" + ",".join([f'{{"id":"{e["id"]}","ticket":"{e["ticket"]}"}}' for e in entries]) + "]"


def _ids_json(ids: Sequence[str]) -> str:
    return '["' + '","'.join(ids) + '"]' if ids else "[]"


def _assignment_json(rows: Sequence[Mapping[str, Any]]) -> str:
    if any(len(r) != 2 or "target" not in r or not (r.get("group") is None or _is_int(r["group"])) for r in rows):
        return canonical_json(rows)
    rows_text = [f'{{"group":{"null" if r["group"] is None else r["group"]},"target":"{r["target"]}"}}' for r in rows]
    return "[" + ",".join(rows_text) + "]"


def params_text(params: Mapping[str, Any]) -> str:
    return canonical_json(dict(params))


def check_params(params: Mapping[str, Any]) -> None:
    """The params object DSR-1 needs (§2); anything else is kept and hashed as given."""
    if params.get("algorithm") != ALGORITHM:
        raise DrawInputError('params must contain "algorithm": "DSR-1"')
    has_ratios, has_n = "ratios" in params, "n" in params
    if has_ratios == has_n:
        raise DrawInputError('params must give either "ratios" (per risk class) or a total "n", not both')
    if has_ratios:
        ratios = params["ratios"]
        if not isinstance(ratios, dict) or not ratios:
            raise DrawInputError('"ratios" must be an object of risk class -> [a, b]')
        for risk, pair in ratios.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(_is_int(v) for v in pair)):
                raise DrawInputError(f"ratio of class {risk!r} must be an integer pair [a, b]")
            if pair[1] <= 0 or not 0 <= pair[0] <= pair[1]:
                raise DrawInputError(f"ratio of class {risk!r} must satisfy 0 <= a <= b and b > 0")
    elif not _is_int(params["n"]) or params["n"] < 0:
        raise DrawInputError('"n" must be a non-negative integer')
    for key in ("minimum_per_stratum", "reserve_per_stratum"):
        if not _is_int(params.get(key, 0)) or params.get(key, 0) < 0:
            raise DrawInputError(f'"{key}" must be a non-negative integer')
    if not _is_int(params.get("group_size", 2)) or params.get("group_size", 2) < 2:
        raise DrawInputError('"group_size" (k) must be an integer of at least 2')
    fields = params.get("seed_fields")
    if not isinstance(fields, list) or not fields or not all(isinstance(f, str) and f for f in fields):
        raise DrawInputError('"seed_fields" must be a non-empty list of field names')


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def seed_string(fields: Sequence[str], values: Mapping[str, str]) -> str:
    """S = "|".join(the value of each seed field, in order); every field needs a non-empty value."""
    parts = []
    for field in fields:
        value = values.get(field)
        if value is None or str(value) == "":
            raise DrawInputError(f"seed field {field!r} has no value")
        text = str(value)
        if "|" in text or "\n" in text:
            raise DrawInputError(f"seed field {field!r} must not contain | or a line break")
        parts.append(text)
    return "|".join(parts)
