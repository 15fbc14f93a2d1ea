"""Sending one ~15 KB newsletter issue to 10,000 confirmed subscribers on two real Celery workers.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
         .venv/bin/python bench/newsletter.py [--subscribers 10000] [--workers 2]
     (a throwaway test_cep_bench database is created next to the one named, and dropped afterwards; the Redis
     database named, 9 by default, is flushed before and after)
     .venv/bin/python bench/newsletter.py --in-process [--subscribers 2000]
     (no worker, no broker: `deliveries_create` then `deliveries_send_queued` in this process, as
     `manage.py send_newsletter` runs them; a throwaway SQLite file unless DATABASE_URL is given)

The worker mode is the issue's benchmark: the sending is started here (`sending_start`: render once, one
delivery row per subscriber, a task per batch of NEWSLETTER_BATCH_SIZE ids in Redis), and the workers are
`python -m cep_site.worker --pool=solo` processes with the production settings, as deployed (the environment of
the fault test in tests/newsletter/test_sending_worker.py). It waits until every row is sent and prints messages per
second from the start of the sending to the last row sent, and each worker's resident memory: at 0, 25, 50, 75 and
100 % of the rows sent, and its peak (VmHWM from /proc). The SMTP server is aiosmtpd on loopback in a process of its
own (bench/reminders.py's sink); it counts what it receives, and every subscriber must have got exactly one message.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
IN_PROCESS = "--in-process" in sys.argv
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.test")
if "DATABASE_URL" not in os.environ:
    if not IN_PROCESS:
        sys.exit("DATABASE_URL (PostgreSQL) is required: e.g. postgres://postgres@127.0.0.1:5432/cep_bench")
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
if not IN_PROCESS:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from wagtail.rich_text import RichText  # noqa: E402

from bench.database import throwaway_database  # noqa: E402
from bench.reminders import Sink  # noqa: E402
from demo import site as site_content  # noqa: E402
from newsletter import sending  # noqa: E402
from newsletter.models import Delivery, IssueSending, Subscriber  # noqa: E402
from newsletter.rendering import issue_render  # noqa: E402
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory  # noqa: E402
from tests.processes import stop  # noqa: E402

PYTHON = BASE_DIR / ".venv" / "bin" / "python"
ISSUE_HTML_BYTES = 15_000
PARAGRAPH = (
    "<p>The Confederation of European Probation met in <b>Ljubljana</b> to compare how services supervise people "
    'on electronic monitoring; the <a href="https://www.cep-probation.org/news/">report</a> sets out what '
    "worked, what did not and what members plan for the coming year, country by country.</p>"
)


def build(count):
    """The demo site, an archive with one issue whose e-mail HTML is about 15 KB, and `count` confirmed readers."""
    home, _about = site_content.load(io.StringIO())
    archive = NewsletterIndexPageFactory(parent=home, slug="bench-newsletter")
    issue = NewsletterIssuePageFactory(parent=archive, title="Benchmark issue")
    paragraphs = 1
    while True:
        text = f"<h3>Passage {paragraphs}</h3>" + PARAGRAPH * paragraphs
        issue.body = [("text", RichText(text))]
        issue.save()
        html = issue_render(issue)[1]
        if len(html.encode()) >= ISSUE_HTML_BYTES:
            break
        paragraphs += max(1, (ISSUE_HTML_BYTES - len(html.encode())) // (len(PARAGRAPH) + 200))
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{number}@probation.example", status="confirmed") for number in range(count)],
        batch_size=1000,
    )
    return issue, len(html.encode())


# --- Worker mode ----------------------------------------------------------------------------------------------


def worker_process(name: str, smtp_port: int) -> subprocess.Popen:
    """The worker as deployed (production settings), on the bench database, broker and SMTP sink."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cep_site.settings.production",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "*",
        "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
        "DATABASE_URL": f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "NEWSLETTER_BATCH_SIZE": str(sending.batch_size()),
    }
    command = [str(PYTHON), "-m", "cep_site.worker", "--pool=solo", "--concurrency=1", "--loglevel=ERROR"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"]
    # Its start-up banner goes to stdout; errors are logged to stderr.
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 (our own command line)


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) / 1024
    return values


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_ready(count: int, timeout: float = 60) -> None:
    from cep_site import celery_app

    deadline = time.monotonic() + timeout
    while len(celery_app.control.ping(timeout=0.5) or []) < count:
        assert time.monotonic() < deadline, "the workers did not start"


