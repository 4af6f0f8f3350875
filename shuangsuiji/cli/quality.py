"""quality import FILE and quality run --period P: reported figures and the data-quality rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import CliError, end_progress, progress_printer, resolve_actor, setup_django, usage_error


def register(subparsers: Any) -> None:
    quality = subparsers.add_parser("quality", help="import reported figures and run the data-quality rules")
    commands = quality.add_subparsers(dest="quality_command", metavar="SUBCOMMAND")
    commands.required = True
    imp = commands.add_parser("import", help="import reported figures (long or wide form) from .xlsx/.xls/.csv")
    imp.add_argument("file", type=Path)
    imp.add_argument("--bureau", metavar="CODE", help="bureau whose units the figures belong to")
    imp.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    imp.add_argument("--skip-invalid", action="store_true", help="import the good rows, write the bad ones aside")
    imp.add_argument("--user", help="platform user recorded as the actor (default: cli:<login>)")
    imp.set_defaults(func=cmd_import)
    run = commands.add_parser("run", help="run the rules for one period and store the findings")
    run.add_argument("--period", required=True, help="2026-10 (month), 2026Q3 (quarter) or 2026 (year)")
    run.add_argument("--bureau", metavar="CODE")
    run.add_argument("--user", help="platform user recorded as the actor (default: cli:<login>)")
    run.set_defaults(func=cmd_run)


def _bureau(code: str | None) -> Any:
    from shuangsuiji.cli.tables import _bureau as find

    return find(code)


def cmd_import(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise usage_error(f"file not found: {args.file}")
    setup_django()
    from shuangsuiji.cli.tables import _print_report
    from shuangsuiji.core.imports import ImportOptions
    from shuangsuiji.core.jobs import Progress
    from shuangsuiji.quality.services.imports import import_reported_values

    bureau = _bureau(args.bureau)
    actor = resolve_actor(args.user)
    options = ImportOptions(
        dry_run=args.dry_run,
        skip_invalid=args.skip_invalid,
        rejected_path=args.file.with_name(args.file.stem + ".rejected.csv"),
    )
    progress = Progress(None, progress_printer("import figures"))
    report = import_reported_values(actor=actor, bureau=bureau, path=args.file, options=options, progress=progress)
    end_progress()
    _print_report(report, bureau.name)
    if report.fatal:
        raise CliError(report.fatal)
    if report.error_count and (args.dry_run or not report.written):
        return 1
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.domain.quality.periods import PeriodError, parse_period
    from shuangsuiji.quality.services.runs import run_quality

    try:
        parse_period(args.period)
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    bureau = _bureau(args.bureau)
    run = run_quality(
        actor=resolve_actor(args.user),
        bureau=bureau,
        period=args.period,
        echo=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(f"{bureau.name} {run.period}: {run.finding_count} findings stored in {run.seconds:.1f}s (run #{run.pk})")
    from shuangsuiji.quality.selectors import summary

    for label, family, count, _ in summary(bureau.pk, run.period)["by_rule"]:
        print(f"  {family} / {label}: {count}")
    return 0
