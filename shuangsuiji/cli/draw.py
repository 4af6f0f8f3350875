"""draw run / draw verify: DSR-1 from files, without the platform's database (fast to start, fit for scripts).

Other command modules add subcommands to the same `draw` group with `add_draw_subcommand` (e.g. `draw export`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from shuangsuiji import __version__
from shuangsuiji.cli.base import CliError, usage_error

_GROUP: dict[str, Any] = {}


def register(subparsers: Any) -> None:
    draw = subparsers.add_parser("draw", help="run or verify a DSR-1 draw from files")
    commands = draw.add_subparsers(dest="draw_command", metavar="SUBCOMMAND")
    commands.required = True
    _GROUP["commands"] = commands
    run = commands.add_parser("run", help="run a draw and write RESULT.json")
    run.add_argument("--frame", type=Path, required=True, help="FRAME.csv with header id,stratum (any row order)")
    run.add_argument("--params", type=Path, required=True, help="PARAMS.json (the DSR-1 params object)")
    run.add_argument("--draw-id", required=True)
    run.add_argument(
        "--seed-input",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a public random input named in seed_fields, e.g. dice=27182818284590452353",
    )
    run.add_argument("--inspectors", type=Path, help="INSPECTORS.csv with header id")
    run.add_argument("--conflicts", type=Path, help="CONFLICTS.csv with header inspector_id,unit_id")
    run.add_argument("--out", type=Path, required=True, help="where to write RESULT.json")
    run.set_defaults(func=cmd_run, exit_at_once=True)
    verify = commands.add_parser("verify", help="recompute a RESULT.json and report every difference")
    verify.add_argument("result", type=Path, metavar="RESULT.json")
    verify.add_argument("--frame", type=Path, required=True)
    verify.add_argument("--inspectors", type=Path)
    verify.add_argument("--conflicts", type=Path)
    verify.set_defaults(func=cmd_verify, exit_at_once=True)


def add_draw_subcommand(subparsers: Any, name: str, configure: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `draw NAME` (registered by another command module after this one)."""
    commands = _GROUP.get("commands")
    if commands is None:
        register(subparsers)
        commands = _GROUP["commands"]
    configure(commands.add_parser(name, help=f"draw {name}"))


def _lines(path: Path, header: str) -> Iterator[list[str]]:
    if not path.exists():
        raise usage_error(f"file not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline().strip()
        expected = header.split(",")
        found = [c.strip() for c in first.split(",")]
        if found[: len(expected)] != expected:
            raise CliError(f"{path}: the first line must be the header {header!r}, found {first!r}")
        for number, line in enumerate(handle, start=2):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cells = line.split(",")
            if len(cells) < len(expected) or (len(expected) == 2 and len(cells) != 2):
                raise CliError(f"{path}: line {number} must have {len(expected)} fields: {line!r}")
            yield cells


def read_frame(path: Path) -> Iterator[tuple[str, str]]:
    """(id, stratum) rows of FRAME.csv — a tight loop, since frames hold millions of lines."""
    if not path.exists():
        raise usage_error(f"file not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline().strip()
        if [c.strip() for c in first.split(",")][:2] != ["id", "stratum"]:
            raise CliError(f"{path}: the first line must be the header 'id,stratum', found {first!r}")
        for number, line in enumerate(handle, start=2):
            cells = line.rstrip("\r\n").split(",")
            if len(cells) != 2:
                if not line.strip():
                    continue
                raise CliError(f"{path}: line {number} must have 2 fields (id,stratum): {line.strip()!r}")
            yield cells[0], cells[1]


def load_frame(path: Path, seed_of: Callable[[str], str] | None = None) -> Any:
    """The frame of FRAME.csv: a canonical file is taken as it is (fast; hashed under the draw's seed as it is read
    when `seed_of` gives it); any other is read row by row, validated, normalised and sorted."""
    from shuangsuiji.domain.draw.frame import build_frame, read_frame_file

    if not path.exists():
        raise usage_error(f"file not found: {path}")
    return read_frame_file(str(path), seed_of=seed_of) or build_frame(read_frame(path))


def read_inspectors(path: Path | None) -> list[str] | None:
    return None if path is None else [cells[0] for cells in _lines(path, "id")]


def read_conflicts(path: Path | None) -> set[tuple[str, str]]:
    return (
        set()
        if path is None
        else {(cells[0].strip(), cells[1].strip()) for cells in _lines(path, "inspector_id,unit_id")}
    )


def _json(path: Path) -> Any:
    if not path.exists():
        raise usage_error(f"file not found: {path}")
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON: {exc}") from None


def _seed_inputs(pairs: list[str]) -> dict[str, str]:
    inputs = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise usage_error(f"--seed-input must look like NAME=VALUE, got {pair!r}")
        inputs[name.strip()] = value.strip()
    return inputs


def cmd_run(args: argparse.Namespace) -> int:
    from shuangsuiji.domain.draw import DrawInputError
    from shuangsuiji.domain.draw.engine import draw_with_text, seed_of

    params = _json(args.params)
    seed_inputs = _seed_inputs(args.seed_input)
    try:
        seed = seed_of(params, draw_id=args.draw_id, seed_inputs=seed_inputs)
        result, chunks = draw_with_text(
            load_frame(args.frame, seed),
            params,
            draw_id=args.draw_id,
            seed_inputs=seed_inputs,
            inspectors=read_inspectors(args.inspectors),
            conflicts=read_conflicts(args.conflicts),
            software_version=__version__,
        )
    except DrawInputError as exc:
        raise CliError(str(exc)) from None
    # Compact JSON (one line), serialised once by the engine; pretty-print it to read it.
    with args.out.open("w", encoding="utf-8") as out:
        out.writelines(chunks)
        out.write("\n")
    selected = len(result["targets"])
    print(
        f"draw {result['draw_id']}: {result['frame_count']} units in {len(result['strata'])} strata, {selected} "
        f"selected, {len(result['groups'])} groups; seed sha256 {result['seed_sha256']}; wrote {args.out}"
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from shuangsuiji.domain.draw import DrawInputError, verify_result

    result = _json(args.result)
    if not isinstance(result, dict):
        raise CliError(f"{args.result} does not hold a draw result object")
    try:
        frame = load_frame(args.frame)
    except DrawInputError as exc:
        raise CliError(str(exc)) from None
    problems = verify_result(result, frame, read_inspectors(args.inspectors), read_conflicts(args.conflicts))
    if problems:
        for problem in problems:
            print(f"DIFFERENCE: {problem}")
        print(f"FAILED: {len(problems)} difference(s) found", file=sys.stderr)
        return 1
    print(
        f"OK draw {result['draw_id']}: {result.get('frame_count')} units, {len(result['targets'])} targets, "
        f"{len(result.get('substitutions', []))} substitutions, result sha256 {result['result_sha256']}"
    )
    return 0
