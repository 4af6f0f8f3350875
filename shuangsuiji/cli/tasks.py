"""task list, task show, and draw export (the verification kit of a task's draw)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shuangsuiji.cli.base import CliError, setup_django, usage_error


def register(subparsers: Any) -> None:
    task = subparsers.add_parser("task", help="list and show inspection tasks")
    commands = task.add_subparsers(dest="task_command", metavar="SUBCOMMAND")
    commands.required = True
    listing = commands.add_parser("list", help="all tasks (newest first)")
    listing.add_argument(
        "--json", action="store_true", help="a JSON list of objects with id, name, status, draw_status"
    )
    listing.add_argument("--bureau", metavar="CODE", help="only this bureau")
    listing.set_defaults(func=cmd_list)
    show = commands.add_parser("show", help="one task with its draw, targets and groups")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
    from shuangsuiji.cli.draw import add_draw_subcommand

    add_draw_subcommand(subparsers, "export", _export_parser)


def _export_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = "write DIR/RESULT.json and DIR/frame.csv (+ inspectors.csv, conflicts.csv) of a task's draw"
    parser.add_argument("task_id", type=int, metavar="TASK_ID")
    parser.add_argument("dir", type=Path, metavar="DIR")
    parser.set_defaults(func=cmd_export)


def _rows(bureau: str | None) -> list[dict[str, Any]]:
    from shuangsuiji.tasks.models import Draw, Task

    tasks = Task.objects.select_related("bureau").order_by("-year", "-number")
    if bureau:
        tasks = tasks.filter(bureau__code=bureau)
    draws = {d.task_id: d for d in Draw.objects.exclude(status="cancelled")}
    return [
        {
            "id": t.pk,
            "code": t.code,
            "name": t.name,
            "bureau": t.bureau.code,
            "kind": t.kind,
            "status": t.status,
            "draw_status": draws[t.pk].status if t.pk in draws else None,
            "draw_id": draws[t.pk].draw_id if t.pk in draws else None,
        }
        for t in tasks
    ]


def cmd_list(args: argparse.Namespace) -> int:
    setup_django()
    rows = _rows(args.bureau)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(
            f"{row['id']:>5}  {row['code']:<18} {row['status']:<11} draw: {row['draw_status'] or '-':<10} {row['name']}"
        )
    if not rows:
        print("no tasks")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.tasks.models import Task

    task = Task.objects.select_related("bureau").filter(pk=args.id).first()
    if task is None:
        raise CliError(f"no task with id {args.id}")
    info = _details(task)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1, default=str))
        return 0
    print(f"{info['code']}  {info['name']}  [{info['status']}]")
    print(f"bureau {info['bureau']}  period {info['period_start']} – {info['period_end']}  kind {info['kind']}")
    draw = info["draw"]
    if draw:
        print(
            f"draw {draw['draw_id']} [{draw['status']}] frame {draw['frame_count']} units sha256 {draw['frame_sha256']}"
        )
    for target in info["targets"]:
        print(f"  {target['kind']:<8} {target['frame_id']}  {target['name']}  groups {target['groups']}")
    return 0


def _details(task: Any) -> dict[str, Any]:
    from shuangsuiji.tasks.models import Draw

    draw = task.draws.exclude(status=Draw.Status.CANCELLED).first()
    targets = (
        task.targets.filter(kind__in=["random", "directed"])
        .select_related("unit")
        .prefetch_related("assignments__group")
        .order_by("kind", "ticket_order")
    )
    return {
        "id": task.pk,
        "code": task.code,
        "name": task.name,
        "bureau": task.bureau.code,
        "kind": task.kind,
        "status": task.status,
        "period_start": task.period_start,
        "period_end": task.period_end,
        "draw": None
        if draw is None
        else {
            "draw_id": draw.draw_id,
            "status": draw.status,
            "frame_count": draw.frame_count,
            "frame_sha256": draw.frame_sha256,
            "result_sha256": draw.result_sha256,
        },
        "targets": [
            {
                "kind": t.kind,
                "state": t.state,
                "frame_id": t.frame_id,
                "name": t.unit.name,
                "groups": [a.group.index for a in t.assignments.all()],
            }
            for t in targets
        ],
    }


def cmd_export(args: argparse.Namespace) -> int:
    setup_django()
    from shuangsuiji.tasks.exports import export_draw
    from shuangsuiji.tasks.models import Draw, Task

    task = Task.objects.filter(pk=args.task_id).first()
    if task is None:
        raise usage_error(f"no task with id {args.task_id}")
    draw = task.draws.exclude(status=Draw.Status.CANCELLED).first()
    if draw is None or not draw.result_file:
        raise CliError(f"task {args.task_id} has no revealed draw to export")
    for path in export_draw(draw, args.dir):
        print(path)
    print(
        f"verify with: shuangsuiji draw verify {args.dir / 'RESULT.json'} --frame {args.dir / 'frame.csv'}"
        + (f" --inspectors {args.dir / 'inspectors.csv'}" if draw.inspector_pool else "")
        + (f" --conflicts {args.dir / 'conflicts.csv'}" if draw.conflicts_count else "")
    )
    return 0
