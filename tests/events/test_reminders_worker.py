"""Reminders on a real Celery worker over Redis, against PostgreSQL and a real SMTP server on loopback.

Run locally with:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_reminders REDIS_URL=redis://127.0.0.1:6379/5 \\
    .venv/bin/pytest --create-db tests/events/test_reminders_worker.py
"""

import threading
from datetime import timedelta

import pytest

from django.db import connection, transaction
from django.utils import timezone

from core import outbox
from core.tasks import outbox_sweep
from events import reminders
from events.models import RegistrationEmail
from events.tasks import event_reminders_send
from tests.events.factories import EventPageFactory, RegistrationFactory
from tests.helpers import wait_for
from tests.processes import wait_until_idle

# What a real worker is given to finish its work on a loaded machine.
WORKER_TIMEOUT = 60

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REGISTRANTS = 120  # three batches of RegistrationEmail.send_batch_size()
EVERYONE = [f"person{number}@probation.example" for number in range(REGISTRANTS)]


@pytest.fixture
def webinar_in_six_days(event_index):
    start = timezone.now() + timedelta(days=6)
    event = EventPageFactory(parent=event_index, title="Webinar on risk assessment", start=start)
    created = timezone.now() - timedelta(days=3)
    for number in range(REGISTRANTS):
        RegistrationFactory(
            event=event,
            email=EVERYONE[number],
            reminders_consent=True,
            created_at=created,
            status_changed_at=created,
        )
    return event


def test_a_real_worker_sends_each_due_reminder_exactly_once(webinar_in_six_days, smtp_sink, real_broker, worker):
    event_reminders_send.delay()
    wait_for(lambda: len(smtp_sink.received) >= REGISTRANTS, timeout=WORKER_TIMEOUT)
    wait_until_idle(real_broker)
    event_reminders_send.delay()
    outbox_sweep.delay()
    wait_until_idle(real_broker)

    recipients = smtp_sink.recipients()
    assert len(recipients) == REGISTRANTS
    assert set(recipients) == set(EVERYONE)
    assert {received.message["Subject"] for received in smtp_sink.received} == {
        "Reminder: Webinar on risk assessment starts in 6 days"
    }
    assert RegistrationEmail.objects.filter(status="sent", kind="reminder-168h").count() == REGISTRANTS


def test_a_row_held_by_a_dead_worker_is_sent_once_after_the_sweep(webinar_in_six_days, smtp_sink, real_broker, worker):
    reminders.reminders_create_due()
    # A worker claimed every row and died: its lease ran out ten minutes ago.
    claimed = outbox.claim(RegistrationEmail.objects.all(), limit=REGISTRANTS)
    RegistrationEmail.objects.filter(pk__in=claimed).update(lease_expires_at=timezone.now() - timedelta(minutes=1))
    assert len(claimed) == REGISTRANTS

    outbox_sweep.delay()
    wait_for(lambda: len(smtp_sink.received) >= REGISTRANTS, timeout=WORKER_TIMEOUT)
    wait_until_idle(real_broker)
    outbox_sweep.delay()
    event_reminders_send.delay()
    wait_until_idle(real_broker)

    assert sorted(smtp_sink.recipients()) == sorted(EVERYONE)
    assert set(RegistrationEmail.objects.values_list("status", "attempts")) == {("sent", 2)}


def test_two_claims_at_once_take_disjoint_rows(webinar_in_six_days):
    reminders.reminders_create_due()
    all_ids = set(RegistrationEmail.objects.values_list("pk", flat=True))
    holding, release = threading.Event(), threading.Event()
    first: list[int] = []

    def claim_and_hold():
        try:
            with transaction.atomic():
                first.extend(outbox.claim(RegistrationEmail.objects.all(), limit=50))
                holding.set()
                release.wait(timeout=30)  # its row locks are held until this transaction ends
        finally:
            connection.close()

    thread = threading.Thread(target=claim_and_hold)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")  # without SKIP LOCKED it would wait for the first
            second = outbox.claim(RegistrationEmail.objects.all(), limit=REGISTRANTS)
    finally:
        release.set()
        thread.join(timeout=30)

    assert len(first) == 50
    assert len(second) == REGISTRANTS - 50
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == all_ids
    assert outbox.claim(RegistrationEmail.objects.all(), limit=REGISTRANTS) == []
