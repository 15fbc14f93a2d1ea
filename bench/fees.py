"""A renewal's 1,000 membership-fee invoices: issue them, then send them with their PDFs from a real Celery worker.

Run: .venv/bin/python bench/fees.py                   (a throwaway SQLite file)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_bench .venv/bin/python bench/fees.py
     (PostgreSQL: a throwaway test_cep_bench database is created next to the one named, and dropped afterwards)
     Either way Redis is the broker: REDIS_URL, redis://127.0.0.1:6379/10 unless given, a database flushed before
     and after.
Options: --members N (default 1000).

Set up first, untimed: N confirmed member organisations, full and associate, each with one main contact; the year's
fee for each category, the invoicing settings and the renewal. Then:
1. `renewal_invoice(renewal)` in this process, the call the hourly fee cycle makes (fees.cycle): per member an
   invoice, its e-mail (an OutboxEmail of kind "fees.invoice") and, once that commits, a task on the broker to send it.
2. The sending, by one `python -m cep_site.worker --pool=solo` with the production settings, as deployed (as in
   bench/newsletter.py). It listens on an empty queue until every invoice is issued and is then told to take the
   tasks, so the two are timed apart; each e-mail's PDF is made as it is sent (core.mail.OUTBOX_ATTACHMENTS). Timed
   until the last row is sent, with the worker's resident memory at idle and at 25, 50, 75 and 100 % sent, and its
   peak (VmHWM from /proc) before and after.
3. The renewal again, which must issue and queue nothing.
The SMTP server is aiosmtpd on loopback in a process of its own (bench/reminders.py's sink). It notes each message's
recipient and the invoice its PDF attachment is named after: every main contact must get exactly one message, with
their own invoice.
"""

import argparse
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
# Not bench/newsletter.py's database 9: each flushes its own, so the two can run at once.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())

from aiosmtpd.controller import Controller  # noqa: E402

import django  # noqa: E402

django.setup()

import redis  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.database import throwaway_database  # noqa: E402
from bench.newsletter import cpu_seconds, memory_mb, workers_ready  # noqa: E402
from bench.reminders import CountingHandler, Sink  # noqa: E402
from cep_site import celery_app  # noqa: E402
from core.models import OutboxEmail  # noqa: E402
from fees.models import FeeCategory, Invoice  # noqa: E402
from fees.services import renewal_invoice  # noqa: E402
from members.models import MemberOrganisation, Membership, User  # noqa: E402
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory  # noqa: E402
from tests.processes import stop  # noqa: E402
from tests.smtp import free_port  # noqa: E402

PYTHON = BASE_DIR / ".venv" / "bin" / "python"
# Where the worker listens until every invoice is issued; nothing is ever put there.
IDLE_QUEUE = "bench-idle"
# Names in several alphabets, as members write them: each PDF embeds the glyphs its member's name uses.
NAMES = [
    ("Probation Service of Flanders", "BE"),
    ("Služba za probacijo Republike Slovenije", "SI"),
    ("Υπηρεσία Επιμελητών Ανηλίκων και Κοινωνικής Αρωγής", "GR"),
    ("Главна дирекция „Изпълнение на наказанията“", "BG"),
    ("Kuratorska służba sądowa w Łodzi", "PL"),
]
FEES = {
    FeeCategory.FULL: Decimal("1250.00"),
    FeeCategory.ASSOCIATE_ORGANISATION: Decimal("625.00"),
    FeeCategory.ASSOCIATE_INDIVIDUAL: Decimal("150.00"),
}
PDF_PART = re.compile(rb'Content-Type: application/pdf.*?filename="cep-invoice-([^"]+)\.pdf"', re.DOTALL)


class InvoiceHandler(CountingHandler):
    """bench/reminders.py's handler, noting as well each message's size and the invoice its PDF is named after: a
    search of the raw message, as cheap as a real server's queueing, not a parse."""

    def __init__(self, count):
        super().__init__(count)
        self.attachments = []

    async def handle_DATA(self, server, session, envelope):
        attached = PDF_PART.search(envelope.content)
        self.attachments.append((attached[1].decode() if attached else None, len(envelope.content)))
        return await super().handle_DATA(server, session, envelope)


def serve_smtp(port, count, ready, stop, results):
    """In a process of its own: the sink until `stop`, then (recipient, invoice number, bytes), one per message."""
    handler = InvoiceHandler(count)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put(
        [
            (recipient, number, size)
            for recipients, (number, size) in zip(handler.envelopes, handler.attachments, strict=True)
            for recipient in recipients
        ]
    )


class InvoiceSink(Sink):
    """bench/reminders.py's sink, with the handler above."""

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


def build(count):
    """`count` confirmed members, two in three full, each with one main contact; the fees, settings and renewal."""
    today = timezone.localdate()
    year = today.year + 1
    InvoicingSettingsFactory()
    for category, amount in FEES.items():
        FeeFactory(year=year, category=category, amount=amount)
    now = timezone.now()
    members = MemberOrganisation.objects.bulk_create(
        [
            MemberOrganisation(
                name=f"{NAMES[number % len(NAMES)][0]} {number}",
                country=NAMES[number % len(NAMES)][1],
                membership_type="associate" if number % 3 == 2 else "full",
                status="confirmed",
                confirmed_at=now,
                billing_address=f"Department {number}\nMain Street {number}\n1000 Capital",
                vat_number=f"EU{number:09d}",
            )
            for number in range(count)
        ],
        batch_size=500,
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"contact{number}@probation.example",
                first_name="Main",
                last_name=f"Contact {number}",
                password=unusable,
            )
            for number in range(count)
        ],
        batch_size=500,
    )
    Membership.objects.bulk_create(
        [
            Membership(member=member, user=user, role=Membership.Role.MAIN_CONTACT)
            for member, user in zip(members, users, strict=True)
        ],
        batch_size=500,
    )
    return RenewalFactory(year=year, invoice_on=today)


