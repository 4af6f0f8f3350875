"""DSR-1 draws of 100,000, 1,000,000 and 10,000,000 synthetic units (USCC-shaped ids, 4 risk classes, 200
strata, ratios 1% / 3% / 5% / 20%, 2 reserves per stratum, 30 inspectors in groups of 2).

For each size: wall time and peak memory of `shuangsuiji draw run` (a separate process each time, so the peak is
its own; on a machine with several CPUs the engine forks helpers, and the time in one process is printed too), and
in the same run (a) a bare loop computing hashlib.sha256 once per id — the floor for a portable
verifiable draw in Python — (b) consistent_sampler over the same frame, stratum by stratum (1,000,000 only), and
(c) the standalone verifier on the 1,000,000-unit result.
Targets: 1M draw within 2.5x of the bare loop and at least 3x faster than consistent_sampler; 10M under 1.5 GB;
1M verification within 3x of the bare loop.

Options: --quick (skip 10M), --sizes=100000,1000000
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "draw"
ROOT = HERE.parent
PARAMS = {
    "algorithm": "DSR-1",
    "ratios": {"A": [1, 100], "B": [3, 100], "C": [5, 100], "D": [20, 100]},
    "minimum_per_stratum": 0,
    "reserve_per_stratum": 2,
    "group_size": 2,
    "seed_fields": ["draw_id", "frame_sha256", "params_sha256", "dice"],
}


def frame_file(size: int) -> Path:
    """A canonical frame (ids in byte order): 91 + 6-digit region + 10 digits; stratum = risk/industry."""
    path = OUT / f"frame-{size}.csv"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    per_region = size // 100
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,stratum\n")
        for region in range(100):
            lines = []
            for j in range(per_region):
                n = region * per_region + j
                lines.append(
                    f"91{140501 + region:06d}{(n * 7919) % 10**10:010d},{'ABCD'[n * 31 % 97 % 4]}/{n % 50 + 10:02d}\n"
                )
            handle.writelines(sorted(lines))
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(command: list[str], **env: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=ROOT, env={**os.environ, **env} if env else None
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed: {result.stderr[-2000:]}")
    return time.perf_counter() - started


def bare_loop(path: Path) -> float:
    ids = [line.split(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    started = time.perf_counter()
    for unit_id in ids:
        hashlib.sha256(unit_id.encode()).hexdigest()
    return time.perf_counter() - started


def sampler_time(path: Path, result: dict) -> float:
    from consistent_sampler import sampler

    by_stratum: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        unit_id, stratum = line.split(",")
        by_stratum.setdefault(stratum, []).append(unit_id)
    started = time.perf_counter()
    for code, ids in by_stratum.items():
        take = result["strata"][code]["n"] + PARAMS["reserve_per_stratum"]
        list(sampler(ids, seed=result["seed_string"], take=min(take, len(ids)), output="id"))
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    sizes = [100_000, 1_000_000, 10_000_000]
    for arg in argv:
        if arg.startswith("--sizes="):
            sizes = [int(s) for s in arg.split("=", 1)[1].split(",")]
    if "--quick" in argv:
        sizes = [s for s in sizes if s < 10_000_000]
    OUT.mkdir(parents=True, exist_ok=True)
    params, inspectors = OUT / "params.json", OUT / "inspectors.csv"
    params.write_text(json.dumps(PARAMS), encoding="utf-8")
    inspectors.write_text("id\n" + "".join(f"ZF{i:03d}\n" for i in range(30)), encoding="utf-8")
    cli = [sys.executable, "-m", "shuangsuiji.cli"]
    for size in sorted(sizes):
        path = frame_file(size)
        out = OUT / f"result-{size}.json"
        command = [
            *cli,
            "draw",
            "run",
            "--frame",
            str(path),
            "--params",
            str(params),
            "--draw-id",
            f"BENCH-{size}",
            "--seed-input",
            "dice=31415926535897932384",
            "--inspectors",
            str(inspectors),
            "--out",
            str(out),
        ]
        seconds = run(command)
        peak = peak_mb()
        bare = bare_loop(path)
        single = run(command, SHUANGSUIJI_DRAW_PROCESSES="1") if size <= 1_000_000 else None
        print(
            f"{size:>11,} units: draw run {seconds:6.2f}s, peak {peak:7.0f} MB | bare sha256 loop {bare:5.2f}s | "
            f"ratio {seconds / bare:5.2f}x (target <= 2.5x at 1M)",
            flush=True,
        )
        if single is not None:
            print(
                f"{'':>18}in one process (SHUANGSUIJI_DRAW_PROCESSES=1): {single:6.2f}s, {single / bare:5.2f}x",
                flush=True,
            )
        if size == 1_000_000:
            result = json.loads(out.read_text(encoding="utf-8"))
            sampler = sampler_time(path, result)
            print(
                f"{'':>18}consistent_sampler {sampler:6.2f}s -> draw run is {sampler / seconds:4.2f}x faster "
                "(target >= 3x)",
                flush=True,
            )
            verify = run(
                [
                    sys.executable,
                    str(ROOT / "shuangsuiji" / "verifier" / "verify_draw.py"),
                    str(out),
                    "--frame",
                    str(path),
                    "--inspectors",
                    str(inspectors),
                ]
            )
            print(
                f"{'':>18}standalone verifier {verify:5.2f}s -> {verify / bare:4.2f}x the bare loop (target <= 3x)",
                flush=True,
            )
        if size == 10_000_000:
            print(f"{'':>18}peak memory {peak:.0f} MB (target < 1536 MB)")
