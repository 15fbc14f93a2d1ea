"""Pacing and pause on real workers: Celery worker processes with the production settings (as deployed), over
Redis and PostgreSQL, sending to the SMTP sink on loopback.

Run locally with:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_newsletter REDIS_URL=redis://127.0.0.1:6379/7 \\
    .venv/bin/pytest tests/newsletter/test_pacing_worker.py
"""

import subprocess
import sys
import time

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from cep_site import celery_app
from core import outbox
from newsletter import sending
from newsletter.models import Delivery, IssueSending
from tests.helpers import wait_for
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from tests.newsletter.test_pacing import post_with_token, readers
from tests.processes import production_env, stop

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def worker_processes(count, tmp_path, smtp_sink, **environment):
    env = {**production_env(tmp_path, smtp_sink_port()), **environment}
    command = [sys.executable, "-m", "cep_site.worker", "--pool=solo", "--concurrency=1", "--loglevel=ERROR"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return [
        subprocess.Popen([*command, "-n", f"pacing{number}@%h"], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        for number in range(count)
    ]


def workers_ready(count):
    """Until `count` workers answer: a worker still starting when the sending begins would leave the other alone."""
    wait_for(lambda: len(celery_app.control.ping(timeout=0.5) or []) >= count, timeout=60)


def smtp_sink_port():
    from django.conf import settings

    return settings.EMAIL_PORT  # the smtp_sink fixture pointed Django's SMTP settings at the sink


def most_in_any_window(times: list[float], seconds: float) -> int:
    return max(sum(1 for other in times if start <= other < start + seconds) for start in times)


def overlapping_connections(received) -> bool:
    """Whether two SMTP connections (two workers' batches) were sending at the same time."""
    spans = {}
    for message in received:
        first, last = spans.get(message.peer, (message.at, message.at))
        spans[message.peer] = (min(first, message.at), max(last, message.at))
    ordered = sorted(spans.values())
    return any(later[0] < earlier[1] for earlier, later in zip(ordered, ordered[1:], strict=False))


RATE_PER_MINUTE = 120
PACED_READERS = 40


def test_two_workers_together_send_no_faster_than_the_rate(demo_site, smtp_sink, real_broker, tmp_path, settings):
    settings.NEWSLETTER_BATCH_SIZE = 5  # the tasks' batches, made here
    everyone = readers(PACED_READERS)
    issue = NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site))
    workers = worker_processes(
        2, tmp_path, smtp_sink, NEWSLETTER_SEND_RATE_PER_MINUTE=str(RATE_PER_MINUTE), NEWSLETTER_BATCH_SIZE="5"
    )
    try:
        workers_ready(2)
        sending.sending_start(issue, by=None)
        wait_for(lambda: len(smtp_sink.received) >= PACED_READERS, timeout=120)
    finally:
        for worker in workers:
            stop(worker)

    received = smtp_sink.received
    assert sorted(smtp_sink.recipients()) == everyone  # each once
    times = sorted(message.at for message in received)
    measured = (len(times) - 1) / (times[-1] - times[0]) * 60
    print(f"\npacing: configured {RATE_PER_MINUTE}/min, measured {measured:.1f}/min over {len(times)} messages")
    # Evenly spaced whatever the number of workers: under the rate overall, and at most the rate's share of any ten
    # seconds, give or take one message held up on its way (a loaded machine delays a process by some 100 ms).
    assert measured <= RATE_PER_MINUTE
    assert most_in_any_window(times, 10) <= RATE_PER_MINUTE / 6 + 1
    assert measured >= RATE_PER_MINUTE * 0.8  # paced, not stalled
    assert overlapping_connections(received)  # both workers were sending at once, and shared the rate


def test_a_sending_paused_from_the_admin_stops_and_resumed_sends_each_remaining_reader_once(
    demo_site, smtp_sink, real_broker, tmp_path, settings
):
    settings.NEWSLETTER_BATCH_SIZE = 10
    everyone = readers(60)
    issue = NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site))
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(get_user_model().objects.create_superuser(email="staff@cep-probation.org", password="x"))
    pause_url = f"/admin/newsletter/sendings/{issue.pk}/pause/"
    (worker,) = worker_processes(
        1, tmp_path, smtp_sink, NEWSLETTER_SEND_RATE_PER_MINUTE="300", NEWSLETTER_BATCH_SIZE="10"
    )
    try:
        sending.sending_start(issue, by=None)
        wait_for(lambda: len(smtp_sink.received) >= 12, timeout=60)
        assert "Sending paused" in post_with_token(staff, pause_url, {"action": "pause"}).content.decode()
        # The batch under way stops within a second; its untried rows go back to the queue.
        wait_for(lambda: not Delivery.objects.filter(status="sending").exists(), timeout=10)
        sent_while_sending = len(smtp_sink.received)
        assert sent_while_sending < len(everyone)
        assert outbox.sweep()["newsletter.Delivery"]["enqueued"] == 0  # beat wakes nobody for it
        time.sleep(3)  # the worker still has the tasks of the later batches: it claims nothing of them
        assert len(smtp_sink.received) == sent_while_sending
        assert IssueSending.objects.get(issue=issue).status == IssueSending.Status.PAUSED

        assert "Sending resumed" in post_with_token(staff, pause_url, {"action": "resume"}).content.decode()
        wait_for(lambda: len(smtp_sink.received) >= len(everyone), timeout=60)
        wait_for(lambda: IssueSending.objects.get(issue=issue).status == IssueSending.Status.SENT, timeout=10)
    finally:
        stop(worker)
    print(f"\npause: {sent_while_sending} sent before the pause, {len(everyone) - sent_while_sending} after resuming")
    assert sorted(smtp_sink.recipients()) == everyone  # every reader exactly once
