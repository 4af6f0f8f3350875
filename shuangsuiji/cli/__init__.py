"""The `shuangsuiji` command: a thin door to the same services as the pages and the API.

Exit status: 0 success, 1 input rejected, 2 usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from shuangsuiji import __version__
from shuangsuiji.cli.base import CliError

# Each module defines register(subparsers); a command group lives next to the services it calls.
COMMAND_MODULES = [
    "shuangsuiji.cli.platform",
    "shuangsuiji.cli.tables",
    "shuangsuiji.cli.draw",
    "shuangsuiji.cli.calendar",
    "shuangsuiji.cli.deadlines",
    "shuangsuiji.cli.tasks",
    "shuangsuiji.cli.audit",
    "shuangsuiji.cli.documents",
    "shuangsuiji.cli.quality",
    "shuangsuiji.cli.cases",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuangsuiji",
        description="统计执法“双随机、一公开”监管平台 — command line",
        epilog="The database is var/db.sqlite3 unless DATABASE_URL says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"shuangsuiji {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["manage"]:
        from shuangsuiji.cli.platform import run_manage

        sys.exit(run_manage(args_list[1:]))
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        code = args.func(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    if argv is None and getattr(args, "exit_at_once", False):
        # A command that holds millions of objects (a large draw) leaves without freeing them one by one; its
        # output files are closed and its streams flushed here. Only for a real command line, never in-process.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code or 0)
