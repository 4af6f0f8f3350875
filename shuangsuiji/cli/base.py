"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass
from typing import Any


class CliError(Exception):
    """A failure with its exit status: 1 for rejected input, 2 for usage errors."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def usage_error(message: str) -> CliError:
    return CliError(message, code=2)


_READY = False


def setup_django() -> None:
    global _READY
    if not _READY:
        import django

        django.setup()
        _READY = True


@dataclass(frozen=True)
class CliActor:
    """Who acted, for the audit log, when a command runs without a platform user."""

    username: str
    pk: None = None

    def __str__(self) -> str:
        return self.username


def resolve_actor(username: str | None) -> Any:
    if not username:
        return CliActor(f"cli:{getpass.getuser()}")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise usage_error(f"no active user named {username!r}")
    return user


def progress_printer(label: str) -> Any:
    """Progress on stderr, overwritten in place when stderr is a terminal."""
    tty = sys.stderr.isatty()

    def echo(done: int, total: int, message: str) -> None:
        percent = f"{done * 100 // total:3d}%" if total else "    "
        line = f"{label}: {percent} {done}/{total or '?'} {message}"
        if tty:
            print("\r" + line[:120].ljust(120), end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    return echo


def end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)
