"""Pacing, deferral and pause of a newsletter sending, in this process against the SMTP sink: the shared sending
rate, a server that struggles mid-batch, a batch that outlasts its lease, staff pausing and resuming from the admin,
and the lists behind the report's numbers. The same on real workers over Redis: test_pacing_worker.py."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.test import Client

from wagtail.models import PageLogEntry

from core import outbox
from core.send_rate import SendRate
from newsletter import sending
from newsletter.models import Delivery, IssueSending, Subscriber
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from tests.smtp import TRANSIENT

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def issue(demo_site):
    return NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site), title="March 2027")


def readers(count):
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{number:03}@probation.example", status="confirmed") for number in range(count)]
    )
    return [f"reader{number:03}@probation.example" for number in range(count)]


def started(issue) -> list[int]:
    """The sending started: its rows made, no worker woken (each test sends them as a worker would)."""
    return sending.deliveries_create(IssueSending.objects.create(issue=issue))


# --- The shared rate ------------------------------------------------------------------------------------------


def turns_taken(rate: SendRate, threads: int, each: int) -> list[float]:
    times, lock = [], threading.Lock()

    def take():
        for _ in range(each):
            rate.wait_turn()
            with lock:
                times.append(time.monotonic())

    workers = [threading.Thread(target=take) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sorted(times)


def test_senders_together_take_turns_no_faster_than_the_rate(settings):
    # With REDIS_URL (CI) the schedule is Redis's; without, this process's: the same rule either way.
    rate = SendRate(f"test-{time.monotonic_ns()}", per_minute=600)
    times = turns_taken(rate, threads=3, each=6)
    measured_per_minute = (len(times) - 1) / (times[-1] - times[0]) * 60
    assert 540 < measured_per_minute <= 600  # spaced evenly, not in bursts
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert sum(gap < 0.05 for gap in gaps) <= 1  # no two turns together (a 0.1 s interval)


def test_no_rate_means_no_wait():
    rate = SendRate("unlimited", per_minute=0)
    started_at = time.monotonic()
    assert [rate.wait_turn() for _ in range(100)] == [0.0] * 100
    assert time.monotonic() - started_at < 0.5


# --- A struggling server, mid-batch ---------------------------------------------------------------------------


def test_a_server_that_struggles_mid_batch_defers_the_rest_without_spending_their_tries(
    issue, smtp_sink, settings, frozen_now, client
):
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = 1200  # paced: a message every 50 ms
    everyone = readers(8)
    smtp_sink.refuse(everyone[2], TRANSIENT)  # 451: the server's own trouble
    ids = started(issue)

    assert sending.deliveries_send(ids) == {"sent": 2, "failed": 0, "retry": 6, "skipped": 0}
    assert smtp_sink.recipients() == everyone[:2]
    rows = {row.subscriber.email: row for row in Delivery.objects.select_related("subscriber")}
    refused = rows[everyone[2]]
    assert (refused.status, refused.attempts, refused.lease_expires_at) == ("queued", 1, NOW + timedelta(minutes=1))
    assert "451" in refused.error
    for address in everyone[3:]:  # never tried: their try given back, waiting as long as the refused one
        assert (rows[address].status, rows[address].attempts) == ("queued", 0)
        assert rows[address].lease_expires_at == NOW + timedelta(minutes=1)

    # The sweep leaves them until their time, then sends them once.
    assert outbox.sweep()["newsletter.Delivery"] == {"requeued": 0, "enqueued": 0}
    smtp_sink.accept(everyone[2])
    frozen_now.shift(timedelta(minutes=1))
    assert sending.deliveries_send(ids)["sent"] == 6
    assert sorted(smtp_sink.recipients()) == everyone
    assert IssueSending.objects.get().status == IssueSending.Status.SENT


def test_the_report_shows_deferred_deliveries_with_their_next_try(issue, smtp_sink, frozen_now, client):
    client.force_login(get_user_model().objects.create_superuser(email="staff@cep-probation.org", password="x"))
    everyone = readers(5)
    smtp_sink.refuse(everyone[1], "421 4.7.0 Too many messages, slow down")
    sending.deliveries_send(started(issue))

    page = BeautifulSoup(client.get(f"/admin/newsletter/sendings/{issue.pk}/progress/").content, "html.parser")
    counts = {cell["data-status"]: cell.get_text(strip=True) for cell in page.select("#sending-progress td")}
    assert (counts["sent"], counts["deferred"], counts["queued"], counts["failed"]) == ("1", "4", "0", "0")
    assert "next try 2 March 2027, 10:01 CET" in page.select_one("#sending-progress").get_text(" ", strip=True)

    deferred_link = page.select_one('#sending-progress td[data-status="deferred"] a')["href"]
    listing = BeautifulSoup(client.get(deferred_link).content, "html.parser")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in listing.select("#deliveries tr")]
    assert [row[0] for row in rows[1:]] == everyone[1:]  # after the header
    assert rows[1][1:3] == ["1", "2 Mar 2027, 10:01 CET"] and "421" in rows[1][3]
    assert rows[2][1:3] == ["0", "2 Mar 2027, 10:01 CET"]


def test_a_batch_sent_slower_than_its_lease_keeps_its_rows_from_the_sweep(issue, smtp_sink, frozen_now):
    everyone = readers(6)
    ids = started(issue)
    claimed = outbox.claim(Delivery.objects.filter(pk__in=ids), limit=len(ids))
    sweeps = []

    def slow_turn():
        # A low rate: four minutes between messages, so the batch outlasts the ten-minute lease; beat sweeps.
        frozen_now.shift(timedelta(minutes=4))
        sweeps.append(outbox.requeue_expired(Delivery))

    outcome = outbox.send_claimed(Delivery, claimed, sending.IssueMessages(), related=("subscriber",), pace=slow_turn)
    assert outcome["sent"] == 6
    assert sweeps == [0] * 6
    assert smtp_sink.recipients() == everyone  # each once


# --- Pause and resume -----------------------------------------------------------------------------------------


@pytest.fixture
def staff(demo_site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_superuser(email="staff@cep-probation.org", password="x"))
    return client


def post_with_token(client, url, data):
    """What the admin's form posts: the CSRF token from a page of the admin (the issue's editor)."""
    page = client.get("/admin/pages/{}/edit/".format(url.split("/")[-3]))
    token = BeautifulSoup(page.content, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, follow=True)


def test_staff_pause_a_sending_workers_take_none_of_it_and_resume_sends_the_rest_once(
    issue, smtp_sink, staff, django_capture_on_commit_callbacks
):
    everyone = readers(12)
    ids = started(issue)
    first = outbox.claim(Delivery.objects.filter(pk__in=ids), limit=4)
    sending.claimed_send(first)
    pause_url = f"/admin/newsletter/sendings/{issue.pk}/pause/"

    assert staff.post(pause_url, {"action": "pause"}).status_code == 403  # no CSRF token
    response = post_with_token(staff, pause_url, {"action": "pause"})
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Sending paused" in text and "Resume sending" in text
    assert IssueSending.objects.get().status == IssueSending.Status.PAUSED

    # Workers woken for the rest, and the sweep, take none of it; nothing finishes it.
    assert sending.deliveries_send(ids) == {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    assert outbox.sweep()["newsletter.Delivery"] == {"requeued": 0, "enqueued": 0}
    assert sending.sendings_finish() == 0
    assert len(smtp_sink.received) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = post_with_token(staff, pause_url, {"action": "resume"})
    assert "Sending resumed where it stopped" in response.content.decode()
    assert sorted(smtp_sink.recipients()) == everyone  # each exactly once
    assert IssueSending.objects.get().status == IssueSending.Status.SENT
    actions = PageLogEntry.objects.filter(page=issue).values_list("action", "user__email")
    assert set(actions) >= {
        ("cep.newsletter.pause", "staff@cep-probation.org"),
        ("cep.newsletter.resume", "staff@cep-probation.org"),
    }


def test_a_batch_being_sent_stops_when_its_sending_is_paused(issue, smtp_sink):
    readers(10)
    ids = started(issue)
    claimed = outbox.claim(Delivery.objects.filter(pk__in=ids), limit=len(ids))
    sendings = IssueSending.objects.filter(issue=issue)

    def turn():
        if len(smtp_sink.received) == 3:
            sendings.update(status=IssueSending.Status.PAUSED)  # staff, meanwhile
            sending.SendingPaused.CHECK_EVERY_SECONDS = 0  # asked at once rather than within the second

    try:
        outcome = outbox.send_claimed(
            Delivery, claimed, sending.IssueMessages(), related=("subscriber",), pace=turn,
            halted=sending.SendingPaused([issue.pk]),
        )  # fmt: skip
    finally:
        sending.SendingPaused.CHECK_EVERY_SECONDS = 1.0
    assert (outcome["sent"], outcome["retry"]) == (3, 7)
    assert len(smtp_sink.received) == 3
    untried = Delivery.objects.filter(status="queued")
    assert untried.count() == 7 and not untried.filter(attempts__gt=0).exists()  # their tries given back


def test_only_a_sending_under_way_can_be_paused_and_only_a_paused_one_resumed(issue, staff):
    IssueSending.objects.create(issue=issue)  # scheduled
    response = post_with_token(staff, f"/admin/newsletter/sendings/{issue.pk}/pause/", {"action": "pause"})
    assert "The sending is scheduled: nothing was changed." in response.content.decode()
    assert IssueSending.objects.get().status == IssueSending.Status.SCHEDULED
    assert staff.get(f"/admin/newsletter/sendings/{issue.pk}/pause/").status_code == 405


# --- The lists behind the numbers -----------------------------------------------------------------------------


def test_each_list_is_paginated_and_costs_the_same_queries_however_long(issue, client, django_assert_max_num_queries):
    client.force_login(get_user_model().objects.create_superuser(email="staff@cep-probation.org", password="x"))
    everyone = readers(120)
    started(issue)
    Delivery.objects.update(status="sent", sent_at=NOW)
    url = f"/admin/newsletter/sendings/{issue.pk}/deliveries/sent/"

    first = BeautifulSoup(client.get(url).content, "html.parser")
    assert "120 delivered deliveries of this issue" in first.get_text(" ", strip=True)
    assert len(first.select("#deliveries tbody tr")) == 50
    last = BeautifulSoup(client.get(url + "?p=3").content, "html.parser")
    assert [row.td.get_text() for row in last.select("#deliveries tbody tr")] == everyone[100:]
    assert client.get(url + "?p=nonsense").status_code == 200
    assert client.get(f"/admin/newsletter/sendings/{issue.pk}/deliveries/everything/").status_code == 404

    with django_assert_max_num_queries(30) as few:
        client.get(url + "?p=2")
    Delivery.objects.filter(subscriber__email__in=everyone[:3]).update(status="failed", error="550 No such user")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url + "?p=2")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url.replace("/sent/", "/failed/"))
