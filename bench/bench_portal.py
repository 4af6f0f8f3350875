"""The public portal under load: the draw-result page and the results list of the demo county, served by
gunicorn with 2 workers (as `shuangsuiji serve` runs it), loaded from a second process on loopback (wrk when
installed, else bench/_load.py), bounded in time; in the same run the same load on a trivial constant view (/healthz) of the same server.

Prints requests/s, median and p99 for each. Target: portal pages at least half the throughput of the trivial
view, p99 under 500 ms.

Options: --seconds S (default 10 per URL), --concurrency C (default 8), --pg (PostgreSQL instead of SQLite).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_import import OUT, _option, recreate_pg_database  # noqa: E402

SHUANGSUIJI = [sys.executable, "-m", "shuangsuiji.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(env: dict[str, str]) -> dict[str, str]:
    """Load the demo county (published plan, draw, results) and return the portal URLs to load."""
    subprocess.run([*SHUANGSUIJI, "demo", "--no-serve"], env=env, check=True, cwd=ROOT, capture_output=True)
    code = (
        "import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "from shuangsuiji.publicity.models import Publication as P;"
        "d = P.objects.filter(kind='draw_result', withdrawn_at__isnull=True).first();"
        "print(json.dumps({'draw': f'/public/p/{d.pk}/', 'results': '/public/140522/results/',"
        " 'count': P.objects.filter(kind='result').count()}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wait(url: str) -> None:
    for _ in range(600):  # a loaded machine may take a while to boot gunicorn
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url}")


def _wrk(url: str, seconds: float, concurrency: int) -> dict[str, float]:
    """wrk (C, from Debian's package, installed by `make system-deps`): 2 threads, `concurrency` connections."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{int(seconds)}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = {"errors": 0.0}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            figures["rps"] = float(parts[1])
        elif parts[:1] == ["50%"]:
            figures["p50_ms"] = _ms(parts[1])
        elif parts[:1] == ["99%"]:
            figures["p99_ms"] = _ms(parts[1])
        elif "Non-2xx or 3xx responses:" in line or line.strip().startswith("Socket errors:"):
            figures["errors"] += sum(int(x.strip(",")) for x in parts if x.strip(",").isdigit())
    return figures


def _ms(text: str) -> float:
    for unit, factor in (("ms", 1.0), ("us", 0.001), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def _load(url: str, seconds: float, concurrency: int) -> dict[str, float]:
    if shutil.which("wrk"):
        return _wrk(url, seconds, concurrency)
    out = subprocess.run(
        [sys.executable, str(HERE / "_load.py"), url, str(seconds), str(concurrency)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    seconds = float(_option(argv, "seconds", "10"))
    concurrency = int(_option(argv, "concurrency", "8"))
    env = {**os.environ, "SHUANGSUIJI_VAR_DIR": str(OUT / "var-portal"), "SHUANGSUIJI_SECURE_COOKIES": "0"}
    if "--pg" in argv:
        env["DATABASE_URL"] = recreate_pg_database("ss_bench_portal")
    else:
        env.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm"):
            Path(str(OUT / "var-portal" / "db.sqlite3") + suffix).unlink(missing_ok=True)
    urls = _prepare(env)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*SHUANGSUIJI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait(f"{base}/healthz")
        for path in (urls["draw"], urls["results"]):
            _wait(base + path)  # warm the page cache once
        print(
            f"database: {'PostgreSQL' if '--pg' in argv else 'SQLite'}; {urls['count']} published results; "
            f"{concurrency} connections, {seconds:.0f} s per URL, gunicorn 2 workers × 4 threads"
        )
        trivial = _load(f"{base}/healthz", seconds, concurrency)
        rows = [("trivial /healthz", trivial)]
        for label, path in (("draw result page", urls["draw"]), ("results list", urls["results"])):
            rows.append((label, _load(base + path, seconds, concurrency)))
        for label, figures in rows:
            ratio = figures["rps"] / trivial["rps"] if trivial["rps"] else 0.0
            print(
                f"{label:<18} {figures['rps']:8.1f} req/s | median {figures['p50_ms']:6.1f} ms | "
                f"p99 {figures['p99_ms']:6.1f} ms | errors {int(figures['errors'])} | {ratio:.2f}× the trivial view"
            )
        print("targets: portal pages ≥ 0.5× the trivial view's throughput, p99 < 500 ms")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1:])
