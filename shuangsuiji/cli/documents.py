"""documents render KIND ID FILE.pdf: render a registered document kind for one object, without numbering or
storing it (a preview, or a check that a template renders); documents kinds: list the registered kinds;
documents orphans [--delete] [--older-than HOURS]: stored PDFs no document names (left by a rolled-back issue),
listed or deleted."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import CliError, setup_django, usage_error


def register(subparsers: Any) -> None:
    documents = subparsers.add_parser("documents", help="render enforcement documents (执法文书) to PDF")
    commands = documents.add_subparsers(dest="documents_command", metavar="SUBCOMMAND")
    commands.required = True
    render = commands.add_parser("render", help="render KIND for the object ID into FILE.pdf (not numbered)")
    render.add_argument("kind", metavar="KIND")
    render.add_argument("id", metavar="ID")
    render.add_argument("file", type=Path, metavar="FILE.pdf")
    render.set_defaults(func=cmd_render)
    listing = commands.add_parser("kinds", help="list the registered document kinds")
    listing.set_defaults(func=cmd_kinds)
    orphans = commands.add_parser(
        "orphans", help="list (or --delete) stored PDFs that no issued document names, e.g. after a rollback"
    )
    orphans.add_argument("--delete", action="store_true", help="delete them (default: only list them)")
    orphans.add_argument(
        "--older-than", type=float, default=1.0, metavar="HOURS", help="only files older than this (default 1)"
    )
    orphans.set_defaults(func=cmd_orphans)


def cmd_render(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.documents.registry import DocumentError, document_kind
    from shuangsuiji.documents.selectors import object_of_kind
    from shuangsuiji.documents.services import render_pdf

    try:
        kind = document_kind(args.kind)
        obj = object_of_kind(kind, args.id)
        pdf = render_pdf(kind.code, obj)
    except DocumentError as exc:
        raise CliError(str(exc)) from None
    if not args.file.parent.exists():
        raise CliError(f"directory not found: {args.file.parent}")
    args.file.write_bytes(pdf)
    print(f"wrote {args.file} ({len(pdf)} bytes): {kind.title} for {kind.model} {args.id}")
    return 0


def cmd_kinds(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.documents.registry import kinds

    for kind in kinds():
        print(f"{kind.code:<22} {kind.model:<24} {kind.number_word}  {kind.title}")
    return 0


def cmd_orphans(args: argparse.Namespace) -> int:
    import datetime as dt

    if args.older_than < 0:
        raise usage_error("--older-than must be 0 or more hours")
    setup_django()
    from shuangsuiji.documents.services import delete_orphan_files, orphan_files

    age = dt.timedelta(hours=args.older_than)
    found = delete_orphan_files(older_than=age) if args.delete else orphan_files(older_than=age)
    for path in found:
        print(path)
    verb = "deleted" if args.delete else "found (run with --delete to remove them)"
    print(f"{len(found)} orphan document file(s) {verb}")
    return 0
