"""Sending an issue on real Celery workers over Redis, against PostgreSQL and a real SMTP server on loopback.

Run locally with:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_newsletter REDIS_URL=redis://127.0.0.1:6379/7 \\
    .venv/bin/pytest --create-db tests/newsletter/test_sending_worker.py

The fault test runs its workers as processes of their own (`python -m cep_site.worker`, production settings,
as deployed), kills one with SIGKILL part way through and wipes the broker: the database alone must bring every
subscriber their one copy. A sign-up's confirmation e-mail must outlive a wiped broker the same way.
"""

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cep_site import celery_app
from core import outbox
from core.models import OutboxEmail
from newsletter import sending
from newsletter.models import Delivery, IssueSending, Subscriber
from tests.helpers import wait_for
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from tests.processes import stop, wait_until_idle

# What a real worker is given to finish its work on a loaded machine.
WORKER_TIMEOUT = 60

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def archive(demo_site):
    return NewsletterIndexPageFactory(parent=demo_site)


def subscribers(count, status=Subscriber.Status.CONFIRMED, prefix="reader"):
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"{prefix}{number}@probation.example", status=status) for number in range(count)],
        batch_size=1000,
    )
    return [f"{prefix}{number}@probation.example" for number in range(count)]


def test_a_real_worker_sends_the_issue_to_confirmed_subscribers_only_and_one_click_unsubscribes(
    archive, smtp_sink, worker, real_broker, client
):
    confirmed = subscribers(120)  # three batches
    subscribers(3, Subscriber.Status.PENDING, prefix="waiting")
    subscribers(3, Subscriber.Status.UNSUBSCRIBED, prefix="gone")
    subscribers(2, Subscriber.Status.BOUNCED, prefix="bounced")
    issue = NewsletterIssuePageFactory(parent=archive, title="Newsletter March 2027")

    sending.sending_start(issue, by=None)
    wait_for(lambda: len(smtp_sink.received) >= len(confirmed), timeout=WORKER_TIMEOUT)
    wait_until_idle(real_broker)
    outbox.sweep()  # finds nothing left to send
    wait_until_idle(real_broker)

    recipients = smtp_sink.recipients()
    assert sorted(recipients) == sorted(confirmed)
    assert IssueSending.objects.get(issue=issue).status == IssueSending.Status.SENT
    assert Delivery.objects.filter(issue=issue, status="sent").count() == len(confirmed)

    (message,) = smtp_sink.to("reader7@probation.example")
    assert message["Subject"] == "Newsletter March 2027"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    assert link.startswith("http") and link in message.get_body(("html",)).get_content()
    assert link in message.get_body(("plain",)).get_content()

    # What a mail client's unsubscribe button does (RFC 8058): a POST with no cookie or CSRF token.
    response = client.post(
        urlsplit(link).path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email="reader7@probation.example").status == Subscriber.Status.UNSUBSCRIBED

    smtp_sink.clear()
    sending.sending_start(NewsletterIssuePageFactory(parent=archive, title="Newsletter May 2027"), by=None)
    wait_for(lambda: len(smtp_sink.received) >= len(confirmed) - 1, timeout=WORKER_TIMEOUT)
    wait_until_idle(real_broker)
    assert sorted(smtp_sink.recipients()) == sorted(set(confirmed) - {"reader7@probation.example"})


# --- The fault test -------------------------------------------------------------------------------------------

SUBSCRIBERS = 2000
KILL_AFTER_SENT = 400


