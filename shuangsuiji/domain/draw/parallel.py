"""Work handed to forked helper processes, so that a large draw uses more than one CPU.

A helper is a fork of the current process: it sees the frame already in memory (nothing is copied or pickled on
the way in), does one piece of pure computation, hands back a small answer through a pipe (or writes into shared
memory) and leaves with os._exit, so it never runs the parent's clean-up (open files, database connections).
The answers never depend on how the work was split: with one process everything runs inline, in the same order.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
PARALLEL_FROM = 200_000  # frames smaller than this are drawn in one process
MAX_PROCESSES = 4


def processes_for(count: int, processes: int | None) -> int:
    """How many processes share the work on `count` units: `processes` when given, else the setting
    SHUANGSUIJI_DRAW_PROCESSES, else one per CPU (at most 4) for a frame of at least PARALLEL_FROM units."""
    if processes is None:
        setting = os.environ.get("SHUANGSUIJI_DRAW_PROCESSES", "")
        processes = int(setting) if setting.isdigit() else min(os.cpu_count() or 1, MAX_PROCESSES)
        if count < PARALLEL_FROM:
            processes = 1
    if not hasattr(os, "fork"):
        processes = 1
    return max(1, min(processes, max(count, 1)))


def background(work: Callable[[], T], *, fork: bool) -> Callable[[], T]:
    """Start `work` in a forked helper (or, with fork=False, run it now); the returned function waits for its
    answer, re-raising the helper's exception if it failed."""
    if not fork:
        outcome = _attempt(work)
        return lambda: _unwrap(outcome)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(_attempt(work)))
            code = 0
        finally:
            os._exit(code)
    os.close(write)

    def join() -> T:
        with os.fdopen(read, "rb") as incoming:
            payload = incoming.read()
        status = os.waitpid(pid, 0)[1]
        if status != 0 or not payload:
            raise RuntimeError(f"a draw helper process failed (status {status})")
        value: T = _unwrap(pickle.loads(payload))
        return value

    return join


def _attempt(work: Callable[[], T]) -> tuple[bool, object]:
    try:
        return True, work()
    except Exception as exc:  # handed to the parent, which raises it
        return False, exc


def _unwrap(outcome: tuple[bool, object]) -> Any:
    ok, value = outcome
    if not ok:
        assert isinstance(value, Exception)
        raise value
    return value
