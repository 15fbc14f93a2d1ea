"""Sending one newsletter issue to 2,000 confirmed subscribers, in-process, to a real SMTP server.

Run: .venv/bin/python bench/newsletter.py                   (a throwaway SQLite file)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_bench .venv/bin/python bench/newsletter.py
     (PostgreSQL: a throwaway test_cep_bench database is created next to the one named, and dropped afterwards)
Options: --subscribers N (default 2000).

What a sending does, in the order a worker does it: render the issue once and create a delivery row per confirmed
subscriber (`deliveries_create`), then claim and send every row in batches of NEWSLETTER_BATCH_SIZE over one SMTP
connection each (`deliveries_send_queued`, what `manage.py send_newsletter` runs). Then the same again: the second
run must create and send nothing. The SMTP server is aiosmtpd on loopback in a process of its own
(bench/reminders.py's sink), so the figures are the site's own cost plus a local SMTP round trip per message.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.reminders import Sink  # noqa: E402
from cep_site import demo_content  # noqa: E402
from newsletter import sending  # noqa: E402
from newsletter.models import Delivery, IssueSending, Subscriber  # noqa: E402
from tests.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory  # noqa: E402


def build(count):
    home, _about = demo_content.load(io.StringIO())
    archive = NewsletterIndexPageFactory(parent=home, slug="bench-newsletter")
    issue = NewsletterIssuePageFactory(parent=archive, title="Benchmark issue")
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{number}@probation.example", status="confirmed") for number in range(count)],
        batch_size=1000,
    )
    return IssueSending.objects.create(issue=issue)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=2000)
    args = parser.parse_args()

    postgres = connection.vendor == "postgresql"
    named = connection.settings_dict["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        issue_sending = build(args.subscribers)
        with Sink() as sink:
            smtp = {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
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
            f"{connection.vendor}, {args.subscribers} confirmed subscribers, batches of {sending.batch_size()}, "
            f"sending {issue_sending.status}"
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
    finally:
        if postgres:
            connection.creation.destroy_test_db(named, verbosity=0)
    first, second = runs
    exactly_once = (
        len(recipients) == len(set(recipients)) == args.subscribers == sent_rows
        and first["received"] == args.subscribers
        and second["created"] == second["received"] == 0
    )
    print("each subscriber sent the issue exactly once" if exactly_once else "NOT EXACTLY ONCE")
    return 0 if exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
