"""Bounces and complaints: the return path each message goes out from, reports read from files and from a bounce
mailbox over IMAP, what they do to subscribers, and what staff see (newsletter.feedback, docs/bounces.md)."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from string import Template

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError
from django.db.models import Count
from django.utils import timezone

from core.models import SiteSettings
from core.roles import EDITORS, NEWSLETTER_EDITOR, roles_sync
from newsletter import bounces, feedback, mailbox, sending
from newsletter.models import Delivery, FeedbackEvent, IssueSending, Subscriber, UnprocessedFeedback
from newsletter.tasks import bounce_mailbox_read
from tests.core.test_settings import run_python
from tests.imap import imap_server
from tests.members.factories import UserFactory, VerifiedUserFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"
BOUNCE_ADDRESS = "bounces@cep-probation.org"
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def bounce_address(settings):
    settings.NEWSLETTER_BOUNCE_ADDRESS = BOUNCE_ADDRESS


@pytest.fixture
def archive(demo_site):
    return NewsletterIndexPageFactory(parent=demo_site)


@pytest.fixture
def issue(archive):
    return NewsletterIssuePageFactory(parent=archive, title="Newsletter December 2026")


def subscribe(email, status=Subscriber.Status.CONFIRMED, **fields):
    return Subscriber.objects.create(email=email, status=status, **fields)


def sent_delivery(issue, subscriber, number=None):
    """A delivery row as a worker leaves it: sent, with its Message-ID."""
    IssueSending.objects.get_or_create(issue=issue, defaults={"status": IssueSending.Status.SENT})
    return Delivery.objects.create(
        issue=issue,
        subscriber=subscriber,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        message_id=f"<{number or subscriber.pk}.177@www.cep-probation.org>",
    )


def report(name, delivery=None, *, recipient=None, report_id="r1", token=None, message_id=None) -> bytes:
    """A report from tests/newsletter/reports, about `delivery` as the relay or the mailbox provider writes it."""
    values = {
        "return_path": feedback.return_path(delivery.pk) if delivery else BOUNCE_ADDRESS,
        "recipient": recipient or delivery.subscriber.email,
        "message_id": message_id if message_id is not None else (delivery.message_id if delivery else "<x@y>"),
        "token": token if token is not None else (feedback.delivery_token(delivery.pk) if delivery else ""),
        "report_id": report_id,
    }
    return Template((REPORTS / name).read_text()).substitute(values).encode()


def status_of(subscriber):
    subscriber.refresh_from_db()
    return subscriber.status


# --- The return path ------------------------------------------------------------------------------------------


def test_each_message_goes_out_from_a_return_path_that_names_its_delivery(
    issue, smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://www.cep-probation.org"
    ana, ben = subscribe("ana@probation.example"), subscribe("ben@probation.example")
    with django_capture_on_commit_callbacks(execute=True):
        sending.sending_start(issue, by=None)

    for subscriber in (ana, ben):
        (received,) = [received for received in smtp_sink.received if received.to == subscriber.email]
        delivery = Delivery.objects.get(subscriber=subscriber)
        local, _at, domain = received.sender.partition("@")
        assert domain == "cep-probation.org" and local.startswith("bounces+")
        assert feedback.delivery_id_of_token(local.removeprefix("bounces+")) == delivery.pk
        # Readers see the newsletter's own From, once; the token is also in a header complaints quote.
        assert received.message.get_all("From") == ["CEP Newsletter <no-reply@cep-probation.org>"]
        assert received.message["X-CEP-Delivery"] == local.removeprefix("bounces+")
        assert received.message["Message-ID"] == delivery.message_id
        assert delivery.message_id.endswith("@www.cep-probation.org>")
    assert len({received.sender for received in smtp_sink.received}) == 2


def test_a_message_built_whole_also_goes_out_from_its_return_path_with_one_from(
    issue, smtp_sink, django_capture_on_commit_callbacks
):
    # A line too long to break makes each message whole rather than from shared bytes (newsletter.messages).
    issue.introduction = f'<p><a href="https://www.cep-probation.org/{"x" * 1200}">Report</a></p>'
    issue.save_revision()
    ana = subscribe("ana@probation.example")
    with django_capture_on_commit_callbacks(execute=True):
        sending.sending_start(issue, by=None)
    (received,) = smtp_sink.received
    assert received.sender == feedback.return_path(Delivery.objects.get(subscriber=ana).pk)
    assert received.message.get_all("From") == ["CEP Newsletter <no-reply@cep-probation.org>"]


def test_without_a_bounce_address_messages_go_out_from_the_newsletter_address(
    issue, smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BOUNCE_ADDRESS = ""
    subscribe("ana@probation.example")
    with django_capture_on_commit_callbacks(execute=True):
        sending.sending_start(issue, by=None)
    (received,) = smtp_sink.received
    assert received.sender == "no-reply@cep-probation.org"


def test_a_token_names_only_the_delivery_it_was_made_for():
    token = feedback.delivery_token(41)
    assert feedback.delivery_id_of_token(token) == 41
    assert feedback.delivery_id_of_token(token.upper()) == 41  # some servers change the local part's case
    number, signature = token.split("-")
    assert feedback.delivery_id_of_token(f"{feedback.int_to_base36(42)}-{signature}") is None
    assert feedback.delivery_id_of_token(f"{number}-{'a' * 16}") is None
    assert feedback.delivery_id_of_token("41") is None


# --- Reading reports ------------------------------------------------------------------------------------------


def test_a_permanent_failure_report_is_a_hard_bounce_with_its_status_and_diagnostic(issue):
    delivery = sent_delivery(issue, subscribe("gone@probation.example"))
    (found,) = bounces.reports_of(report("dsn_hard.eml", delivery))
    assert (found.kind, found.recipient, found.status_code) == ("hard", "gone@probation.example", "5.1.1")
    assert found.diagnostic.startswith("smtp; 550 5.1.1 <gone@probation.example>: Recipient address rejected:")
    assert feedback.delivery_token(delivery.pk) in found.tokens
    assert found.message_id == delivery.message_id
    assert found.occurred_at == datetime(2026, 12, 7, 9, 59, 58, tzinfo=UTC)


def test_a_failure_for_a_passing_reason_is_a_soft_bounce_and_a_delay_warning_counts_for_nothing(issue):
    delivery = sent_delivery(issue, subscribe("full@probation.example"))
    (found,) = bounces.reports_of(report("dsn_soft.eml", delivery))
    assert (found.kind, found.status_code, found.diagnostic) == ("soft", "4.2.2", "smtp; 452 4.2.2 Mailbox full")
    assert bounces.reports_of(report("dsn_delayed.eml", delivery)) == []


def test_a_feedback_report_is_a_complaint_about_the_original_recipient(issue):
    delivery = sent_delivery(issue, subscribe("angry@probation.example"))
    (found,) = bounces.reports_of(report("arf_complaint.eml", delivery))
    assert (found.kind, found.recipient, found.diagnostic) == (
        "complaint",
        "angry@probation.example",
        "Feedback-Type: abuse",
    )
    assert found.message_id == delivery.message_id
    assert found.tokens == (feedback.delivery_token(delivery.pk),) * 2  # X-CEP-Delivery and Return-Path


def test_an_auto_reply_is_not_a_report():
    with pytest.raises(bounces.NotAReport):
        bounces.reports_of(report("out_of_office.eml", recipient="ana@probation.example"))


# --- What reports do ------------------------------------------------------------------------------------------


def record(kind, subscriber, key, **fields):
    return feedback.feedback_record(kind=kind, source="webhook:test", key=key, address=subscriber.email, **fields)


def test_a_hard_bounce_marks_the_subscriber_bounced_at_once(issue):
    gone = subscribe("gone@probation.example")
    event = record("hard", gone, "k1", status_code="5.1.1")
    assert status_of(gone) == "bounced" and gone.bounce_count == 1
    assert (event.subscriber, event.delivery, event.source) == (gone, None, "webhook:test")


def test_soft_bounces_mark_the_subscriber_at_the_limit_within_the_period_staff_set(demo_site):
    full = subscribe("full@probation.example", confirmed_at=NOW - timedelta(days=400))
    with time_machine.travel(NOW - timedelta(days=40), tick=False):
        record("soft", full, "old")  # outside the 30 days when the third comes
    with time_machine.travel(NOW, tick=False):
        record("soft", full, "k1")
        record("soft", full, "k2")
        assert status_of(full) == "confirmed"
        record("soft", full, "k3")
        assert status_of(full) == "bounced" and full.bounce_count == 4

    staff_settings = SiteSettings.for_site(demo_site.get_site())
    staff_settings.newsletter_soft_bounce_limit = 2
    staff_settings.save()
    other = subscribe("other@probation.example")
    record("soft", other, "o1")
    assert status_of(other) == "confirmed"
    record("soft", other, "o2")
    assert status_of(other) == "bounced"


def test_soft_bounces_from_before_a_new_confirmation_do_not_count(demo_site):
    again = subscribe("again@probation.example")
    record("soft", again, "k1")
    record("soft", again, "k2")
    Subscriber.objects.filter(pk=again.pk).update(confirmed_at=timezone.now() + timedelta(seconds=1))
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        record("soft", again, "k3")
    assert status_of(again) == "confirmed"


def test_a_complaint_unsubscribes_at_once_in_the_consent_record(issue):
    angry = subscribe("angry@probation.example")
    with time_machine.travel(NOW, tick=False):
        record("complaint", angry, "k1")
    assert status_of(angry) == "unsubscribed" and angry.unsubscribed_at == NOW
    assert angry.bounce_count == 0


def test_the_same_report_arriving_twice_counts_once(issue):
    full = subscribe("full@probation.example")
    first = record("soft", full, "same")
    second = record("soft", full, "same")
    assert first == second and FeedbackEvent.objects.count() == 1
    full.refresh_from_db()
    assert full.bounce_count == 1


def test_the_token_names_the_delivery_before_the_message_id_and_the_address(issue):
    ana, ben = subscribe("ana@probation.example"), subscribe("ben@probation.example")
    ana_row, ben_row = sent_delivery(issue, ana), sent_delivery(issue, ben)
    by_token = feedback.feedback_record(
        kind="soft", source="mailbox", key="t", token=feedback.delivery_token(ana_row.pk),
        message_id=ben_row.message_id, address=ben.email,
    )  # fmt: skip
    assert by_token.delivery == ana_row
    forged = f"{feedback.int_to_base36(ana_row.pk)}-{'b' * 16}"
    by_message_id = feedback.feedback_record(
        kind="soft", source="mailbox", key="m", token=forged, message_id=ben_row.message_id.strip("<>"),
        address=ana.email,
    )  # fmt: skip
    assert by_message_id.delivery == ben_row
    by_address = feedback.feedback_record(kind="soft", source="mailbox", key="a", address="ANA@probation.example")
    assert (by_address.subscriber, by_address.delivery) == (ana, None)
    assert feedback.feedback_record(kind="hard", source="mailbox", key="n", address="nobody@example.org") is None
    with pytest.raises(ValueError):
        feedback.feedback_record(kind="bounce", source="mailbox", key="x", address=ana.email)


# --- The bounce mailbox ---------------------------------------------------------------------------------------


def test_the_mailbox_records_each_report_keeps_what_it_cannot_read_and_is_emptied(issue):
    gone, full, angry = (subscribe(f"{name}@probation.example") for name in ("gone", "full", "angry"))
    rows = {subscriber: sent_delivery(issue, subscriber) for subscriber in (gone, full, angry)}
    with imap_server() as (inbox, config):
        inbox.deliver(report("dsn_hard.eml", rows[gone], report_id="a"))
        inbox.deliver(report("dsn_soft.eml", rows[full], report_id="b"))
        inbox.deliver(report("dsn_delayed.eml", rows[full], report_id="c"))
        inbox.deliver(report("arf_complaint.eml", rows[angry], report_id="d"))
        inbox.deliver(report("out_of_office.eml", recipient="ana@probation.example", report_id="e"))
        # A report about an address the list never had.
        inbox.deliver(report("dsn_hard.eml", recipient="stranger@example.org", report_id="f", token="", message_id=""))

        outcome = mailbox.mailbox_read(config)
        assert outcome.as_dict() == {"mails": 6, "events": 3, "unprocessed": 2, "ignored": 1, "failed": 0}
        assert inbox.uids() == []
        assert mailbox.mailbox_read(config).as_dict() == {
            "mails": 0, "events": 0, "unprocessed": 0, "ignored": 0, "failed": 0,
        }  # fmt: skip

    assert (status_of(gone), status_of(full), status_of(angry)) == ("bounced", "confirmed", "unsubscribed")
    events = {event.subscriber: event for event in FeedbackEvent.objects.all()}
    assert {subscriber: (event.kind, event.delivery) for subscriber, event in events.items()} == {
        gone: ("hard", rows[gone]), full: ("soft", rows[full]), angry: ("complaint", rows[angry]),
    }  # fmt: skip
    assert {event.source for event in events.values()} == {"mailbox"}
    kept = {mail.reason: mail for mail in UnprocessedFeedback.objects.all()}
    assert set(kept) == {
        "Neither a delivery status notification (RFC 3464) nor a feedback report (RFC 5965).",
        "No subscriber found for stranger@example.org",
    }
    auto_reply = kept["Neither a delivery status notification (RFC 3464) nor a feedback report (RFC 5965)."]
    assert auto_reply.subject == "Automatic reply: Newsletter December 2026"
    assert b"out of the office until 4 January" in bytes(auto_reply.raw)


def test_mail_read_again_after_a_crash_records_nothing_twice(issue):
    gone = subscribe("gone@probation.example")
    raw = report("dsn_hard.eml", sent_delivery(issue, gone))
    with imap_server() as (inbox, config):
        inbox.deliver(raw)
        inbox.deliver(raw)  # as if the mail had been recorded but not deleted
        inbox.deliver(report("out_of_office.eml", recipient="a@b.example"))
        inbox.deliver(report("out_of_office.eml", recipient="a@b.example"))
        mailbox.mailbox_read(config)
    assert FeedbackEvent.objects.count() == 1 and UnprocessedFeedback.objects.count() == 1
    gone.refresh_from_db()
    assert gone.bounce_count == 1


def test_a_mail_that_cannot_be_recorded_stays_in_the_mailbox_and_the_others_go_on(issue, monkeypatch):
    gone, full = subscribe("gone@probation.example"), subscribe("full@probation.example")
    with imap_server() as (inbox, config):
        inbox.deliver(report("dsn_soft.eml", sent_delivery(issue, full)))
        inbox.deliver(report("dsn_hard.eml", sent_delivery(issue, gone)))
        recorded = feedback.feedback_record

        def fails_for_soft_bounces(**fields):
            if fields["kind"] == "soft":
                raise DatabaseError("the database went away")
            return recorded(**fields)

        monkeypatch.setattr(mailbox, "feedback_record", fails_for_soft_bounces)
        assert mailbox.mailbox_read(config).failed == 1
        assert len(inbox.uids()) == 1
        monkeypatch.setattr(mailbox, "feedback_record", recorded)
        mailbox.mailbox_read(config)
        assert inbox.uids() == []
    assert (status_of(gone), FeedbackEvent.objects.filter(subscriber=full).count()) == ("bounced", 1)


def test_the_command_reads_the_mailbox_named_by_the_setting(issue, settings, capsys):
    gone = subscribe("gone@probation.example")
    with imap_server() as (inbox, config):
        settings.NEWSLETTER_BOUNCE_IMAP = config
        inbox.deliver(report("dsn_hard.eml", sent_delivery(issue, gone)))
        call_command("read_bounce_mailbox")
    assert "bounces and complaints recorded: 1" in capsys.readouterr().out
    assert status_of(gone) == "bounced"


def test_beat_s_task_reads_the_mailbox_and_without_one_does_nothing(issue, settings):
    gone = subscribe("gone@probation.example")
    settings.NEWSLETTER_BOUNCE_IMAP = {}
    assert bounce_mailbox_read.delay().get()["mails"] == 0
    with imap_server() as (inbox, config):
        settings.NEWSLETTER_BOUNCE_IMAP = config
        inbox.deliver(report("dsn_hard.eml", sent_delivery(issue, gone)))
        assert bounce_mailbox_read.delay().get()["events"] == 1
    assert status_of(gone) == "bounced"


def test_a_wrong_password_leaves_the_mail_where_it_is(issue):
    with imap_server() as (inbox, config):
        inbox.deliver(report("out_of_office.eml", recipient="a@b.example"))
        with pytest.raises(mailbox.imaplib.IMAP4.error):
            mailbox.mailbox_read({**config, "password": "wrong"})
        assert len(inbox.uids()) == 1
    assert not UnprocessedFeedback.objects.exists()


# --- The admin ------------------------------------------------------------------------------------------------


def admin_client(client, role):
    roles_sync()
    person = UserFactory()
    person.groups.set([Group.objects.get(name=role)])
    client.force_login(person)
    return client


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_the_sending_report_counts_bounces_and_complaints_and_lists_who(client, issue):
    gone, full, angry = (subscribe(f"{name}@probation.example") for name in ("gone", "full", "angry"))
    subscribe("fine@probation.example")
    for subscriber, kind in ((gone, "hard"), (full, "soft"), (angry, "complaint")):
        delivery = sent_delivery(issue, subscriber)
        record(kind, subscriber, f"{kind}1", delivery_id=delivery.pk, diagnostic=f"{kind} diagnostic")
    record("soft", full, "soft2", delivery_id=Delivery.objects.get(subscriber=full).pk)
    admin_client(client, NEWSLETTER_EDITOR)

    page = soup(client.get(f"/admin/newsletter/sendings/{issue.pk}/progress/"))
    counts = {cell["data-feedback"]: cell.get_text(strip=True) for cell in page.select("[data-feedback]")}
    assert counts == {"hard": "1", "soft": "1", "complaint": "1"}
    listing = page.select_one("[data-feedback=hard] a")["href"]
    rows = soup(client.get(listing)).select("#sending-feedback tbody tr")
    assert [row.get_text(" ", strip=True) for row in rows][0].startswith("gone@probation.example Bounced")
    complaints = soup(client.get(f"/admin/newsletter/feedback/sendings/{issue.pk}/complaint/"))
    assert "angry@probation.example Unsubscribed" in complaints.select_one("#sending-feedback").get_text(
        " ", strip=True
    )
    assert client.get(f"/admin/newsletter/feedback/sendings/{issue.pk}/bogus/").status_code == 404

    index = soup(client.get("/admin/newsletter/sendings/"))
    assert [cell.get_text(strip=True) for cell in index.select("tbody tr td")][-2:] == ["1", "1"]


def test_a_subscriber_page_shows_their_bounces_and_complaints(client, issue):
    full = subscribe("full@probation.example")
    delivery = sent_delivery(issue, full)
    record("soft", full, "s1", delivery_id=delivery.pk, status_code="4.2.2", diagnostic="452 4.2.2 Mailbox full")
    admin_client(client, NEWSLETTER_EDITOR)
    page = soup(client.get(f"/admin/newsletter/subscribers/inspect/{full.pk}/"))
    (row,) = page.select("#subscriber-feedback tbody tr")
    text = row.get_text(" ", strip=True)
    assert "Soft bounce Newsletter December 2026 webhook:test 4.2.2 452 4.2.2 Mailbox full" in text


def test_unprocessed_mail_is_listed_for_newsletter_staff_only_and_can_be_discarded(client, issue):
    kept = mailbox.unprocessed_keep(report("out_of_office.eml", recipient="a@b.example"), "Not a report.")
    admin_client(client, EDITORS)
    # Wagtail sends who may not see a page back to the dashboard.
    for refused in (
        client.get("/admin/newsletter/feedback/"),
        client.get(f"/admin/newsletter/feedback/{kept.pk}/"),
        client.post(f"/admin/newsletter/feedback/{kept.pk}/delete/"),
    ):
        assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert UnprocessedFeedback.objects.exists()

    admin_client(client, NEWSLETTER_EDITOR)
    listing = soup(client.get("/admin/newsletter/feedback/"))
    (row,) = listing.select("#unprocessed-feedback tbody tr")
    assert "Automatic reply: Newsletter December 2026" in row.get_text() and "Not a report." in row.get_text()
    detail = soup(client.get(row.find("a")["href"]))
    assert "out of the office until 4 January" in detail.select_one("#unprocessed-raw").get_text()
    # The header names each page by its last breadcrumb; the detail's lead back to the list.
    crumbs = [
        [item.get_text(" ", strip=True) for item in page.select('nav[aria-label="Breadcrumb"] li')]
        for page in (listing, detail)
    ]
    assert crumbs[0][-1] == "Unprocessed feedback"
    assert crumbs[1][-2:] == ["Unprocessed feedback", "Automatic reply: Newsletter December 2026"]
    assert client.get("/admin/newsletter/feedback/999999/").status_code == 404
    response = client.post(f"/admin/newsletter/feedback/{kept.pk}/delete/")
    assert response.status_code == 302 and not UnprocessedFeedback.objects.exists()


# --- The issue's scenario -------------------------------------------------------------------------------------

SCENARIO_SUBSCRIBERS = 2000


@pytest.mark.slow
def test_a_sending_to_2000_where_reports_come_back_later_ends_with_the_right_statuses_and_counts(
    client, issue, smtp_sink, django_capture_on_commit_callbacks
):
    """Issue 22: 50 addresses hard-bounce after the relay took the mail, 30 soft-bounce three times, 5 complain."""
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{number}@probation.example", status="confirmed") for number in range(2000)],
        batch_size=1000,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending.sending_start(issue, by=None)
    assert len(smtp_sink.received) == SCENARIO_SUBSCRIBERS
    # Each report goes back to the MAIL FROM its message carried, and quotes the message's headers.
    sent = {received.to: received for received in smtp_sink.received}

    def report_to(number, name, report_id):
        received = sent[f"reader{number}@probation.example"]
        values = {
            "return_path": received.sender,
            "recipient": received.to,
            "message_id": received.message["Message-ID"],
            "token": received.message["X-CEP-Delivery"],
            "report_id": report_id,
        }
        return Template((REPORTS / name).read_text()).substitute(values).encode()

    hard, soft, complaining = range(0, 50), range(100, 130), range(200, 205)
    with imap_server() as (inbox, config):
        for number in hard:
            inbox.deliver(report_to(number, "dsn_hard.eml", f"hard{number}"))
        for attempt in range(3):
            for number in soft:
                inbox.deliver(report_to(number, "dsn_soft.eml", f"soft{number}-{attempt}"))
        for number in complaining:
            inbox.deliver(report_to(number, "arf_complaint.eml", f"arf{number}"))
        for number in (300, 301):  # warnings while a relay still tries
            inbox.deliver(report_to(number, "dsn_delayed.eml", f"delayed{number}"))
        inbox.deliver(report("out_of_office.eml", recipient="reader400@probation.example", report_id="ooo"))
        outcome = mailbox.mailbox_read(config)
        assert inbox.uids() == []

    assert outcome.as_dict() == {"mails": 148, "events": 50 + 90 + 5, "unprocessed": 1, "ignored": 2, "failed": 0}
    statuses = dict(Subscriber.objects.values_list("status").annotate(count=Count("pk")))
    assert statuses == {"confirmed": 2000 - 50 - 30 - 5, "bounced": 50 + 30, "unsubscribed": 5}
    by_number = {
        int(email.removeprefix("reader").partition("@")[0]): status
        for email, status in Subscriber.objects.values_list("email", "status")
    }
    assert {by_number[number] for number in hard} == {"bounced"}
    assert {by_number[number] for number in soft} == {"bounced"}
    assert {by_number[number] for number in complaining} == {"unsubscribed"}

    admin_client(client, NEWSLETTER_EDITOR)
    page = soup(client.get(f"/admin/newsletter/sendings/{issue.pk}/progress/"))
    counts = {cell["data-feedback"]: cell.get_text(strip=True) for cell in page.select("[data-feedback]")}
    assert counts == {"hard": "50", "soft": "30", "complaint": "5"}
    assert page.select_one("[data-status=sent]").get_text(strip=True) == "2000"


@pytest.mark.slow
def test_the_mailbox_url_is_read_into_its_parts_and_a_wrong_one_stops_the_start():
    show = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.NEWSLETTER_BOUNCE_IMAP))"
    )
    url = "imaps://bounces%40cep-probation.org:p%3Ass%20word@mail.example.org/Bounces"
    result = run_python(show, settings_module="cep_site.settings.dev", NEWSLETTER_BOUNCE_IMAP_URL=url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ssl": True, "host": "mail.example.org", "port": 993, "user": "bounces@cep-probation.org",
        "password": "p:ss word", "folder": "Bounces",
    }  # fmt: skip
    wrong = run_python(show, settings_module="cep_site.settings.dev", NEWSLETTER_BOUNCE_IMAP_URL="pop3://x@host/")
    assert wrong.returncode != 0 and "NEWSLETTER_BOUNCE_IMAP_URL: give imaps://" in wrong.stderr


def test_a_person_s_data_export_holds_what_was_reported_about_their_address(client, demo_site):
    person = VerifiedUserFactory(email="angry@probation.example")
    angry = subscribe(person.email, user=person)
    with time_machine.travel(NOW, tick=False):
        record("complaint", angry, "k1")
    client.force_login(person)
    export = json.loads(client.get("/account/data.json").content)
    (subscription,) = export["newsletter_subscriptions"]
    assert subscription["status"] == "unsubscribed"
    assert subscription["bounces_and_complaints"] == [
        {"kind": "complaint", "occurred_at": "2026-12-10T09:00:00Z", "source": "webhook:test"}
    ]
