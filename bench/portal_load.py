"""Load test of the portal (issue 14): N concurrent users downloading their own files.

Starts the real ``feedbackcyclus portal`` (Uvicorn) in a subprocess on a throwaway portal
database, makes one account per municipality and employer folder of the newest published
period (up to ``--users``), logs each in once (not timed), then lets every user download
all its files ``--rounds`` times at once, each on its own keep-alive connection. Prints
p50/p95/p99/max latency and throughput; exit 1 when p95 is over ``--p95-ms``.

    .venv/bin/python -m bench.portal_load --reports var/reports --users 50 --rounds 10
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cast(period_dir: Path, users: int) -> list[tuple[str, str, str]]:
    """(user, role, scope) for municipality and employer folders, alternating, up to ``users``."""
    gemeenten = sorted(p.name for p in (period_dir / "gemeenten").iterdir() if p.is_dir())
    werkgevers = sorted(p.name for p in (period_dir / "werkgevers").iterdir() if p.is_dir())
    cast: list[tuple[str, str, str]] = []
    for i in range(max(len(gemeenten), len(werkgevers))):
        if i < len(gemeenten):
            cast.append((f"gemeente-{gemeenten[i]}", "gemeente", gemeenten[i]))
        if i < len(werkgevers):
            cast.append((f"werkgever-{werkgevers[i]}", "werkgever", werkgevers[i]))
    return cast[:users]


def _published_files(period_dir: Path, role: str, scope: str) -> list[str]:
    folder = period_dir / ("gemeenten" if role == "gemeente" else "werkgevers") / scope
    return sorted(p.relative_to(period_dir).as_posix() for p in folder.iterdir() if p.is_file())


def _login(port: int, user: str, password: str) -> str:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    con.request("POST", "/login", urlencode({"gebruiker": user, "wachtwoord": password}),
                {"Content-Type": "application/x-www-form-urlencoded"})
    response = con.getresponse()
    response.read()
    con.close()
    if response.status != 303:
        raise RuntimeError(f"login {user}: {response.status}")
    return response.getheader("set-cookie").split(";", 1)[0]


def _user_load(port: int, cookie: str, targets: list[str], rounds: int, start: threading.Barrier,
               latencies: list[float], errors: list[str]) -> None:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start.wait()
    for _ in range(rounds):
        for target in targets:
            began = time.perf_counter()
            con.request("GET", target, headers={"Cookie": cookie})
            response = con.getresponse()
            body = response.read()
            latencies.append(time.perf_counter() - began)
            if response.status != 200 or not body:
                errors.append(f"{target}: {response.status}")
    con.close()


def run(reports: Path, users: int, rounds: int, workers: int = 1) -> dict:
    reports = reports.resolve()
    periods = sorted(p.name for p in reports.iterdir() if p.is_dir() and len(p.name) == 7 and p.name[4] == "-")
    if not periods:
        raise SystemExit(f"geen gepubliceerde periode in {reports}; draai eerst make run")
    period = periods[-1]
    cast = _cast(reports / period, users)
    with tempfile.TemporaryDirectory(prefix="fbc-portal-load-") as tmp:
        state = Path(tmp)
        config = state / "feedbackcyclus.toml"
        config.write_text(f'state_dir = "{state}"\nreports = "{reports}"\n[portal]\ndatabase = "{state}/portal.sqlite3"\n',
                          encoding="utf-8")
        from feedbackcyclus.portal_database import open_engine
        from feedbackcyclus.settings import load_settings
        from portal.accounts import add_account

        engine = open_engine(str(state / "portal.sqlite3"))
        password = secrets.token_urlsafe(18)
        for user, role, scope in cast:
            add_account(engine, user, role, scope, password)
        engine.dispose()
        load_settings(config)  # fail early on a bad config
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "flows.cli", "--config", str(config), "portal", "--port",
                                   str(port), "--reports", str(reports), "--workers", str(workers)], stdout=subprocess.DEVNULL,
                                  env={**os.environ, "FEEDBACKCYCLUS_STATE_DIR": str(state)})
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("portal did not start") from None
                    time.sleep(0.2)
            cookies = [_login(port, user, password) for user, _, _ in cast]
            latencies: list[float] = []
            errors: list[str] = []
            barrier = threading.Barrier(len(cast))
            threads = [threading.Thread(target=_user_load, args=(
                port, cookie, [f"/perioden/{period}/{f}" for f in _published_files(reports / period, role, scope)],
                rounds, barrier, latencies, errors)) for cookie, (_, role, scope) in zip(cookies, cast, strict=True)]
            began = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"period": period, "users": len(cast), "workers": workers, "requests": len(latencies), "errors": len(errors),
            "wall_s": round(wall, 2), "requests_per_s": round(len(latencies) / wall, 1),
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": round(1000 * ordered[-1], 1),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", default="var/reports")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--p95-ms", type=float, default=200.0)
    parser.add_argument("--workers", type=int, default=1, help="server processes (feedbackcyclus portal --workers)")
    args = parser.parse_args(argv)
    result = run(Path(args.reports), args.users, args.rounds, args.workers)
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 and result["p95_ms"] < args.p95_ms else 1


if __name__ == "__main__":
    sys.exit(main())
