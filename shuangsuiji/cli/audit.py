"""audit verify: walk the audit chains (全过程记录) and report OK or the first event edited, deleted or inserted out
of order (exit 1); audit head: print a bureau's chain head as JSON for publication."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import CliError, setup_django, usage_error


def register(subparsers: Any) -> None:
    audit = subparsers.add_parser("audit", help="verify the tamper-evident audit chains")
    commands = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND")
    commands.required = True
    verify = commands.add_parser("verify", help="walk each bureau's chain; exit 1 at the first break")
    verify.add_argument("--bureau", metavar="CODE", help="only this bureau (6-digit 区划代码)")
    verify.add_argument(
        "--published", type=Path, metavar="HEAD.json", help="also check a head exported earlier is still in the chain"
    )
    verify.set_defaults(func=cmd_verify)
    head = commands.add_parser("head", help="print a bureau's chain head as JSON")
    head.add_argument("--bureau", metavar="CODE", required=True)
    head.set_defaults(func=cmd_head)


def _bureau(code: str) -> Any:
    from shuangsuiji.organisations.selectors import bureau_by_code

    bureau = bureau_by_code(code)
    if bureau is None:
        raise usage_error(f"no bureau with code {code!r}")
    return bureau


def _published(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"bureau_code": str(data["bureau_code"]), "seq": int(data["seq"]), "hash": str(data["hash"])}
    except FileNotFoundError:
        raise usage_error(f"file not found: {path}") from None
    except (ValueError, KeyError, TypeError):
        raise CliError(f"{path}: not a chain head exported by `audit head` (needs bureau_code, seq, hash)") from None


def cmd_verify(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.core.integrity import compare_with_published, verify_chain
    from shuangsuiji.organisations.models import Bureau

    bureau = _bureau(args.bureau) if args.bureau else None
    reports = verify_chain(bureau.pk if bureau else None)
    codes = dict(Bureau.objects.values_list("pk", "code"))
    failed = 0
    for report in reports:
        code = codes.get(report.bureau_id, str(report.bureau_id))
        if report.problem is None:
            print(f"{code}  OK    {report.event_count} events, head #{report.head_seq} {report.head_hash}")
            continue
        failed += 1
        row = f" (row id {report.problem.row_id})" if report.problem.row_id else ""
        print(f"{code}  FAIL  at event #{report.problem.seq}{row}: {report.problem.reason}")
    if args.published:
        head = _published(args.published)
        difference = compare_with_published(_bureau(head["bureau_code"]).pk, head["seq"], head["hash"])
        print(
            f"{head['bureau_code']}  {'OK' if difference is None else 'FAIL'}  published head #{head['seq']}"
            + (f": {difference}" if difference else "")
        )
        failed += difference is not None
    if not reports:
        print("no audit events")
    return 1 if failed else 0


def cmd_head(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.core.integrity import export_head

    print(json.dumps(export_head(_bureau(args.bureau)), ensure_ascii=False, indent=1))
    return 0
