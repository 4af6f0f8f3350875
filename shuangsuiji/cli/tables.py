"""import and export of the 一单两库: units, inspectors, items."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import (
    CliError,
    end_progress,
    progress_printer,
    resolve_actor,
    setup_django,
    usage_error,
)

KINDS = ["units", "inspectors", "items"]


def register(subparsers: Any) -> None:
    imp = subparsers.add_parser("import", help="import units, inspectors or items from .xlsx/.xls/.csv")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--bureau", metavar="CODE", help="bureau to import into (default: the only county, or required)")
    imp.add_argument("--dry-run", action="store_true", help="validate and show what would change; write nothing")
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows and write the bad ones to FILE.rejected.csv"
    )
    imp.add_argument("--user", help="platform user recorded as the actor (default: cli:<login>)")
    imp.set_defaults(func=cmd_import)

    exp = subparsers.add_parser("export", help="export units, inspectors or items (.xlsx or .csv by extension)")
    exp.add_argument("kind", choices=KINDS)
    exp.add_argument("file", type=Path)
    exp.add_argument("--bureau", metavar="CODE", help="only this bureau and those below it")
    exp.set_defaults(func=cmd_export)


def _bureau(code: str | None) -> Any:
    from shuangsuiji.organisations.models import Bureau

    if code:
        bureau = Bureau.objects.filter(code=code).first()
        if bureau is None:
            raise usage_error(f"no bureau with code {code!r}")
        return bureau
    counties = list(Bureau.objects.filter(level=Bureau.Level.COUNTY)[:2])
    if len(counties) == 1:
        return counties[0]
    raise usage_error("--bureau CODE is required (more than one bureau exists)")


def cmd_import(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise usage_error(f"file not found: {args.file}")
    setup_django()
    from shuangsuiji.core.importers import import_kind
    from shuangsuiji.core.imports import ImportOptions, run_import
    from shuangsuiji.core.jobs import Progress

    spec = import_kind(args.kind)
    if spec is None:
        raise usage_error(f"import of {args.kind} is not available")
    bureau = _bureau(args.bureau)
    actor = resolve_actor(args.user)
    rejected = args.file.with_name(args.file.stem + ".rejected.csv")
    options = ImportOptions(dry_run=args.dry_run, skip_invalid=args.skip_invalid, rejected_path=rejected)
    progress = Progress(None, progress_printer(f"import {args.kind}"))
    report = run_import(spec.factory(bureau=bureau, actor=actor), args.file, options, progress)
    end_progress()
    _print_report(report, bureau.name)
    if report.fatal:
        raise CliError(report.fatal)
    if report.error_count and (args.dry_run or not report.written):
        return 1
    return 0


def _print_report(report: Any, bureau_name: str) -> None:
    out = sys.stdout
    for note in report.notes:
        print(f"note: {note}", file=out)
    for error in report.errors:
        print(f"rejected: {error.as_text()}", file=out)
    if report.error_count > len(report.errors):
        print(
            f"... {report.error_count - len(report.errors)} more rejected rows (see the rejected-rows file)",
            file=out,
        )
    verb = "would be" if report.dry_run else ("" if report.written else "not")
    print(
        f"{report.kind} into {bureau_name}: {report.rows_total} rows; created {report.created}, updated "
        f"{report.updated}, unchanged {report.unchanged}, rejected {report.error_count}",
        file=out,
    )
    if report.dry_run:
        print("dry run: nothing was written", file=out)
    elif report.written:
        print("written to the database", file=out)
    elif not report.fatal:
        print(
            f"{verb} written: the file has rejected rows (use --skip-invalid to import the good ones)",
            file=out,
        )
    if report.rejected_file:
        print(f"rejected rows written to {report.rejected_file}", file=out)


def cmd_export(args: argparse.Namespace) -> int:
    if args.file.suffix.lower() not in (".xlsx", ".csv"):
        raise usage_error("the export file must end in .xlsx or .csv")
    setup_django()
    from shuangsuiji.core.exporters import exporter_for

    exporter = exporter_for(args.kind)
    if exporter is None:
        raise usage_error(f"export of {args.kind} is not available")
    bureau = _bureau(args.bureau) if args.bureau else None
    count = exporter(bureau=bureau, path=args.file)
    print(f"exported {count} {args.kind} to {args.file}")
    return 0
