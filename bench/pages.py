"""Requests per second and p50/p95 latency of seven public pages, served by gunicorn with the production settings,
straight from web and through the edge cache (Varnish, as compose's `proxy`), and the time a publish takes to show.

Run: .venv/bin/python bench/pages.py [--duration 10] [--connections 8] [--warmup 2] [--workers 2]
     .venv/bin/python bench/pages.py --quick          (3 s per measurement)
     (needs PostgreSQL at 127.0.0.1:5432, user postgres with trust auth, Redis at 127.0.0.1:6379, Debian's wrk and
     varnish;
     --database-url and --redis-url point elsewhere. The database named, cep_bench_pages by default, is dropped and
     created at the start and left behind to look at; the Redis database, 9 by default, is flushed.)

The site is built as a deployment is: migrate, `manage.py load_demo_content`, `manage.py collectstatic`. Then
`gunicorn cep_site.wsgi -w 2` runs on loopback with the production settings and persistent database connections
(DATABASE_CONN_MAX_AGE=60), and deploy/varnish-start.sh starts Debian's Varnish in front of it with
deploy/varnish.vcl, web purging it as in compose. "web": each page straight from gunicorn, rendered at every request
(menus, listings and routes come from Redis); `wrk -t1 -c8`. "edge": through Varnish, each page requested once
before and its second answer checked for `X-Cache: hit`; `wrk -t2 -c32`, the many visitors a proxy serves. The
pages: home, news index, a news page, event index, an event page, a topic page and a search, each with a new
visitor's requests (no cookies, the TLS proxy's `X-Forwarded-Proto: https`), a warm-up discarded, then one
measurement; p50 and p95 come from wrk's own latency histogram (a Lua `done` hook). wrk shares the two cores with
gunicorn and Varnish. Then a news page is published, as an editor does, and the news index fetched through Varnish
at once: the time from the publish to the new title on the page is printed.
Targets (the deployment issue, a 2-core machine): from web home >= 80 requests/s, the others >= 110; through the
edge every page >= 20,000; the publish on the next request. Any answer other than 2xx/3xx, or a socket error or
timeout (30 s), is shown in the table and the page misses its target. Exit status 0 when every target is met.
"""

import argparse
import http.client
import io
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from tests.processes import stop  # noqa: E402

