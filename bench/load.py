"""The site under load, and under load while its Redis stops: 50 connections for 60 s on the home page, a news page
and an open event page, served by gunicorn with 2 workers and the production settings.

Run: .venv/bin/python bench/load.py [--duration 60] [--connections 50] [--workers 2]
     .venv/bin/python bench/load.py --quick          (20 s per run)
     (needs PostgreSQL at 127.0.0.1:5432, user postgres with trust auth, Debian's redis-server and wrk; the database
     named, cep_bench_load by default, is dropped and created at the start and left behind to look at.)

The site is built as a deployment is (migrate, the demo content, collectstatic), with a Redis server of its own on a
free port as cache and broker, so that stopping it touches nothing else. wrk drives the three pages in turn, as new
visitors behind the TLS proxy; a Lua hook notes the second of every answer that is not 2xx/3xx.

1. "steady": the whole run with Redis up. Target: no error, p95 under 500 ms.
2. "Redis stopped halfway": Redis is stopped (SIGTERM) in the middle of the run and stays down. Errors are allowed
   only in the seconds it takes to stop; after that every page must be served (from the database, uncached), and
   /healthz/ must say 503. Then Redis starts again and the site must use it once more (the parts of pages it keeps
   written there again, /healthz/ 200) without a restart.
Straight to gunicorn, with no edge cache in front: every request renders its page, the worst case of a deployment.
Exit status 0 when both targets are met, 1 otherwise.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import redis

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.pages import GUNICORN, WRK, database_recreate, fetch, free_port, gunicorn_start, production_env  # noqa: E402
from tests.processes import stop  # noqa: E402

P95_TARGET_MS = 500
# The seconds around the stop in which errors are allowed: Redis closing its connections mid-request.
STOPPING_SECONDS = 2
# wrk: the three paths in turn; the second (Unix time) of each answer that is not 2xx/3xx, appended to a file.
WRK_SCRIPT = """
local paths = {}
local counter = 0
local log = nil
init = function(args)
  for index = 2, #args do paths[#paths + 1] = args[index] end
  log = io.open(args[1], "a")
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
response = function(status, headers, body)
  if status >= 400 then log:write(os.time(), " ", status, "\\n"); log:flush() end
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d non_2xx_3xx=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def open_event_path() -> str:
    """An event taking registrations now, as the demo has one."""
    from django.utils import timezone

    from events.models import EventPage

    event = (
        EventPage.objects.live()
        .public()
        .filter(takes_registrations=True, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    assert event is not None, "the demo content has no event open for registration"
    return urlsplit(event.get_url()).path


def site_build() -> list[str]:
    import io

    from django.core.management import call_command
    from django.db import connection

    from news.models import NewsPage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("collectstatic", "--noinput", verbosity=0)
    news = NewsPage.objects.live().public().order_by("-date").first()
    paths = ["/", urlsplit(news.get_url()).path, open_event_path()]
    connection.close()
    return paths


def redis_start(port: int, log: Path) -> subprocess.Popen:
    command = [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    command += ["no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]
    with log.open("ab") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    time.sleep(0.5)
    return process


def wrk_run(base: str, paths: list[str], seconds: int, connections: int, work: Path, errors_log: Path) -> dict:
    script = work / "load.lua"
    script.write_text(WRK_SCRIPT)
    command = [WRK, "--latency", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script)]
    command += [base + paths[0], "--", str(errors_log), *paths]
    started = time.time()
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 120).stdout  # noqa: S603
    report = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = {key: int(value) for key, value in (field.split("=") for field in report.split()[1:])}
    return {
        "started": started,
        "requests": figures["requests"],
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "errors": figures["non_2xx_3xx"] + figures["socket_errors"],
        "socket_errors": figures["socket_errors"],
    }


def error_seconds(errors_log: Path) -> list[int]:
    if not errors_log.exists():
        return []
    return [int(line.split()[0]) for line in errors_log.read_text().splitlines() if line.strip()]


def healthz(port: int) -> int:
    try:
        return fetch(port, "/healthz/").status
    except OSError:
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--quick", action="store_true", help="20 s per run")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cep_bench_load")
    args = parser.parse_args()
    if args.quick:
        args.duration = 20

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {**production_env(work, database_url=args.database_url, redis_url=redis_url), "DJANGO_LOG_LEVEL": "ERROR"}
    os.environ.update(env)
    database_recreate(args.database_url)
    redis_process = redis_start(redis_port, work / "redis.log")

    import django

    django.setup()
    paths = site_build()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = gunicorn_start(env, args.workers, port, work / "gunicorn.log")
    results, checks = {}, {}
    try:
        for path in paths:  # each page once, so the steady run measures the site as visitors find it
            fetch(port, path)
        steady_log = work / "errors-steady.log"
        results["steady"] = wrk_run(base, paths, args.duration, args.connections, work, steady_log)

        outage_log = work / "errors-outage.log"
        stopped_at = {}

        def stop_redis_halfway():
            time.sleep(args.duration / 2)
            stopped_at["time"] = time.time()
            stop(redis_process, grace=10)
            stopped_at["done"] = time.time()

        stopper = threading.Thread(target=stop_redis_halfway)
        stopper.start()
        results["outage"] = wrk_run(base, paths, args.duration, args.connections, work, outage_log)
        stopper.join()
        time.sleep(3)  # the requests wrk left queued are answered first: the check's own time, not the queue's
        started = time.monotonic()
        checks["healthz while down"] = healthz(port)
        checks["healthz seconds"] = time.monotonic() - started
        seconds = error_seconds(outage_log)
        window_end = stopped_at["done"] + STOPPING_SECONDS
        checks["errors before the stop"] = sum(1 for second in seconds if second < int(stopped_at["time"]))
        checks["errors while stopping"] = sum(
            1 for second in seconds if int(stopped_at["time"]) <= second <= int(window_end)
        )
        checks["errors after"] = sum(1 for second in seconds if second > int(window_end))

        redis_process = redis_start(redis_port, work / "redis.log")
        deadline = time.monotonic() + 15
        while healthz(port) != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        checks["healthz after Redis is back"] = healthz(port)
        # Each worker asks Redis again a few seconds after its last failure (core/redis_cache.py), and writes the parts
        # of pages it keeps there again.
        restarted = redis.Redis(port=redis_port)
        deadline = time.monotonic() + 15
        while not (fetch(port, paths[0]) and restarted.dbsize()) and time.monotonic() < deadline:
            time.sleep(0.2)
        checks["cache used again"] = restarted.dbsize() > 0
    finally:
        stop(server)
        stop(redis_process, grace=5)

    steady, outage = results["steady"], results["outage"]
    steady_met = steady["errors"] == 0 and steady["p95_ms"] < P95_TARGET_MS
    outage_met = (
        checks["errors before the stop"] == 0
        and checks["errors after"] == 0
        and outage["socket_errors"] == 0
        and checks["healthz while down"] == 503
        and checks["healthz after Redis is back"] == 200
        and checks["cache used again"]
    )
    gunicorn_version = subprocess.run([str(GUNICORN), "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    print(
        f"\nMachine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
        f"{gunicorn_version.stdout.strip()} with {args.workers} sync workers, production settings, PostgreSQL and "
        f"Redis on loopback; wrk -t1 -c{args.connections}, {args.duration} s per run over {', '.join(paths)}; "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    print("| run | requests | requests/s | p50 ms | p95 ms | errors | target met |")
    print("|---|---|---|---|---|---|---|")
    for name, result, met in (("steady", steady, steady_met), ("Redis stopped halfway", outage, outage_met)):
        row = [name, str(result["requests"]), f"{result['rps']:.0f}", f"{result['p50_ms']:.1f}"]
        row += [f"{result['p95_ms']:.1f}", str(result["errors"]), "yes" if met else "no"]
        print("| " + " | ".join(row) + " |")
    print(
        f"\nRedis stopped halfway: {checks['errors before the stop']} errors before the stop, "
        f"{checks['errors while stopping']} while it stopped, {checks['errors after']} after; /healthz/ answered "
        f"{checks['healthz while down']} in {checks['healthz seconds'] * 1000:.0f} ms while it was down, and "
        f"{checks['healthz after Redis is back']} once it was back; cache used again without a restart: "
        f"{'yes' if checks['cache used again'] else 'no'}."
    )
    print(f"Targets: steady, no error and p95 < {P95_TARGET_MS} ms; with Redis stopped, errors only while it stops.")
    print(f"Logs: {work}")
    return 0 if steady_met and outage_met else 1


if __name__ == "__main__":
    sys.exit(main())