def worker_process(name: str, smtp_port: int) -> subprocess.Popen:
    """The worker as deployed (production settings), on this test's database, broker and SMTP sink."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cep_site.settings.production",
        "DJANGO_SECRET_KEY": "fault-test-only",
        "DJANGO_ALLOWED_HOSTS": "*",
        "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
        "DATABASE_URL": f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}",
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "NEWSLETTER_BATCH_SIZE": str(sending.batch_size()),
    }
    command = [sys.executable, "-m", "cep_site.worker", "--pool=solo", "--concurrency=1", "--loglevel=ERROR"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"]
    # Its start-up banner goes to stdout; errors are logged to stderr.
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 (our own command line)


def sent_count(issue) -> int:
    return Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()


def test_a_killed_worker_and_a_wiped_broker_lose_nobody_and_repeat_at_most_the_batch_in_flight(
    archive, smtp_sink, real_broker
):
    everyone = subscribers(SUBSCRIBERS)
    issue = NewsletterIssuePageFactory(parent=archive, title="Newsletter July 2027")
    started = time.monotonic()
    port = smtp_sink_port()
    first = worker_process("first", port)
    second = None
    try:
        sending.sending_start(issue, by=None)  # rows, then 40 tasks in Redis
        wait_for(lambda: sent_count(issue) >= KILL_AFTER_SENT, timeout=45)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        sent_before_kill = sent_count(issue)
        in_flight = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING).count()
        assert sent_before_kill < SUBSCRIBERS, "the worker finished before it could be killed"
        assert in_flight <= sending.batch_size()

        real_broker.flushdb()  # the broker loses every task, and the one the dead worker held
        # Ten minutes on: the dead worker's lease has run out. The sweep requeues its rows and wakes a worker for
        # every row still queued.
        Delivery.objects.filter(status=Delivery.Status.SENDING).update(
            lease_expires_at=timezone.now() - timedelta(seconds=1)
        )
        swept = outbox.sweep()["newsletter.Delivery"]
        assert swept["requeued"] == in_flight
        assert swept["enqueued"] == SUBSCRIBERS - sent_before_kill - failed_count(issue)

        second = worker_process("second", port)
        wait_for(
            lambda: not Delivery.objects.filter(issue=issue, status__in=sending.OPEN_STATUSES).exists(), timeout=60
        )
    finally:
        stop(first)
        if second is not None:
            stop(second)
    elapsed = time.monotonic() - started

    assert Delivery.objects.filter(issue=issue).count() == SUBSCRIBERS
    assert sent_count(issue) == SUBSCRIBERS  # one row per subscriber (unique), each sent
    wait_for(lambda: len(smtp_sink.received) >= SUBSCRIBERS, timeout=10)
    recipients = smtp_sink.recipients()
    assert set(recipients) == set(everyone)  # nobody missed
    repeated = len(recipients) - len(set(recipients))
    assert repeated <= sending.batch_size()  # at most the batch in flight, twice
    assert IssueSending.objects.get(issue=issue).status == IssueSending.Status.SENT
    print(
        f"\nfault test: {SUBSCRIBERS} subscribers, killed after {sent_before_kill} sent with {in_flight} in flight, "
        f"{repeated} sent twice, {elapsed:.1f}s in all"
    )


def failed_count(issue) -> int:
    return Delivery.objects.filter(issue=issue, status=Delivery.Status.FAILED).count()


def smtp_sink_port() -> int:
    return settings.EMAIL_PORT  # the smtp_sink fixture pointed Django's SMTP settings at the sink


# --- A sign-up's confirmation and a wiped broker ----------------------------------------------------------------


def test_a_confirmation_whose_task_the_broker_lost_is_sent_once_by_the_sweep(demo_site, smtp_sink, real_broker, client):
    address = "anna.novak@probation.example"
    form = {"email": address, "name": "Anna Novak", "consent": "on", "website": ""}
    assert client.post("/newsletter/subscribe/", form).status_code == 200
    assert real_broker.llen("celery") == 1  # the wake-up for its e-mail, and no worker yet
    real_broker.flushdb()  # the broker loses it

    # Signing up again meanwhile gets the same answer and queues no second e-mail.
    assert client.post("/newsletter/subscribe/", form).status_code == 200
    assert real_broker.llen("celery") == 0
    assert list(OutboxEmail.objects.values_list("kind", "to", "status")) == [
        ("newsletter.confirmation", address, "queued")
    ]

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        outbox.sweep()  # beat's, within the minute
        wait_for(lambda: smtp_sink.to(address), timeout=WORKER_TIMEOUT)
        wait_until_idle(real_broker)
        assert outbox.sweep()["cep_site.OutboxEmail"] == {"requeued": 0, "enqueued": 0}

    (message,) = smtp_sink.to(address)
    assert message["Subject"] == "Please confirm your subscription to the CEP newsletter"
    link = re.search(r"https?://[^/\s]+(/newsletter/confirm/[^/\s]+/)", message.get_body(("plain",)).get_content())
    assert client.post(link.group(1)).status_code == 200
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.CONFIRMED
