"""The contact page: its form, the stored message, its e-mail through the outbox, the admin listing, the purge."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from wagtail.models import Site

from core import contact, outbox
from core.models import ContactEmail, ContactPage, ContactSubmission, SiteSettings
from core.tasks import contact_submissions_purge, outbox_sweep
from demo import site as site_content
from tests.helpers import soup_of
from tests.members.factories import UserFactory
from tests.smtp import TRANSIENT

pytestmark = pytest.mark.django_db

SENDER = "anna.novak@probation.example"
SECRETARIAT = "info@cep-probation.org"  # the demo's general enquiries address (SiteSettings.contact_email)
ADMIN_INDEX = "/admin/contact-messages/"


def form_data(**fields):
    return {
        "name": "Anna Novak",
        "email": SENDER,
        "organisation": "Slovenian Probation Service",
        "subject": "Exchange visit in spring",
        "message": "Dear secretariat,\n\nWe would like to visit a member in the Netherlands.\n\nAnna",
        "website": "",
        **fields,
    }


@pytest.fixture
def frozen_now():
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def contact_page(demo_site):
    return site_content.contact_page_get_or_create(demo_site, io.StringIO())


@pytest.fixture
def send(client, contact_page, django_capture_on_commit_callbacks):
    """Post the form as a visitor would; the e-mail goes out when the request's transaction commits (eager Celery)."""

    def post(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(contact_page.url, form_data(**fields))

    return post


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def test_the_page_shows_the_secretariats_address_and_the_form(client, contact_page):
    contact_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    contact_settings.address = "Postbus 123\n3500 AA Utrecht"
    contact_settings.save()
    response = client.get(contact_page.url)
    assert response.status_code == 200
    page = soup_of(response)
    address = page.select_one(".contact-page__address")
    assert "Postbus 123" in address.get_text() and "3500 AA Utrecht" in address.get_text()
    assert address.select_one(f'a[href="mailto:{SECRETARIAT}"]')
    form = page.select_one("main form.form")
    assert form["method"] == "post" and form["action"] == contact_page.url
    # One page for every visitor without a session, so the edge may cache it: no token (docs/caching.md).
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    names = {field["name"] for field in form.select("input, textarea") if field.get("name")}
    assert {"name", "email", "organisation", "subject", "message", "website"} <= names
    assert form.select_one(".form__actions button.btn.btn--primary[type=submit]")
    assert form.select_one(".form__actions .privacy-note")
    assert "(optional)" in form.select_one('label[for="id_organisation"]').get_text()


def test_a_message_is_stored_and_its_one_outbox_row_reaches_the_secretariat(send, contact_page, smtp_sink):
    response = send()
    assert response.status_code == 303
    assert response["Location"] == f"{contact_page.url}thanks/"

    submission = ContactSubmission.objects.get()
    assert (submission.name, submission.email, submission.subject) == ("Anna Novak", SENDER, "Exchange visit in spring")
    assert (submission.page_id, submission.recipient) == (contact_page.pk, SECRETARIAT)
    row = ContactEmail.objects.get()
    assert (row.submission, row.recipient, row.status) == (submission, SECRETARIAT, "sent")

    (received,) = smtp_sink.received
    assert received.recipients == (SECRETARIAT,)
    message = received.message
    assert message["Subject"] == "[CEP website] Exchange visit in spring"
    assert SENDER in message["Reply-To"] and "Anna Novak" in message["Reply-To"]
    assert message["Message-ID"] == row.message_id
    body = message.get_content()
    assert "We would like to visit a member in the Netherlands." in body
    assert "Slovenian Probation Service" in body


def test_the_thank_you_page_follows(client, send, contact_page):
    response = client.get(send()["Location"])
    assert response.status_code == 200
    page = soup_of(response)
    assert page.find("h1").get_text(strip=True) == "Thank you"
    assert contact_page.thank_you_text in page.get_text()
    assert page.select_one('meta[name="robots"][content="noindex"]')


def test_the_pages_own_recipient_comes_before_the_sites_address(send, contact_page):
    contact_page.recipient = "events@cep-probation.org"
    contact_page.save_revision().publish()
    send()
    assert ContactEmail.objects.get().recipient == "events@cep-probation.org"
    assert mail.outbox[0].to == ["events@cep-probation.org"]


def test_without_any_recipient_the_message_is_kept_and_nothing_is_queued(send):
    SiteSettings.objects.update(contact_email="")
    assert send().status_code == 303
    assert ContactSubmission.objects.get().recipient == ""
    assert not ContactEmail.objects.exists()
    assert mail.outbox == []


def test_line_breaks_in_the_subject_and_name_cannot_add_mail_headers(send):
    send(subject="Hello\r\nBcc: victim@example.org", name="Anna\nNovak")
    submission = ContactSubmission.objects.get()
    assert submission.subject == "Hello Bcc: victim@example.org"
    assert submission.name == "Anna Novak"
    (message,) = mail.outbox
    assert message.bcc == [] and message.to == [SECRETARIAT]
    assert "\n" not in message.subject


# ---------------------------------------------------------------------------
# Refusals: honeypot, bad input, rate limit, CSRF
# ---------------------------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_and_keeps_nothing(send, contact_page):
    response = send(website="https://spam.example")
    assert response.status_code == 303
    assert response["Location"] == f"{contact_page.url}thanks/"
    assert not ContactSubmission.objects.exists()
    assert not ContactEmail.objects.exists()
    assert mail.outbox == []


def test_an_invalid_address_gives_the_form_again_with_the_message_and_stores_nothing(send):
    response = send(email="anna.novak@")
    assert response.status_code == 400
    assert response["Cache-Control"] == "private, no-store"
    page = soup_of(response)
    summary = page.select_one(".error-summary")
    assert "Enter an e-mail address like name@example.org." in summary.get_text()
    assert summary.select_one('a[href="#id_email"]')
    error = page.select_one(".field--error #id_email_error").get_text(strip=True)
    assert error.endswith("Enter an e-mail address like name@example.org.")
    assert page.select_one("#id_email")["aria-invalid"] == "true"
    # What was typed stays in the form.
    assert page.select_one("#id_subject")["value"] == "Exchange visit in spring"
    assert page.find("title").get_text().startswith("Error: ")
    assert not ContactSubmission.objects.exists() and not ContactEmail.objects.exists()
    assert mail.outbox == []


def test_required_fields_left_empty_are_named(send):
    response = send(name="  ", subject="", message="")
    assert response.status_code == 400
    text = soup_of(response).select_one(".error-summary").get_text()
    assert "Enter your name." in text and "Enter a subject." in text and "Write your message." in text
    assert not ContactSubmission.objects.exists()


def test_over_the_rate_limit_the_visitor_gets_the_rate_limit_page(send, settings):
    settings.CONTACT_FORM_RATE = "2/h"
    assert [send().status_code for _ in range(2)] == [303, 303]
    response = send(subject="A third one")
    assert response.status_code == 429
    assert "Too many messages" in soup_of(response).find("h1").get_text()
    assert ContactSubmission.objects.count() == 2
    assert not ContactSubmission.objects.filter(subject="A third one").exists()


def test_other_methods_are_not_allowed(client, contact_page):
    assert client.put(contact_page.url).status_code == 405
    assert client.post(f"{contact_page.url}thanks/").status_code == 405


# ---------------------------------------------------------------------------
# Delivery: retries and the sweep
# ---------------------------------------------------------------------------


def test_a_refused_recipient_is_tried_again_by_the_sweep(send, smtp_sink):
    smtp_sink.refuse(SECRETARIAT, TRANSIENT)
    send()
    row = ContactEmail.objects.get()
    assert (row.status, row.attempts) == ("queued", 1)
    smtp_sink.accept(SECRETARIAT)
    assert outbox_sweep()["cep_site.ContactEmail"] == {"requeued": 0, "enqueued": 1}
    row.refresh_from_db()
    assert row.status == "sent"
    assert smtp_sink.recipients() == [SECRETARIAT]


def test_the_command_sends_what_a_lost_worker_held(send, smtp_sink, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    smtp_sink.refuse(SECRETARIAT, TRANSIENT)
    send()
    smtp_sink.accept(SECRETARIAT)
    # A worker claimed the row and died: its lease runs out.
    outbox.claim(ContactEmail.objects.all(), limit=1, lease=timedelta(seconds=-1))
    out = io.StringIO()
    call_command("send_contact_messages", stdout=out)
    assert "Contact e-mails sent: 1" in out.getvalue()
    assert ContactEmail.objects.get().status == "sent"
    assert smtp_sink.recipients() == [SECRETARIAT]


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------


def test_messages_older_than_the_retention_period_are_deleted_with_their_e_mail(send, settings, frozen_now):
    assert settings.CONTACT_SUBMISSION_RETENTION_MONTHS == 12
    send(subject="Old")
    frozen_now.move_to(datetime(2026, 6, 1, tzinfo=UTC))
    send(subject="Recent")
    frozen_now.move_to(datetime(2027, 3, 1, tzinfo=UTC))
    assert contact_submissions_purge() == {"deleted": 1}
    assert list(ContactSubmission.objects.values_list("subject", flat=True)) == ["Recent"]
    assert ContactEmail.objects.get().submission.subject == "Recent"
    out = io.StringIO()
    call_command("purge_contact_submissions", stdout=out)
    assert "deleted: 0" in out.getvalue()


def test_the_purge_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"core.tasks.contact_submissions_purge", "core.tasks.outbox_sweep"} <= tasks
    assert contact.retention_cutoff(datetime(2027, 3, 1, tzinfo=UTC)) == datetime(2026, 3, 1, tzinfo=UTC)


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    """A member of Wagtail's Editors group, which migration cep_site 0004 lets read and delete contact messages."""
    editor = UserFactory(email="editor@cep-probation.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_an_editor_finds_reads_and_deletes_messages_but_cannot_add_or_edit(send, editor_client):
    send()
    send(subject="Membership fee", email="ben@probation.example", name="Ben Example")
    submission = ContactSubmission.objects.get(subject="Membership fee")

    listing = editor_client.get(ADMIN_INDEX)
    assert listing.status_code == 200
    text = soup_of(listing).get_text()
    assert "Exchange visit in spring" in text and "Membership fee" in text

    found = soup_of(editor_client.get(ADMIN_INDEX, {"q": "membership fee"})).get_text()
    assert "Membership fee" in found and "Exchange visit in spring" not in found
    today = submission.created_at.date().isoformat()
    assert "Membership fee" in soup_of(editor_client.get(ADMIN_INDEX, {"created_at_from": today})).get_text()
    not_yet = soup_of(editor_client.get(ADMIN_INDEX, {"created_at_from": "2099-01-01"})).get_text()
    assert "Membership fee" not in not_yet

    inspect = editor_client.get(f"{ADMIN_INDEX}inspect/{submission.pk}/")
    assert inspect.status_code == 200
    assert "ben@probation.example" in inspect.content.decode()
    assert editor_client.get(f"{ADMIN_INDEX}new/").status_code == 404
    assert editor_client.get(f"{ADMIN_INDEX}edit/{submission.pk}/").status_code == 404

    assert editor_client.post(f"{ADMIN_INDEX}delete/{submission.pk}/").status_code == 302
    assert not ContactSubmission.objects.filter(pk=submission.pk).exists()
    assert ContactSubmission.objects.count() == 1


def test_the_message_is_shown_escaped_in_the_admin(send, editor_client):
    send(message="<script>alert(1)</script>\nsecond line")
    html = editor_client.get(f"{ADMIN_INDEX}inspect/{ContactSubmission.objects.get().pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in html


def test_an_anonymous_visitor_or_a_member_without_admin_access_gets_nothing(client, send):
    send()
    submission = ContactSubmission.objects.get()
    for path in (ADMIN_INDEX, f"{ADMIN_INDEX}inspect/{submission.pk}/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(get_user_model().objects.create_user(email="member@probation.example", password="x"))
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302 and "Exchange visit" not in response.content.decode()
    assert client.post(f"{ADMIN_INDEX}delete/{submission.pk}/").status_code == 302
    assert ContactSubmission.objects.filter(pk=submission.pk).exists()


def test_the_admin_log_of_a_deletion_keeps_no_name_or_address(send, editor_client):
    from wagtail.models import ModelLogEntry

    send()
    submission = ContactSubmission.objects.get()
    editor_client.post(f"{ADMIN_INDEX}delete/{submission.pk}/")
    labels = " ".join(ModelLogEntry.objects.values_list("label", flat=True))
    assert "Anna" not in labels and SENDER not in labels


def test_there_is_one_contact_page_at_most(contact_page):
    assert not ContactPage.can_create_at(contact_page.get_parent().specific)
