"""documents render KIND ID FILE.pdf: render a registered document kind for one object, without numbering or
storing it (a preview, or a check that a template renders); documents kinds: list the registered kinds."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import CliError, setup_django


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
