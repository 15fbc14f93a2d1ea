"""Newsletter issues: the bi-monthly draft, the e-mail rendered once, sending through the outbox (eager tasks and the
locmem outbox here, or the SMTP sink), the public archive and its feed, and the admin's test send, send and
progress pages. The real worker over Redis is in test_sending_worker.py.
"""

import email
import email.policy
import io
import json
import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory

from wagtail.models import Site

from core import outbox
from core.models import SiteSettings
from core.tasks import outbox_sweep
from demo.site import placeholder_image
from newsletter import drafting, feedback, links, messages, sending
from newsletter.models import Delivery, FeedbackEvent, IssueSending, NewsletterIssuePage, Subscriber
from newsletter.rendering import MAIL_LINE_BYTES, mail_lines, newsletter_settings
from newsletter.tasks import newsletter_scheduled_send
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.smtp import PERMANENT, TRANSIENT
from tests.topics.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

# The 1st of January 2027, 06:00 UTC: when beat drafts the January issue.
NOW = datetime(2027, 1, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def archive(demo_site):
    return NewsletterIndexPageFactory(parent=demo_site)


@pytest.fixture
def site_settings(demo_site):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.newsletter_sender_name = "CEP Newsletter"
    settings.newsletter_sender_email = "newsletter@cep-probation.org"
    settings.newsletter_reply_to = "editors@cep-probation.org"
    settings.address = "Postbus 8215\n3503 RE Utrecht\nThe Netherlands"
    settings.save()
    return settings


def subscribe(email, status=Subscriber.Status.CONFIRMED):
    return Subscriber.objects.create(email=email, status=status)


def sent_issue(archive, title, *, covers_until, sent_at):
    issue = NewsletterIssuePageFactory(parent=archive, title=title, covers_until=covers_until)
    IssueSending.objects.create(
        issue=issue, status=IssueSending.Status.SENT, send_at=sent_at, started_at=sent_at, finished_at=sent_at
    )
    return issue


@pytest.fixture
def published_content(demo_site, archive, frozen_now):
    """A previous issue that covered until 1 November 2026, and pages published before and after it."""
    previous_end = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    sent_issue(archive, "Newsletter November 2026", covers_until=previous_end, sent_at=previous_end)
    news_index = NewsIndexPageFactory(parent=demo_site)
    events_index = EventIndexPageFactory(parent=demo_site)
    projects_index = ProjectIndexPageFactory(parent=demo_site)
    resources_index = ResourceIndexPageFactory(parent=demo_site)

    def published(days_ago):
        return NOW - timedelta(days=days_ago)

    pages = {
        "old news": NewsPageFactory(parent=news_index, title="Old news", first_published_at=published(90)),
        "news": NewsPageFactory(
            parent=news_index,
            title="Probation in Lithuania",
            date=datetime(2026, 12, 10).date(),
            teaser="A visit to the Lithuanian probation service.",
            listing_image=placeholder_image(title="Vilnius"),
            first_published_at=published(20),
        ),
        "newer news": NewsPageFactory(
            parent=news_index,
            title="New board elected",
            date=datetime(2026, 12, 20).date(),
            first_published_at=published(10),
        ),
        "webinar": EventPageFactory(
            parent=events_index, title="Webinar on risk assessment", start=datetime(2027, 1, 21, 13, 0, tzinfo=UTC)
        ),
        "far event": EventPageFactory(
            parent=events_index, title="Conference next summer", start=datetime(2027, 6, 10, 8, 0, tzinfo=UTC)
        ),
        "past event": EventPageFactory(
            parent=events_index, title="Autumn workshop", start=datetime(2026, 10, 7, 12, 0, tzinfo=UTC)
        ),
        "project": ProjectPageFactory(parent=projects_index, title="EMPRO", first_published_at=published(30)),
        "resource": ResourcePageFactory(
            parent=resources_index, title="Guidelines on volunteers", first_published_at=published(5)
        ),
        "old resource": ResourcePageFactory(
            parent=resources_index, title="Old leaflet", first_published_at=published(400)
        ),
    }
    return pages


def draft_sections(issue):
    draft = issue.get_latest_revision_as_object()
    return [(block.value["heading"], [page.title for page in block.value["pages"]]) for block in draft.body]


# --- The bi-monthly draft -------------------------------------------------------------------------------------


def test_the_draft_gathers_what_was_published_since_the_last_issue(published_content, archive):
    issue = drafting.issue_draft()

    assert issue.title == "Newsletter January 2027"
    assert issue.get_parent().pk == archive.pk
    assert not issue.live and issue.has_unpublished_changes and issue.revisions.count() == 1
    assert issue.covers_from == datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    assert issue.covers_until == NOW
    assert draft_sections(issue) == [
        ("Latest news", ["New board elected", "Probation in Lithuania"]),
        ("Upcoming events", ["Webinar on risk assessment"]),
        ("New projects and resources", ["EMPRO", "Guidelines on volunteers"]),
    ]
    assert drafting.INTRODUCTION_PLACEHOLDER in issue.get_latest_revision_as_object().introduction


def test_an_item_is_in_one_issue_however_late_it_was_published_or_long_an_event_lasts(demo_site, archive, frozen_now):
    news_index = NewsIndexPageFactory(parent=demo_site)
    events_index = EventIndexPageFactory(parent=demo_site)
    # As on the demo: the last issue covered until 1 November, and carries news first published after that.
    carried = NewsPageFactory(parent=news_index, title="Already sent", first_published_at=NOW - timedelta(days=20))
    previous_end = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    previous = sent_issue(archive, "Newsletter November 2026", covers_until=previous_end, sent_at=previous_end)
    previous.body = json.dumps([drafting.section_block("Latest news", [carried])])
    previous.save()
    NewsPageFactory(parent=news_index, title="Fresh news", first_published_at=NOW - timedelta(days=5))
    EventPageFactory(
        parent=events_index,
        title="Exhibition on probation",
        start=datetime(2027, 2, 20, 9, 0, tzinfo=UTC),
        end=datetime(2027, 4, 20, 17, 0, tzinfo=UTC),
    )

    january = drafting.issue_draft()
    assert draft_sections(january) == [
        ("Latest news", ["Fresh news"]),
        ("Upcoming events", ["Exhibition on probation"]),
    ]

    # January's is not sent yet when March's is drafted; still, nothing of it comes again.
    frozen_now.move_to(datetime(2027, 3, 1, 6, 0, tzinfo=UTC))
    NewsPageFactory(
        parent=news_index,
        title="Later news",
        date=datetime(2027, 2, 15).date(),
        first_published_at=datetime(2027, 2, 15, tzinfo=UTC),
    )
    march = drafting.issue_draft()
    assert draft_sections(march) == [("Latest news", ["Later news"])]

    # An editor takes "Later news" out of March's draft: May's has it, with what is new.
    draft = march.get_latest_revision_as_object()
    draft.body = json.dumps([])
    draft.save_revision()
    frozen_now.move_to(datetime(2027, 5, 1, 6, 0, tzinfo=UTC))
    NewsPageFactory(
        parent=news_index,
        title="May news",
        date=datetime(2027, 4, 10).date(),
        first_published_at=datetime(2027, 4, 10, tzinfo=UTC),
    )
    may = drafting.issue_draft()
    assert draft_sections(may) == [("Latest news", ["May news", "Later news"])]


def test_drafting_again_in_the_same_month_makes_nothing(published_content, frozen_now):
    first = drafting.issue_draft()
    frozen_now.shift(timedelta(hours=3))
    output = io.StringIO()
    call_command("draft_newsletter_issue", stdout=output)
    assert drafting.issue_draft().pk == first.pk
    assert "Newsletter January 2027" in output.getvalue()
    assert NewsletterIssuePage.objects.filter(title__startswith="Newsletter January").count() == 1


def test_without_an_earlier_issue_the_draft_covers_the_last_two_months(archive, frozen_now):
    issue = drafting.issue_draft()
    assert issue.covers_from == datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    assert draft_sections(issue) == []


def test_no_archive_page_means_no_draft(demo_site, frozen_now):
    assert drafting.issue_draft() is None


def test_beat_drafts_at_six_on_the_first_of_every_second_month(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["draft-newsletter-issue"]
    schedule = entry["schedule"]
    assert entry["task"] == "newsletter.tasks.newsletter_issue_draft"
    assert (schedule.minute, schedule.hour, schedule.day_of_month) == ({0}, {6}, {1})
    assert schedule.month_of_year == {1, 3, 5, 7, 9, 11}
    for task in ("newsletter.tasks.newsletter_scheduled_send", "core.tasks.outbox_sweep"):
        (entry,) = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"].endswith(task)]
        assert entry["schedule"] == 60


# --- Rendering and sending ------------------------------------------------------------------------------------


@pytest.fixture
def issue(published_content, archive):
    issue = drafting.issue_draft()
    draft = issue.get_latest_revision_as_object()
    draft.introduction = '<p>Dear colleagues, read <a href="/news/">all our news</a>.</p>'
    draft.save_revision()
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def send(issue, *, by=None, send_at=None, capture):
    with capture(execute=True):
        return sending.sending_start(issue, by=by, send_at=send_at)


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def test_each_confirmed_subscriber_gets_the_issue_once_and_nobody_else(
    issue, site_settings, django_capture_on_commit_callbacks
):
    subscribe("ana@probation.example")
    subscribe("ben@probation.example")
    subscribe("waiting@probation.example", Subscriber.Status.PENDING)
    subscribe("gone@probation.example", Subscriber.Status.UNSUBSCRIBED)
    subscribe("bounced@probation.example", Subscriber.Status.BOUNCED)

    sending_row = send(issue, capture=django_capture_on_commit_callbacks)
    again = send(issue, capture=django_capture_on_commit_callbacks)

    assert again.pk == sending_row.pk
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@probation.example", "ben@probation.example"]
    assert Delivery.objects.filter(issue=issue).count() == 2
    sending_row.refresh_from_db()
    assert sending_row.status == IssueSending.Status.SENT and sending_row.finished_at is not None
    issue.refresh_from_db()
    assert issue.live and not issue.has_unpublished_changes  # sending published the latest revision


def test_the_issue_is_rendered_once_and_only_the_unsubscribe_link_differs(
    issue, site_settings, django_capture_on_commit_callbacks
):
    ana, ben = subscribe("ana@probation.example"), subscribe("ben@probation.example")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sending_row = sending.sending_start(issue, by=None)
    # An edit after the start changes nothing that is sent.
    draft = issue.get_latest_revision_as_object()
    draft.title = "Renamed after the start"
    draft.save_revision().publish()
    for callback in callbacks:
        callback()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert {message.subject for message in mail.outbox} == {"Newsletter January 2027"}
    ana_link, ben_link = links.unsubscribe_url(ana), links.unsubscribe_url(ben)
    assert ana_link != ben_link
    assert ana_link in html_of(by_address[ana.email]) and ana_link in by_address[ana.email].body
    assert html_of(by_address[ana.email]).replace(ana_link, "LINK") == html_of(by_address[ben.email]).replace(
        ben_link, "LINK"
    )
    sending_row.refresh_from_db()
    assert html_of(by_address[ana.email]) == sending_row.html.replace("%%CEP_UNSUBSCRIBE_URL%%", ana_link)


def test_the_email_is_html_in_tables_with_inline_styles_a_text_part_and_absolute_urls(
    issue, site_settings, django_capture_on_commit_callbacks
):
    subscribe("ana@probation.example")
    send(issue, capture=django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    html = html_of(message)
    soup = BeautifulSoup(html, "html.parser")

    assert soup.select('table[role="presentation"]') and not soup.select("style, link[rel=stylesheet]")
    assert all(element.get("style") for element in soup.select("td, p, h1, h2"))
    urls = [element["href"] for element in soup.select("a[href]")] + [image["src"] for image in soup.select("img")]
    assert urls and all(re.match(r"(https?://|mailto:)", url) for url in urls), urls
    root = Site.objects.get(is_default_site=True).root_url
    assert f"{root}/news/" in [link["href"] for link in soup.select("a")]  # the introduction's own link
    (image,) = soup.select("img")
    assert image["src"].startswith(f"{root}/media/images/") and image["alt"] is not None
    assert [heading.get_text() for heading in soup.select("h2")] == [
        "Latest news",
        "Upcoming events",
        "New projects and resources",
    ]

    text = message.body
    assert f"Dear colleagues, read all our news ({root}/news/)." in text
    assert "Probation in Lithuania\n10 Dec 2026\nA visit to the Lithuanian probation service." in text
    assert "Webinar · Thursday 21 January 2027, 14:00 CET · Online" in text
    assert "<" not in text


def test_every_message_has_one_click_unsubscribe_headers_and_the_senders_from_site_settings(
    issue, site_settings, django_capture_on_commit_callbacks
):
    ana = subscribe("ana@probation.example")
    send(issue, capture=django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    link = links.unsubscribe_url(ana)

    assert link.startswith("http") and ana.token in link
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.from_email == "CEP Newsletter <newsletter@cep-probation.org>"
    assert message.reply_to == ["editors@cep-probation.org"]
    for part in (message.body, html_of(message)):
        assert "Postbus 8215" in part and "3503 RE Utrecht" in part


def test_the_message_that_reaches_the_server_carries_the_headers(
    issue, site_settings, smtp_sink, django_capture_on_commit_callbacks
):
    ana = subscribe("ana@probation.example")
    send(issue, capture=django_capture_on_commit_callbacks)
    (received,) = smtp_sink.to("ana@probation.example")
    # A long header is folded after its name (RFC 5322 §2.2.3); the space is not part of the value.
    assert received["List-Unsubscribe"].strip() == f"<{links.unsubscribe_url(ana)}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["Reply-To"] == "editors@cep-probation.org"
    assert received.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in received.iter_parts()] == ["text/plain", "text/html"]
    assert received["Message-ID"] == Delivery.objects.get().message_id


def mail_client_view(message):
    """What a mail client shows of a message: its headers and each part's content (not its Date, Message-ID or MIME
    boundary, which differ between any two messages)."""
    own = ("Date", "Message-ID", "Content-Type")
    headers = {name: str(value).strip() for name, value in message.items() if name not in own}
    parts = [(part.get_content_type(), part.get_content()) for part in message.iter_parts()]
    return message.get_content_type(), headers, parts


def test_each_recipient_gets_what_the_message_built_whole_for_them_would_show(
    issue, site_settings, smtp_sink, django_capture_on_commit_callbacks
):
    # Workers send the MIME made once per batch with each recipient's headers and link put in.
    site_settings.newsletter_sender_name = "CEP Lettre d’information"
    site_settings.save()
    draft = issue.get_latest_revision_as_object()
    draft.title = "Newsletter – décembre"
    draft.save_revision()
    ana, ben = subscribe("ana@probation.example"), subscribe("ben@probation.example")
    send(issue, capture=django_capture_on_commit_callbacks)
    stored = IssueSending.objects.get(issue=issue)

    for subscriber in (ana, ben):
        (received,) = smtp_sink.to(subscriber.email)
        link = links.unsubscribe_url(subscriber)
        whole = messages.issue_message(
            stored.subject,
            stored.text,
            stored.html,
            newsletter_settings(issue),
            link,
            to=[subscriber.email],
            headers={
                **messages.one_click_headers(link),
                "X-CEP-Delivery": feedback.delivery_token(Delivery.objects.get(subscriber=subscriber).pk),
            },
        )
        sent_whole = whole.message().as_bytes(linesep="\r\n")  # as Django's SMTP backend sends it
        expected = email.message_from_bytes(sent_whole, policy=email.policy.default)
        assert mail_client_view(received) == mail_client_view(expected)
        assert received["Subject"] == "Newsletter – décembre"
        assert received["To"] == subscriber.email
        for part in ("html", "plain"):
            assert link in received.get_body((part,)).get_content()
        # Short lines keep both parts 8bit, which is what lets the bytes be made once (rendering.mail_lines).
        assert [part["Content-Transfer-Encoding"] for part in received.iter_parts()] == ["8bit", "8bit"]
        assert received["Message-ID"] == Delivery.objects.get(subscriber=subscriber).message_id


def test_an_issue_with_a_line_too_long_to_break_is_built_whole_for_each_recipient(
    issue, site_settings, smtp_sink, django_capture_on_commit_callbacks
):
    long_address = "https://www.cep-probation.org/documents/" + "x" * 1200
    draft = issue.get_latest_revision_as_object()
    draft.introduction = f'<p>Read <a href="{long_address}">the report</a>.</p>'
    draft.save_revision()
    ana, ben = subscribe("ana@probation.example"), subscribe("ben@probation.example")
    send(issue, capture=django_capture_on_commit_callbacks)

    for subscriber in (ana, ben):
        (received,) = smtp_sink.to(subscriber.email)
        html = received.get_body(("html",))
        assert html["Content-Transfer-Encoding"] == "quoted-printable"
        assert long_address in html.get_content() and links.unsubscribe_url(subscriber) in html.get_content()
        assert received["List-Unsubscribe"].strip() == f"<{links.unsubscribe_url(subscriber)}>"


def test_mail_lines_are_short_and_broken_only_at_spaces_between_tags():
    paragraph = '<p>Probation <a href="https://example.org/a?b=c" title="one two three">services</a> met. </p>' * 40
    unbreakable = "x" * 2000
    wrapped = mail_lines(f"{paragraph}\n{unbreakable}")
    assert wrapped.replace("\n", " ") == f"{paragraph} {unbreakable}"
    assert not any("\n" in tag for tag in re.findall(r"<[^>]*>", wrapped))
    *broken, kept = wrapped.split("\n")
    assert len(broken) > 1 and max(len(line.encode()) for line in broken) <= MAIL_LINE_BYTES
    assert kept == unbreakable


def test_an_address_that_unsubscribes_after_the_rows_were_made_is_skipped(issue, site_settings):
    ana, ben = subscribe("ana@probation.example"), subscribe("ben@probation.example")
    sending_row = IssueSending.objects.create(issue=issue)
    ids = sending.deliveries_create(sending_row)
    ben.status = Subscriber.Status.UNSUBSCRIBED
    ben.save()

    outcome = sending.deliveries_send(ids)

    assert (outcome["sent"], outcome["skipped"]) == (1, 1)
    assert [message.to for message in mail.outbox] == [[ana.email]]
    row = Delivery.objects.get(subscriber=ben)
    assert (row.status, row.error) == ("failed", "Not sent: subscriber unsubscribed")
    sending_row.refresh_from_db()
    progress = sending_row.progress()
    assert (progress["sent"], progress["failed"], progress["skipped"], progress["total"]) == (1, 0, 1, 2)
    assert sending_row.status == IssueSending.Status.SENT


def test_a_scheduled_sending_starts_when_its_time_comes(issue, frozen_now, django_capture_on_commit_callbacks):
    subscribe("ana@probation.example")
    sending_row = sending.sending_start(issue, by=None, send_at=NOW + timedelta(hours=1))
    assert sending_row.status == IssueSending.Status.SCHEDULED
    assert not Delivery.objects.exists() and not issue.sending.html

    frozen_now.shift(timedelta(minutes=59))
    with django_capture_on_commit_callbacks(execute=True):
        assert newsletter_scheduled_send.delay().get() == {"queued": 0, "finished": 0}
    assert mail.outbox == []

    frozen_now.shift(timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert newsletter_scheduled_send.delay().get() == {"queued": 1, "finished": 0}
    assert [message.to for message in mail.outbox] == [["ana@probation.example"]]
    sending_row.refresh_from_db()
    assert sending_row.status == IssueSending.Status.SENT


def test_a_cancelled_schedule_sends_nothing(issue, frozen_now):
    subscribe("ana@probation.example")
    sending_row = sending.sending_start(issue, by=None, send_at=NOW + timedelta(hours=1))
    assert sending.sending_cancel(sending_row)
    frozen_now.shift(timedelta(hours=2))
    newsletter_scheduled_send.delay()
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_an_issue_with_no_confirmed_subscriber_is_sent_at_once(issue, django_capture_on_commit_callbacks):
    sending_row = send(issue, capture=django_capture_on_commit_callbacks)
    assert sending_row.status == IssueSending.Status.SENT and mail.outbox == []


def test_a_permanent_refusal_fails_the_row_and_marks_the_subscriber_bounced_as_a_hard_bounce(
    archive, smtp_sink, django_capture_on_commit_callbacks
):
    gone = subscribe("gone@probation.example")
    subscribe("ana@probation.example")
    smtp_sink.refuse(gone.email, PERMANENT)
    first = NewsletterIssuePageFactory(parent=archive, title="First")
    second = NewsletterIssuePageFactory(parent=archive, title="Second")

    send(first, capture=django_capture_on_commit_callbacks)
    row = Delivery.objects.get(issue=first, subscriber=gone)
    assert row.status == "failed" and "550" in row.error
    gone.refresh_from_db()
    assert (gone.status, gone.bounce_count) == ("bounced", 1)
    (event,) = FeedbackEvent.objects.filter(subscriber=gone)
    assert (event.kind, event.source, event.status_code, event.delivery) == ("hard", "smtp", "5.1.1", row)
    assert event.diagnostic == "550 5.1.1 Mailbox unavailable"

    send(second, capture=django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(issue=second, subscriber=gone).exists()
    assert smtp_sink.recipients() == ["ana@probation.example"] * 2


def test_a_transient_refusal_is_tried_again_after_a_growing_delay(
    archive, smtp_sink, frozen_now, django_capture_on_commit_callbacks
):
    busy = subscribe("busy@probation.example")
    smtp_sink.refuse(busy.email, TRANSIENT)
    issue = NewsletterIssuePageFactory(parent=archive)
    send(issue, capture=django_capture_on_commit_callbacks)
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.lease_expires_at) == ("queued", 1, NOW + timedelta(minutes=1))

    smtp_sink.accept(busy.email)
    frozen_now.shift(timedelta(seconds=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep.delay().get()["newsletter.Delivery"] == {"requeued": 0, "enqueued": 0}
    assert smtp_sink.recipients() == []

    smtp_sink.refuse(busy.email, TRANSIENT)
    frozen_now.shift(timedelta(seconds=31))
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep.delay()
    row.refresh_from_db()
    assert (row.attempts, row.lease_expires_at) == (2, NOW + timedelta(seconds=61) + timedelta(minutes=5))

    smtp_sink.accept(busy.email)
    frozen_now.shift(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep.delay()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 3)
    assert smtp_sink.recipients() == [busy.email]
    assert IssueSending.objects.get().status == IssueSending.Status.SENT


def test_a_row_held_by_a_dead_worker_is_sent_once_after_its_lease_runs_out(
    archive, frozen_now, django_capture_on_commit_callbacks
):
    subscribe("ana@probation.example")
    issue = NewsletterIssuePageFactory(parent=archive)
    sending_row = IssueSending.objects.create(issue=issue)
    sending.deliveries_create(sending_row)
    assert outbox.claim(Delivery.objects.all(), limit=10)  # a worker took it, and died

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep.delay()
    assert mail.outbox == []
    frozen_now.shift(outbox.DEFAULT_LEASE + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep.delay().get()["newsletter.Delivery"]["requeued"] == 1
    assert [message.to for message in mail.outbox] == [["ana@probation.example"]]
    assert Delivery.objects.get().status == "sent"


def test_send_newsletter_command_sends_in_process(archive, frozen_now):
    subscribe("ana@probation.example")
    issue = NewsletterIssuePageFactory(parent=archive)
    sending.sending_start(issue, by=None, send_at=NOW + timedelta(minutes=5))
    frozen_now.shift(timedelta(minutes=6))
    output = io.StringIO()
    call_command("send_newsletter", stdout=output)
    assert "Sent: 1" in output.getvalue()
    assert [message.to for message in mail.outbox] == [["ana@probation.example"]]


# --- Test sends, preview --------------------------------------------------------------------------------------


def test_a_test_send_goes_to_the_given_addresses_only_with_the_latest_draft(
    issue, site_settings, django_capture_on_commit_callbacks
):
    subscribe("ana@probation.example")
    draft = issue.get_latest_revision_as_object()
    draft.title = "Newsletter January 2027 (draft 2)"
    draft.save_revision()

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.test_send(issue, ["editor@cep-probation.org", "board@cep-probation.org"]) == 2

    assert sorted(message.to[0] for message in mail.outbox) == ["board@cep-probation.org", "editor@cep-probation.org"]
    assert {message.subject for message in mail.outbox} == {"[Test] Newsletter January 2027 (draft 2)"}
    assert "%%" not in mail.outbox[0].body and "%%" not in html_of(mail.outbox[0])
    assert not Delivery.objects.exists() and not IssueSending.objects.filter(issue=issue).exists()


def test_the_editor_previews_the_issue_as_a_web_page_and_as_the_email(issue, rf: RequestFactory):
    assert issue.preview_modes == [("", "Web"), ("email", "E-mail")]
    request = rf.get("/")
    request.user = get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x")

    email = issue.serve_preview(request, "email")
    assert email.status_code == 200
    soup = BeautifulSoup(email.content, "html.parser")
    assert soup.select_one("h1").get_text() == "Newsletter January 2027"
    assert soup.select('table[role="presentation"]')

    web = issue.serve_preview(request, "")
    web.render()
    page = BeautifulSoup(web.content, "html.parser")
    assert page.select_one("main h1").get_text() == "Newsletter January 2027"
    assert "Webinar on risk assessment" in page.select_one("main").get_text()


# --- The public archive ---------------------------------------------------------------------------------------


@pytest.fixture
def three_issues(archive):
    sent_issue(archive, "Newsletter July 2026", covers_until=None, sent_at=datetime(2026, 7, 2, 8, tzinfo=UTC))
    sent_issue(archive, "Newsletter September 2026", covers_until=None, sent_at=datetime(2026, 9, 3, 8, tzinfo=UTC))
    NewsletterIssuePageFactory(parent=archive, title="Newsletter November 2026")  # published, not sent
    return archive


def test_the_archive_lists_only_sent_issues_newest_first(client, three_issues):
    response = client.get("/newsletter/")
    page = BeautifulSoup(response.content, "html.parser")
    assert [link.get_text() for link in page.select(".newsletter-issues .card__title a")] == [
        "Newsletter September 2026",
        "Newsletter July 2026",
    ]
    assert page.select_one('link[type="application/rss+xml"]')["href"] == "/newsletter/feed/"
    assert client.get("/newsletter/?page=nonsense").status_code == 200
    assert client.get("/newsletter/?page=99").status_code == 200


def test_the_feed_has_the_sent_issues(client, three_issues):
    response = client.get("/newsletter/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    items = ElementTree.fromstring(response.content).findall("./channel/item")
    assert [item.findtext("title") for item in items] == [
        "Newsletter September 2026",
        "Newsletter July 2026",
    ]
    newest = NewsletterIssuePage.objects.get(title="Newsletter September 2026")
    assert items[0].findtext("link") == newest.get_full_url()
    assert newest.get_full_url().startswith("http")


def test_a_sent_issue_has_its_web_page(client, three_issues):
    issue = NewsletterIssuePage.objects.get(title="Newsletter September 2026")
    response = client.get(issue.url)
    assert response.status_code == 200
    assert "Sent 3 Sep 2026" in BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# --- Admin ----------------------------------------------------------------------------------------------------


@pytest.fixture
def publisher(client, frozen_now):
    """May publish pages, so may send. Logged in at the frozen time, so the session has not expired then."""
    user = get_user_model().objects.create_user(email="moderator@cep-probation.org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, frozen_now):
    """May edit pages, not publish them; so may not send."""
    user = get_user_model().objects.create_user(email="editor@cep-probation.org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def admin_url(view, issue):
    return f"/admin/newsletter/sendings/{issue.pk}/{view}/"


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to its dashboard and an error message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_only_people_who_may_publish_the_issue_may_send_it(editor, issue):
    for view in ("test", "send", "progress"):
        assert refused(editor.get(admin_url(view, issue))), view
    assert refused(editor.post(admin_url("send", issue), {"when": "now", "confirmed": "True"}))
    assert not IssueSending.objects.filter(issue=issue).exists()
    edit_page = editor.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert admin_url("send", issue) not in edit_page


def test_the_issue_page_in_the_admin_has_the_sending_buttons(publisher, issue, archive):
    edit_page = publisher.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    listing = publisher.get(f"/admin/pages/{archive.pk}/").content.decode()
    for view in ("test", "send", "progress"):
        assert admin_url(view, issue) in edit_page
        assert admin_url(view, issue) in listing
    assert "/admin/newsletter/sendings/" in publisher.get("/admin/").content.decode()  # in the Newsletter menu


def test_a_test_send_from_the_admin_checks_the_addresses_and_queues_the_test(
    publisher, issue, django_capture_on_commit_callbacks
):
    response = publisher.post(admin_url("test", issue), {"addresses": "board@cep-probation.org, not-an-address"})
    assert response.status_code == 200 and "Not an e-mail address: not-an-address" in response.content.decode()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = publisher.post(
            admin_url("test", issue), {"addresses": "board@cep-probation.org\nme@cep-probation.org"}, follow=True
        )
    assert "queued for board@cep-probation.org, me@cep-probation.org" in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == ["board@cep-probation.org", "me@cep-probation.org"]
    assert not Delivery.objects.exists()


def test_sending_from_the_admin_asks_for_confirmation_with_the_number_of_subscribers(
    publisher, issue, django_capture_on_commit_callbacks
):
    for number in range(3):
        subscribe(f"person{number}@probation.example")
    subscribe("waiting@probation.example", Subscriber.Status.PENDING)

    confirming = publisher.post(admin_url("send", issue), {"when": "now"})
    text = BeautifulSoup(confirming.content, "html.parser").get_text(" ", strip=True)
    assert "goes to every confirmed subscriber: 3 addresses" in text
    assert "placeholder" not in text  # the fixture replaced the draft's introduction
    assert not IssueSending.objects.filter(issue=issue).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = publisher.post(admin_url("send", issue), {"when": "now", "confirmed": "True"})
    assert response.status_code == 302 and response["Location"] == admin_url("progress", issue)
    assert len(mail.outbox) == 3
    assert IssueSending.objects.get(issue=issue).requested_by.email == "moderator@cep-probation.org"


def test_scheduling_from_the_admin_reads_the_time_in_brussels(publisher, issue, frozen_now):
    response = publisher.post(
        admin_url("send", issue), {"when": "later", "send_at": "2027-01-05T09:00", "confirmed": "True"}
    )
    assert response.status_code == 302
    sending_row = IssueSending.objects.get(issue=issue)
    assert (sending_row.status, sending_row.send_at) == ("scheduled", datetime(2027, 1, 5, 8, 0, tzinfo=UTC))

    response = publisher.post(admin_url("send", issue), {"action": "cancel"})
    sending_row.refresh_from_db()
    assert sending_row.status == "cancelled"


def test_a_time_in_the_past_is_refused(publisher, issue, frozen_now):
    response = publisher.post(
        admin_url("send", issue), {"when": "later", "send_at": "2026-12-31T09:00", "confirmed": "True"}
    )
    assert "That time has passed" in response.content.decode()
    assert not IssueSending.objects.filter(issue=issue).exists()


def test_the_progress_page_counts_the_deliveries_and_lists_the_failures(publisher, issue):
    subscribers = [subscribe(f"person{number}@probation.example") for number in range(7)]
    sending_row = IssueSending.objects.create(issue=issue)
    sending.deliveries_create(sending_row)
    rows = list(Delivery.objects.order_by("pk"))
    Delivery.objects.filter(pk__in=[row.pk for row in rows[:3]]).update(status="sent")
    Delivery.objects.filter(pk=rows[3].pk).update(status="sending")
    Delivery.objects.filter(pk=rows[4].pk).update(
        status="failed", error="SMTPRecipientsRefused(550 Mailbox unavailable)"
    )
    Delivery.objects.filter(pk=rows[5].pk).update(status="failed", error="Not sent: subscriber unsubscribed")

    page = BeautifulSoup(publisher.get(admin_url("progress", issue)).content, "html.parser")
    counts = {cell["data-status"]: int(cell.get_text()) for cell in page.select("#sending-progress td")}
    assert counts == {"queued": 1, "deferred": 0, "sending": 1, "sent": 3, "failed": 1, "skipped": 1, "total": 7}
    assert page.select_one('meta[http-equiv="refresh"]')
    failures = page.select_one("#sending-failures").get_text(" ", strip=True)
    assert subscribers[4].email in failures and "550 Mailbox unavailable" in failures

    Delivery.objects.filter(status__in=["queued", "sending"]).update(status="sent")
    sending.sendings_finish()
    page = BeautifulSoup(publisher.get(admin_url("progress", issue)).content, "html.parser")
    assert "Sent: started" in page.get_text(" ", strip=True)
    assert not page.select_one('meta[http-equiv="refresh"]')

    listing = publisher.get("/admin/newsletter/sendings/")
    assert listing.status_code == 200 and issue.title in listing.content.decode()
    # The header shows the breadcrumbs, the page's own name last (its h1 is for screen readers only).
    breadcrumbs = BeautifulSoup(listing.content, "html.parser").select('nav[aria-label="Breadcrumb"] li')
    assert breadcrumbs[-1].get_text(" ", strip=True) == "Newsletter sendings"


def test_the_newsletter_menu_leads_to_the_issues_newest_first(client, archive):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    menu = client.get("/admin/").content.decode()
    assert '"/admin/newsletter/issues/"' in menu  # in the sidebar's props: Wagtail's script draws the menu

    response = client.get("/admin/newsletter/issues/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{archive.pk}/?ordering=-latest_revision_created_at"
