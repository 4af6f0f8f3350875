"""cases import-discretion / export-discretion: a bureau's 裁量基准 from and to a spreadsheet.

import-discretion checks every row (violation, party type, law, 情节严重, the fine range inside the legal range,
whether each end includes the number); when all are good the bureau's table is replaced by the file's, or with
--merge only the groups (violation × party type × law × 情节严重) the file holds. Exit status: 0 imported (or, with
--dry-run, all rows good), 1 the file was rejected, 2 usage error.

export-discretion writes the bands the bureau's cases use (its own table, or the platform's defaults) in the same
columns, .xlsx or .csv by the extension, so that the file can be edited and imported back.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import CliError, resolve_actor, setup_django, usage_error


def register(subparsers: Any) -> None:
    cases = subparsers.add_parser("cases", help="case handling: import or export a 裁量基准 table")
    commands = cases.add_subparsers(dest="cases_command", metavar="SUBCOMMAND")
    commands.required = True
    imp = commands.add_parser(
        "import-discretion",
        help="replace a bureau's 裁量基准 by the bands of a .xlsx/.xls/.csv file (all rows good, or nothing)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--bureau", metavar="CODE", help="bureau to import into (default: the only county, or required)")
    imp.add_argument("--dry-run", action="store_true", help="check every row; write nothing")
    imp.add_argument(
        "--merge",
        action="store_true",
        help="replace only the groups (violation, party type, law, 情节严重) the file holds; keep the other bands",
    )
    imp.add_argument("--user", help="platform user recorded as the actor (default: cli:<login>)")
    imp.set_defaults(func=cmd_import_discretion)
    exp = commands.add_parser(
        "export-discretion",
        help="write the bands a bureau's cases use to .xlsx or .csv (the import's columns)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("file", type=Path, help="output file: .xlsx or .csv")
    exp.add_argument("--bureau", metavar="CODE", help="bureau to export (default: the only county, or required)")
    exp.set_defaults(func=cmd_export_discretion)


def cmd_import_discretion(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise usage_error(f"file not found: {args.file}")
    setup_django()
    from shuangsuiji.cases.services import CaseError, import_discretion_bands
    from shuangsuiji.cli.tables import _bureau

    bureau = _bureau(args.bureau)
    actor = resolve_actor(args.user)
    try:
        report = import_discretion_bands(
            actor=actor, bureau=bureau, path=args.file, dry_run=args.dry_run, merge=args.merge
        )
    except CaseError as exc:
        raise CliError(str(exc)) from None
    for note in report.notes:
        print(f"note: {note}")
    for text in report.error_texts:
        print(f"rejected: {text}")
    print(
        f"discretion bands for {bureau.name}: {report.rows_total} rows, {report.band_count} good, "
        f"{len(report.errors)} rejected"
    )
    if report.errors:
        print("not written: the file has rejected rows; fix them and import again")
        return 1
    if report.dry_run:
        print("dry run: nothing was written")
    elif report.merge:
        print(f"written: {report.band_count} bands merged; {report.kept} other bands kept")
    else:
        print(f"written: {report.band_count} bands replace the {report.replaced} the bureau had")
    return 0


def cmd_export_discretion(args: argparse.Namespace) -> int:
    from shuangsuiji.domain.imports.writer import EXPORT_SUFFIXES

    if args.file.suffix.lower() not in EXPORT_SUFFIXES:
        raise usage_error(f"unsupported export format {args.file.suffix or '(none)'!r}: use .xlsx or .csv")
    if not args.file.parent.is_dir():
        raise usage_error(f"folder not found: {args.file.parent}")
    setup_django()
    from shuangsuiji.cases.services import export_discretion_bands
    from shuangsuiji.cli.tables import _bureau

    bureau = _bureau(args.bureau)
    count = export_discretion_bands(bureau=bureau, path=args.file)
    print(f"exported {count} discretion bands of {bureau.name} to {args.file}")
    return 0