def worker_process(smtp_port: int) -> subprocess.Popen:
    """The worker as deployed (production settings) on the bench database, broker and SMTP sink, on IDLE_QUEUE."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
        database_url = f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    else:
        database_url = f"sqlite:///{database['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cep_site.settings.production",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "*",
        "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    command = [str(PYTHON), "-m", "cep_site.worker", "--pool=solo", "--concurrency=1", "--loglevel=ERROR"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "fees@%h", "-Q", IDLE_QUEUE]
    # Its start-up banner goes to stdout; errors are logged to stderr.
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 (our own command line)


def issue(renewal):
    """Run the renewal: the invoices it made, its queries and its seconds."""
    queries = 0

    # Counted rather than captured: Django keeps the last 9,000 queries only.
    def counted(execute, *args):
        nonlocal queries
        queries += 1
        return execute(*args)

    started = time.perf_counter()
    with connection.execute_wrapper(counted):
        invoices = renewal_invoice(renewal)
    return len(invoices), queries, time.perf_counter() - started


def run(args) -> int:
    renewal = build(args.members)
    rows = OutboxEmail.objects.filter(kind="fees.invoice")
    with InvoiceSink() as sink:
        worker = worker_process(sink.port)
        try:
            workers_ready(1)
            before = memory_mb(worker.pid)
            issued, issue_queries, issue_seconds = issue(renewal)
            queued = rows.count()
            assert queued == args.members, f"{queued} e-mails queued for {args.members} members"

            rss = [("idle", before["VmRSS"])]
            checkpoints = [0.25, 0.5, 0.75, 1.0]
            pids = [worker.pid, sink.process.pid]
            cpu_before = [cpu_seconds(pid) for pid in pids]
            started = time.perf_counter()
            assert celery_app.control.add_consumer(celery_app.conf.task_default_queue, reply=True), "no worker"
            while checkpoints:
                sent = rows.filter(status=OutboxEmail.Status.SENT).count()
                while checkpoints and sent >= checkpoints[0] * queued:
                    rss.append((f"{checkpoints.pop(0):.0%}", memory_mb(worker.pid)["VmRSS"]))
                assert not rows.filter(status=OutboxEmail.Status.FAILED).exists(), "an e-mail failed"
                assert worker.poll() is None, "the worker died"
                assert time.perf_counter() - started < 1800, "timed out"
                time.sleep(0.05)
            send_seconds = time.perf_counter() - started
            after = memory_mb(worker.pid)
            cpu = [cpu_seconds(pid) - used for pid, used in zip(pids, cpu_before, strict=True)]

            again, again_queries, again_seconds = issue(renewal)
            queued_again = rows.count() - queued
        finally:
            stop(worker)
        deadline = time.monotonic() + 30
        while sink.received < queued and time.monotonic() < deadline:
            time.sleep(0.05)
        messages = sink.recipients()

    contacts = dict(Invoice.objects.filter(renewal=renewal).values_list("member__memberships__user__email", "number"))
    recipients = [recipient for recipient, _number, _size in messages]
    duplicates = len(recipients) - len(set(recipients))
    with_pdf = sum(number is not None for _recipient, number, _size in messages)
    their_own = sum(contacts.get(recipient) == number for recipient, number, _size in messages)
    size = sum(size for _recipient, _number, size in messages) / max(len(messages), 1)

    print(f"{connection.vendor}, {args.members} confirmed members with one main contact each, 1 worker (--pool=solo)")
    print(
        f"issued {issued} invoices in {issue_seconds:.2f} s: {issued / issue_seconds:.0f} invoices/second, "
        f"{issue_queries / max(issued, 1):.1f} queries each"
    )
    print(
        f"sent {queued} e-mails with their PDFs in {send_seconds:.2f} s: {queued / send_seconds:.1f} messages/second, "
        f"{size / 1000:.1f} kB each"
    )
    print(
        f"CPU per message: worker {cpu[0] * 1000 / queued:.1f} ms, SMTP sink {cpu[1] * 1000 / queued:.2f} ms; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print("worker RSS MB: " + ", ".join(f"{label} {value:.1f}" for label, value in rss))
    print(f"worker peak (VmHWM) MB: {before['VmHWM']:.1f} before sending, {after['VmHWM']:.1f} after")
    print(
        f"renewal again: {again} invoices, {queued_again} e-mails queued, in {again_seconds:.3f} s "
        f"({again_queries} queries)"
    )
    print(
        f"messages {len(messages)} to {len(set(recipients))} of {len(contacts)} main contacts, "
        f"duplicates {duplicates}, with a PDF {with_pdf}, with their own invoice's {their_own}"
    )
    passed = (
        issued == queued == len(contacts) == args.members
        and len(messages) == len(set(recipients)) == with_pdf == their_own == args.members
        and again == queued_again == 0
    )
    print("each main contact sent their invoice exactly once, nothing issued again" if passed else "CHECK FAILED")
    return 0 if passed else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    args = parser.parse_args()

    # The tasks go to the broker, for the worker; the test settings would run them here.
    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    with throwaway_database():
        try:
            return run(args)
        finally:
            broker.flushdb()


if __name__ == "__main__":
    sys.exit(main())
