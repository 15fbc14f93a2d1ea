"""Sending one newsletter issue at a set rate on two real Celery workers: the rate configured against the rate
measured at the SMTP server.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
         .venv/bin/python bench/newsletter_pacing.py [--rate 120] [--subscribers 200] [--workers 2] [--batch 25]
     (a throwaway test_cep_bench database is created next to the one named, and dropped afterwards; the Redis
     database named, 9 by default, is flushed before and after)

The workers are bench/newsletter.py's: `python -m cep_site.worker --pool=solo` processes with the production
settings, here with NEWSLETTER_SEND_RATE_PER_MINUTE set, so they share one schedule in Redis (core/send_rate.py).
The SMTP server is aiosmtpd on loopback in a thread of this process (tests/smtp.py), which notes when each message
arrives. Printed: the rate measured over the whole sending ((messages - 1) / time from the first to the last), the
most messages that arrived in any 60 seconds and in any second against what the rate allows, and whether every
subscriber got exactly one message.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--rate", type=int, default=120, help="NEWSLETTER_SEND_RATE_PER_MINUTE")
parser.add_argument("--subscribers", type=int, default=200)
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--batch", type=int, default=25, help="NEWSLETTER_BATCH_SIZE")
ARGS = parser.parse_args()
# Read by the settings of this process and of the workers it starts (they inherit the environment).
os.environ["NEWSLETTER_SEND_RATE_PER_MINUTE"] = str(ARGS.rate)
os.environ["NEWSLETTER_BATCH_SIZE"] = str(ARGS.batch)
sys.argv = sys.argv[:1]  # bench.newsletter looks at the command line for its own options

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench.database import throwaway_database  # noqa: E402
from bench.newsletter import build, stop, worker_process, workers_ready  # noqa: E402 (sets Django up)
from newsletter import sending  # noqa: E402
from newsletter.models import IssueSending  # noqa: E402
from tests.smtp import smtp_server  # noqa: E402


def most_in_any_window(times: list[float], seconds: float) -> int:
    """The most arrivals in any half-open window [t, t + seconds) that starts at an arrival."""
    most, end = 0, 0
    for start, at in enumerate(times):
        while end < len(times) and times[end] < at + seconds:
            end += 1
        most = max(most, end - start)
    return most


def run() -> int:
    import redis

    from cep_site import celery_app

    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    issue, _html_bytes = build(ARGS.subscribers)
    with smtp_server() as (sink, controller):
        workers = [worker_process(f"pacing{number}", controller.port) for number in range(1, ARGS.workers + 1)]
        try:
            workers_ready(len(workers))
            started = time.monotonic()
            sending.sending_start(issue, by=None)
            while len(sink.received) < ARGS.subscribers:
                assert all(worker.poll() is None for worker in workers), "a worker died"
                assert time.monotonic() - started < 3600, "timed out"
                time.sleep(0.1)
        finally:
            for worker in workers:
                stop(worker)
    broker.flushdb()
    received = sink.received
    times = sorted(message.at for message in received)
    recipients = [message.to for message in received]
    span = times[-1] - times[0]
    measured = (len(times) - 1) / span * 60
    status = IssueSending.objects.get(issue=issue).status
    print(
        f"{connection.vendor}, {ARGS.subscribers} subscribers, {ARGS.workers} workers (--pool=solo), batches of "
        f"{sending.batch_size()}, sending {status}"
    )
    print(f"configured {ARGS.rate}/min; measured {measured:.1f}/min ({len(times)} messages in {span:.1f} s)")
    if span >= 60:
        print(f"most in any 60 s: {most_in_any_window(times, 60)} (allowed {ARGS.rate})")
    print(f"most in any 1 s: {most_in_any_window(times, 1)} (the rate allows {ARGS.rate / 60:.2f})")
    exactly_once = len(recipients) == len(set(recipients)) == ARGS.subscribers and status == "sent"
    print("each subscriber sent the issue exactly once" if exactly_once else "NOT EXACTLY ONCE")
    return 0 if exactly_once and measured <= ARGS.rate else 1


def main() -> int:
    if connection.vendor != "postgresql":
        sys.exit("The workers need PostgreSQL (DATABASE_URL=postgres://…)")
    with throwaway_database():
        return run()


if __name__ == "__main__":
    sys.exit(main())
