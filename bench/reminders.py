"""Event reminders for 1,000 registrations: create the due rows and send them all, in-process, to a real SMTP server.

Run: .venv/bin/python bench/reminders.py                   (a throwaway SQLite file)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_bench .venv/bin/python bench/reminders.py
     (PostgreSQL: a throwaway test_cep_bench database is created next to the one named, and dropped afterwards)
Options: --registrations N (default 1000).

The job runs twice, as `manage.py send_event_reminders` does it (create due rows, then send every queued row in
batches over one SMTP connection each); the second run must create and send nothing. The SMTP server is aiosmtpd
on loopback (tests/smtp.py's handler) in a process of its own, as a real server would be, so the figures are the
site's own cost plus a local SMTP round trip per message. It counts what it received and who got it twice.
"""

import argparse
import io
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())

from aiosmtpd.controller import Controller  # noqa: E402

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.database import throwaway_database  # noqa: E402
from demo import site as site_content  # noqa: E402
from events import delivery, reminders  # noqa: E402
from events.models import Registration  # noqa: E402
from tests.events.factories import EventIndexPageFactory, EventPageFactory  # noqa: E402
from tests.smtp import SinkHandler, free_port  # noqa: E402


class CountingHandler(SinkHandler):
    """tests/smtp.py's handler, counting where this process can read it, and not parsing: a real server queues the
    message and answers at once, while the test sink parses each one before it answers."""

    def __init__(self, count):
        super().__init__()
        self.count = count
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append([address.lower() for address in envelope.rcpt_tos])
        with self.count.get_lock():
            self.count.value += 1
        return "250 Message accepted for delivery"


def serve_smtp(port, count, ready, stop, results):
    """In a process of its own: an SMTP sink on loopback until `stop`, then the recipients, one per message."""
    handler = CountingHandler(count)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put([address for recipients in handler.envelopes for address in recipients])


class Sink:
    """The sink process, seen from here."""

    def __enter__(self):
        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.count, self.results = context.Value("i", 0), context.Queue()
        self.ready, self.stop = context.Event(), context.Event()
        arguments = (self.port, self.count, self.ready, self.stop, self.results)
        self.process = context.Process(target=serve_smtp, args=arguments, daemon=True)
        self.process.start()
        assert self.ready.wait(timeout=60), "the SMTP sink did not start"
        return self

    @property
    def received(self) -> int:
        return self.count.value

    def recipients(self) -> list[str]:
        """Every recipient, one entry per message; stops the sink."""
        self.stop.set()
        return self.results.get(timeout=30)

    def __exit__(self, *exc):
        self.stop.set()
        self.process.join(timeout=30)


def build(count):
    home, _about = site_content.load(io.StringIO())
    index = EventIndexPageFactory(parent=home, slug="bench-events")
    event = EventPageFactory(parent=index, title="Benchmark webinar", start=timezone.now() + timedelta(days=6))
    registered = timezone.now() - timedelta(days=30)
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                name=f"Registrant {number}",
                email=f"registrant{number}@probation.example",
                reminders_consent=True,
                created_at=registered,
                status_changed_at=registered,
            )
            for number in range(count)
        ],
        batch_size=500,
    )
    return event


def run_job(sink):
    before = sink.received
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        created = reminders.reminders_create_due()
    created_at = time.perf_counter()
    outcome = delivery.emails_send_queued()
    finished = time.perf_counter()
    return {
        "created": len(created),
        "create_queries": len(queries),
        "create_seconds": created_at - started,
        "sent": outcome["sent"],
        "received": sink.received - before,
        "seconds": finished - started,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=1000)
    args = parser.parse_args()

    with throwaway_database():
        build(args.registrations)
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
                runs = [run_job(sink), run_job(sink)]
            recipients = sink.recipients()
        print(f"{connection.vendor}, {args.registrations} confirmed registrations that agreed to reminders")
        columns = [("run", 4), ("rows", 6), ("queries", 8), ("create s", 9), ("sent", 6), ("received", 9)]
        print(" ".join(f"{name:>{width}}" for name, width in [*columns, ("total s", 8), ("/s", 7)]))
        for number, run in enumerate(runs, start=1):
            rate = run["received"] / run["seconds"] if run["received"] else 0
            print(
                f"{number:>4} {run['created']:>6} {run['create_queries']:>8} {run['create_seconds']:>9.3f} "
                f"{run['sent']:>6} {run['received']:>9} {run['seconds']:>8.3f} {rate:>7.0f}"
            )
    first, second = runs
    exactly_once = (
        len(recipients) == len(set(recipients)) == args.registrations
        and first["received"] == args.registrations
        and second["created"] == second["received"] == 0
    )
    print("each reminder sent exactly once" if exactly_once else "NOT EXACTLY ONCE")
    return 0 if exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
