"""The fast ways of the engine give exactly what the plain ways give: a canonical file read as it is equals the
validating path, forked helpers equal one process, hashing while reading equals hashing afterwards, and the
direct JSON writer equals json.dumps."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangsuiji.domain.draw import DrawInputError, canonical_json
from shuangsuiji.domain.draw.canonical import result_json
from shuangsuiji.domain.draw.engine import draw_with_text, run_draw, seed_of
from shuangsuiji.domain.draw.frame import build_frame, frame_from_bytes

PARAMS = {
    "algorithm": "DSR-1",
    "ratios": {"A": [1, 10], "B": [3, 10], "C": [1, 2]},
    "minimum_per_stratum": 1,
    "reserve_per_stratum": 2,
    "group_size": 2,
    "seed_fields": ["draw_id", "frame_sha256", "params_sha256", "dice"],
}
DICE = {"dice": "31415926535897932384"}
ID_CHARS = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=',|"\\')


def rows(size: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    ids = sorted({f"U{rng.randrange(10**9):09d}" for _ in range(size)})
    return [(i, f"{rng.choice('ABC')}/{rng.choice(['C13', 'F51'])}") for i in ids]


def file_of(frame_rows: list[tuple[str, str]]) -> bytes:
    return ("id,stratum\n" + "".join(f"{i},{s}\n" for i, s in frame_rows)).encode()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.text(ID_CHARS, min_size=1, max_size=8), st.sampled_from(["A/1", "B/2", "C"])), max_size=40)
)
def test_a_canonical_file_read_as_it_is_equals_the_validating_path(pairs: list[tuple[str, str]]) -> None:
    unique = sorted(dict(pairs).items())
    fast = frame_from_bytes(file_of(unique))
    slow = build_frame(unique)
    assert fast is not None
    assert (fast.sha256, fast.text(), fast.ids(), list(fast.rows())) == (
        slow.sha256,
        slow.text(),
        slow.ids(),
        list(slow.rows()),
    )
    assert fast.counts() == slow.counts()


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfid,stratum\nA,x\n",  # BOM
        b"id,stratum\r\nA,x\r\n",  # CRLF
        b"id,stratum\nB,x\nA,x\n",  # not sorted
        b"id,stratum\nA,x\nA,y\n",  # duplicate
        b"id,stratum\nA ,x\n",  # space
        b"id,stratum\nA,x",  # no final LF
        b"id,stratum\nA,x,y\nB\n",  # two commas and none
        b"id,stratum\n,x\n",  # empty id
        b"id,stratum\nA,\n",  # empty stratum
        b"id,stratum\nA|1,x\n",  # forbidden bar
        "id,stratum\n单位,x\n".encode(),  # non-ASCII: normalised by the validating path
        b"id,stratum,extra\nA,x\n",
    ],
)
def test_anything_not_canonical_goes_the_validating_way(data: bytes) -> None:
    assert frame_from_bytes(data) is None


def test_an_empty_canonical_file_is_an_empty_frame() -> None:
    frame = frame_from_bytes(b"id,stratum\n")
    assert frame is not None and len(frame) == 0
    with pytest.raises(DrawInputError, match="empty"):
        run_draw(frame, PARAMS, draw_id="T-1", seed_inputs=DICE)


@pytest.mark.parametrize("seed", [1, 2])
def test_forked_helpers_and_hashing_while_reading_give_the_same_result(seed: int) -> None:
    data = file_of(rows(3000, seed))
    inspectors = [f"ZF{i:02d}" for i in range(9)]
    one = run_draw(
        frame_from_bytes(data, 1), PARAMS, draw_id="T-1", seed_inputs=DICE, inspectors=inspectors, processes=1
    )
    two = run_draw(
        frame_from_bytes(data, 2), PARAMS, draw_id="T-1", seed_inputs=DICE, inspectors=inspectors, processes=2
    )
    seeded = frame_from_bytes(data, 3, seed_of(PARAMS, draw_id="T-1", seed_inputs=DICE))
    assert seeded is not None and seeded.prefixes is not None
    fused = run_draw(seeded, PARAMS, draw_id="T-1", seed_inputs=DICE, inspectors=inspectors, processes=3)
    slow = run_draw(rows(3000, seed), PARAMS, draw_id="T-1", seed_inputs=DICE, inspectors=inspectors)
    assert one == two == fused == slow


def test_digests_made_for_another_seed_are_not_used() -> None:
    data = file_of(rows(500, 3))
    stale = frame_from_bytes(data, 1, lambda sha: "another seed")
    assert run_draw(stale, PARAMS, draw_id="T-1", seed_inputs=DICE) == run_draw(
        frame_from_bytes(data, 1), PARAMS, draw_id="T-1", seed_inputs=DICE
    )


def test_a_failing_helper_process_raises_its_error_in_the_parent() -> None:
    from shuangsuiji.domain.draw.parallel import background

    def fail() -> None:
        raise DrawInputError("raised in the helper")

    with pytest.raises(DrawInputError, match="raised in the helper"):
        background(fail, fork=True)()


def test_the_result_text_is_its_canonical_json_plus_its_hash() -> None:
    result, chunks = draw_with_text(
        rows(2000, 4), PARAMS, draw_id="T-1", seed_inputs=DICE, inspectors=["a", "b", "c", "d"], conflicts={("a", "x")}
    )
    import json

    text = "".join(chunks)
    body = {k: v for k, v in json.loads(text).items() if k != "result_sha256"}
    assert body == {k: v for k, v in result.items() if k != "result_sha256"}
    assert text.startswith(canonical_json(body)[:-1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=12, unique=True), st.booleans())
def test_the_direct_json_writer_equals_json_dumps(ids: list[str], joint: bool) -> None:
    entries = [{"id": i, "ticket": f"0.{n}"} for n, i in enumerate(ids)]
    assignment = [{"group": None if n % 3 == 0 else n, "target": i} for n, i in enumerate(ids)]
    result = {
        "strata": {"A/1": {"N": 9, "n": 1, "selected": entries[:1], "reserve": entries[1:], "threshold_ticket": "0.0"}},
        "targets": ids,
        "assignment": assignment,
        "allocation": [{"stratum": "A/1", "quota": "1/2"}],
        "checks": {"uniformity": {"chi2": None}},
    }
    if joint:
        result["departments"] = {"D1": {"assignment": assignment, "groups": [["x", "y"]]}}
    plain = not any(c in "".join(ids) for c in '"\\') and all(ord(c) >= 0x20 for c in "".join(ids))
    assert result_json(result, plain_ids=plain) == canonical_json(result)


@pytest.mark.parametrize("processes", [1, 2])
def test_the_second_path_refuses_a_fast_path_that_ranks_wrongly(
    processes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Acceptance: a fault in the fast path's ordering (here its order keys reversed) or in its prefix arithmetic
    (every prefix off by one) never reaches a result, with or without the forked second path."""
    from shuangsuiji.domain.draw import selection
    from shuangsuiji.domain.draw.checks import AcceptanceError

    frame = rows(3000, 11)
    kwargs = {"draw_id": "ACCEPT", "seed_inputs": DICE, "processes": processes}
    assert run_draw(frame, PARAMS, **kwargs)["checks"]["second_path_agrees"]
    right = selection.order_keys
    with monkeypatch.context() as patch:
        patch.setattr(selection, "order_keys", lambda limbs: (10**9 - 1) - right(limbs))
        with pytest.raises(AcceptanceError, match="second code path disagrees"):
            run_draw(frame, PARAMS, **kwargs)
    first_digits = selection.hashing.first_digits
    with monkeypatch.context() as patch:
        patch.setattr(selection.hashing, "first_digits", lambda digests: (first_digits(digests) + 1) % 10**4)
        with pytest.raises(AcceptanceError, match="prefixes"):
            run_draw(frame, PARAMS, **kwargs)