def run_workers(args) -> int:
    import redis

    from cep_site import celery_app

    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    issue, html_bytes = build(args.subscribers)
    checkpoints = [0.25, 0.5, 0.75, 1.0]
    with Sink() as sink:
        workers = [worker_process(f"bench{number}", sink.port) for number in range(1, args.workers + 1)]
        try:
            workers_ready(len(workers))
            rss = [("idle", [memory_mb(worker.pid)["VmRSS"] for worker in workers])]
            pids = [worker.pid for worker in workers] + [sink.process.pid]
            cpu_before = [cpu_seconds(pid) for pid in pids]
            started = time.perf_counter()
            sending.sending_start(issue, by=None)  # renders, creates the rows and enqueues the batches
            created = time.perf_counter()
            while checkpoints:
                sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
                while checkpoints and sent >= checkpoints[0] * args.subscribers:
                    rss.append((f"{checkpoints.pop(0):.0%}", [memory_mb(worker.pid)["VmRSS"] for worker in workers]))
                assert all(worker.poll() is None for worker in workers), "a worker died"
                assert time.perf_counter() - started < 1800, "timed out"
                time.sleep(0.05)
            finished = time.perf_counter()
            peaks = [memory_mb(worker.pid)["VmHWM"] for worker in workers]
            cpu = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
        finally:
            for worker in workers:
                stop(worker)
        deadline = time.monotonic() + 30
        while sink.received < args.subscribers and time.monotonic() < deadline:
            time.sleep(0.05)
        recipients = sink.recipients()
    broker.flushdb()
    status = IssueSending.objects.get(issue=issue).status
    seconds = finished - started
    print(
        f"{connection.vendor}, {args.subscribers} confirmed subscribers, issue HTML {html_bytes / 1000:.1f} kB, "
        f"{args.workers} workers (--pool=solo), batches of {sending.batch_size()}, sending {status}"
    )
    print(
        f"messages {len(recipients)}, rows created in {created - started:.2f} s, all sent in {seconds:.2f} s: "
        f"{args.subscribers / seconds:.0f} messages/second"
    )
    print(
        "CPU per message: "
        + ", ".join(
            f"worker {number} {seconds * 1000 / args.subscribers:.2f} ms" for number, seconds in enumerate(cpu[:-1], 1)
        )
        + f", SMTP sink {cpu[-1] * 1000 / args.subscribers:.2f} ms; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'RSS MB':>8} " + " ".join(f"{f'worker {number}':>9}" for number in range(1, len(workers) + 1)))
    for label, values in rss:
        print(f"{label:>8} " + " ".join(f"{value:>9.1f}" for value in values))
    print(f"{'peak':>8} " + " ".join(f"{value:>9.1f}" for value in peaks))
    exactly_once = len(recipients) == len(set(recipients)) == args.subscribers and status == "sent"
    print("each subscriber sent the issue exactly once" if exactly_once else "NOT EXACTLY ONCE")
    return 0 if exactly_once else 1


# --- In-process mode ------------------------------------------------------------------------------------------


def run_send(issue_sending, sink):
    before = sink.received
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        ids = sending.deliveries_create(issue_sending)
    created_at = time.perf_counter()
    outcome = sending.deliveries_send_queued()
    finished = time.perf_counter()
    return {
        "created": len(ids),
        "create_queries": len(queries),
        "create_seconds": created_at - started,
        "sent": outcome["sent"],
        "received": sink.received - before,
        "send_seconds": finished - created_at,
        "seconds": finished - started,
    }


def run_in_process(args) -> int:
    issue, html_bytes = build(args.subscribers)
    issue_sending = IssueSending.objects.create(issue=issue)
    with Sink() as sink:
        smtp = {
            "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": sink.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
        with override_settings(**smtp):
            runs = [run_send(issue_sending, sink), run_send(issue_sending, sink)]
        recipients = sink.recipients()
    issue_sending.refresh_from_db()
    print(
        f"{connection.vendor}, in-process, {args.subscribers} confirmed subscribers, issue HTML "
        f"{html_bytes / 1000:.1f} kB, batches of {sending.batch_size()}, sending {issue_sending.status}"
    )
    columns = [("run", 4), ("rows", 6), ("queries", 8), ("create s", 9), ("sent", 6), ("received", 9)]
    print(" ".join(f"{name:>{width}}" for name, width in [*columns, ("send s", 7), ("total s", 8), ("msg/s", 7)]))
    for number, run in enumerate(runs, start=1):
        rate = run["received"] / run["seconds"] if run["received"] else 0
        print(
            f"{number:>4} {run['created']:>6} {run['create_queries']:>8} {run['create_seconds']:>9.3f} "
            f"{run['sent']:>6} {run['received']:>9} {run['send_seconds']:>7.3f} {run['seconds']:>8.3f} {rate:>7.0f}"
        )
    sent_rows = Delivery.objects.filter(status="sent").count()
    first, second = runs
    exactly_once = (
        len(recipients) == len(set(recipients)) == args.subscribers == sent_rows
        and first["received"] == args.subscribers
        and second["created"] == second["received"] == 0
    )
    print("each subscriber sent the issue exactly once" if exactly_once else "NOT EXACTLY ONCE")
    return 0 if exactly_once else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-process", action="store_true", help="no worker or broker: send from this process")
    args = parser.parse_args()

    postgres = connection.vendor == "postgresql"
    if not args.in_process and not postgres:
        sys.exit("The worker mode needs PostgreSQL (DATABASE_URL=postgres://…)")
    with throwaway_database():
        return run_in_process(args) if args.in_process else run_workers(args)


if __name__ == "__main__":
    sys.exit(main())