VARNISH_START = BASE_DIR / "deploy" / "varnish-start.sh"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
WRK = "/usr/bin/wrk"
SEARCH_PATH = "/search/?q=probation"
WEB_TARGETS = {"home": 80}
WEB_TARGET = 110
EDGE_TARGET = 20_000
# wrk's summary in one line this script reads: latencies in microseconds, `status` counts non-2xx/3xx answers.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d non_2xx_3xx=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def production_env(work: Path, *, database_url: str, redis_url: str) -> dict[str, str]:
    """The environment of a deployment on loopback, with persistent database connections; files under `work`."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "cep_site.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "DJANGO_STATIC_ROOT": str(work / "staticfiles"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
    }


def database_recreate(database_url: str) -> None:
    """Drop and create the bench database, from the server's maintenance database."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def site_build() -> dict[str, str]:
    """Migrate, load the demo content and collect the static files; the paths of the pages to measure, by name."""
    from django.core.management import call_command
    from django.db import connection

    from events.models import EventIndexPage, EventPage
    from news.models import NewsIndexPage, NewsPage
    from topics.models import TopicPage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("collectstatic", "--noinput", verbosity=0)

    def path(model) -> str:
        page = model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo content has no live {model.__name__}"
        return urlsplit(page.get_url()).path

    paths = {
        "home": "/",
        "news index": path(NewsIndexPage),
        "news page": path(NewsPage),
        "event index": path(EventIndexPage),
        "event page": path(EventPage),
        "topic page": path(TopicPage),
        "search": SEARCH_PATH,
    }
    connection.close()  # gunicorn's workers open their own
    return paths


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str) -> http.client.HTTPResponse:
    """One GET as a new visitor behind the TLS-terminating proxy; redirects are not followed. The body is left on
    the answer as `text`."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = client.getresponse()
        response.text = response.read().decode()
        return response
    finally:
        client.close()


def healthy(port: int) -> bool:
    try:
        return fetch(port, "/healthz/").status == 200
    except OSError:
        return False


def started_healthy(
    name: str, command: list[str], env: dict[str, str], port: int, log: Path, *, timeout: float
) -> subprocess.Popen:
    """Starts `command`, logging to `log`, and waits for /healthz/ to answer 200 on `port`; exits if it never does."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + timeout
    while not healthy(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            sys.exit(f"{name} did not answer /healthz/ with 200:\n{log.read_text()}")
        time.sleep(0.2)
    return process


def gunicorn_start(env: dict[str, str], workers: int, port: int, log: Path) -> subprocess.Popen:
    # No control socket: its default path is shared by every gunicorn on the machine, this one's included.
    command = [str(GUNICORN), "cep_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--no-control-socket"]
    return started_healthy("gunicorn", command, env, port, log, timeout=60)


def varnish_start(web_port: int, http_port: int, purge_port: int, work: Path) -> subprocess.Popen:
    workdir = work / "varnish"
    workdir.mkdir()
    work.chmod(0o755)  # Varnish's compiler runs as a user of its own
    env = {
        "PATH": f"{os.environ['PATH']}:/usr/sbin",
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(web_port),
        "VARNISH_HTTP_PORT": str(http_port),
        "VARNISH_PURGE_PORT": str(purge_port),
        "VARNISH_WORKDIR": str(workdir),
    }
    return started_healthy("Varnish", [str(VARNISH_START)], env, http_port, work / "varnish.log", timeout=30)


def publish_seen_after(edge_port: int, news_index: str) -> float | None:
    """Seconds from an editor's publish of a news page to its new title on the news index through the edge, or None
    if the next request still shows the old one."""
    from news.models import NewsPage

    news = NewsPage.objects.live().order_by("-date", "-pk").first()
    news.title = f"Published at {time.time():.0f}"
    started = time.monotonic()
    news.save_revision().publish()
    seen = news.title in fetch(edge_port, news_index).text
    return time.monotonic() - started if seen else None


def wrk(url: str, seconds: int, connections: int, script: Path, threads: int = 1) -> dict[str, float]:
    # A slow answer is measured, not dropped: wrk's own timeout is 2 s, which a loaded page can exceed.
    command = [WRK, "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(script)]
    command += ["-H", "X-Forwarded-Proto: https", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout  # noqa: S603
    report = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = {key: int(value) for key, value in (field.split("=") for field in report.split()[1:])}
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "non_2xx_3xx": figures["non_2xx_3xx"],
        "socket_errors": figures["socket_errors"],
    }


def pages_measure(port: int, paths: dict[str, str], args, script: Path, edge: bool) -> dict[str, dict]:
    results = {}
    threads, connections = (2, args.edge_connections) if edge else (1, args.connections)
    for name, path in paths.items():
        first = fetch(port, path)
        if first.status != 200:
            sys.exit(f"{name} {path}: {first.status}, not 200")
        if edge and fetch(port, path).getheader("X-Cache") != "hit":
            sys.exit(f"{name} {path}: the second request was not an edge cache hit; headers: {first.getheaders()}")
        url = f"http://127.0.0.1:{port}{path}"
        wrk(url, args.warmup, connections, script, threads)
        results[name] = wrk(url, args.duration, connections, script, threads)
        print(f"  {'edge' if edge else 'web'} {name}: {results[name]['rps']:.0f} requests/s", file=sys.stderr)
    return results


def figures(result: dict) -> list[str]:
    columns = [f"{result['rps']:.0f}", f"{result['p50_ms']:.1f}", f"{result['p95_ms']:.1f}"]
    if result["non_2xx_3xx"]:
        columns[0] += f" ({result['non_2xx_3xx']} non-2xx/3xx)"
    if result["socket_errors"]:
        columns[0] += f" ({result['socket_errors']} socket errors)"
    return columns


def target_met(name: str, web: dict, edge: dict) -> bool:
    return (
        not any(result["non_2xx_3xx"] or result["socket_errors"] for result in (web, edge))
        and web["rps"] >= WEB_TARGETS.get(name, WEB_TARGET)
        and edge["rps"] >= EDGE_TARGET
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per page and mode")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load discarded before each measurement")
    parser.add_argument("--connections", type=int, default=8, help="connections to web")
    parser.add_argument("--edge-connections", type=int, default=32, help="connections to the edge")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--quick", action="store_true", help="3 s per measurement")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cep_bench_pages")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    if args.quick:
        args.duration = 3

    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = production_env(work, database_url=args.database_url, redis_url=args.redis_url)
    os.environ.update(env)
    database_recreate(args.database_url)

    import redis

    import django

    django.setup()
    cache_store = redis.Redis.from_url(args.redis_url)
    cache_store.flushdb()
    paths = site_build()
    script = work / "report.lua"
    script.write_text(WRK_REPORT)

    web_port, edge_port, purge_port = free_port(), free_port(), free_port()
    purge_url = f"http://127.0.0.1:{purge_port}"
    from django.conf import settings

    # This process publishes as an editor's web process would: purging Varnish at once.
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": purge_url}
    }
    server = gunicorn_start({**env, "EDGE_CACHE_PURGE_URL": purge_url}, args.workers, web_port, work / "gunicorn.log")
    proxy = varnish_start(web_port, edge_port, purge_port, work)
    try:
        results = {
            "web": pages_measure(web_port, paths, args, script, edge=False),
            "edge": pages_measure(edge_port, paths, args, script, edge=True),
        }
        publish_seconds = publish_seen_after(edge_port, paths["news index"])
    finally:
        stop(proxy)
        stop(server)

    gunicorn_version = subprocess.run([str(GUNICORN), "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    print(
        f"\nMachine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
        f"{gunicorn_version.stdout.strip()} with {args.workers} sync workers, PostgreSQL and Redis on loopback; "
        f"Debian's Varnish in front; wrk -t1 -c{args.connections} to web, -t2 -c{args.edge_connections} to the edge, "
        f"{args.warmup} s warm-up then {args.duration} s per page; "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    header = ["page", "URL", "web rps", "web p50 ms", "web p95 ms", "edge rps", "edge p50 ms", "edge p95 ms"]
    header += ["target met"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    all_met = True
    for name, path in paths.items():
        web, edge = results["web"][name], results["edge"][name]
        met = target_met(name, web, edge)
        all_met &= met
        row = [name, f"`{path}`", *figures(web), *figures(edge), "yes" if met else "no"]
        print("| " + " | ".join(row) + " |")
    if publish_seconds is None:
        print("\nA publish: NOT on the next request through the edge.")
        all_met = False
    else:
        print(f"\nA publish: on the next request through the edge, {publish_seconds * 1000:.0f} ms after it began.")
    print(
        f"\nTargets: from web home >= {WEB_TARGETS['home']} requests/s, the others >= {WEB_TARGET}; "
        f"through the edge >= {EDGE_TARGET:,}. Logs: {work}"
    )
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
