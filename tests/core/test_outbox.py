"""One mail path: every e-mail a row, none sent inside a request, and one sweep for every kind of row.

The kinds' own tests (tests/core/test_contact.py, tests/events, tests/newsletter) cover how each is built and sent;
the real worker and broker are in tests/newsletter/test_sending_worker.py and tests/events/test_reminders_worker.py.
"""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cep_site import celery_app
from core import contact, outbox
from core.mail import email_queue, emails_purge
from core.models import ContactEmail, OutboxEmail
from core.tasks import outbox_sweep

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-for-tests"


def contact_message_queued(subject="Exchange visit in spring"):
    data = {"name": "Anna Novak", "email": "anna.novak@probation.example", "organisation": "", "message": "Hello."}
    return contact.submission_create(page=None, data={**data, "subject": subject}, recipient="info@cep-probation.org")


def sent():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


# ---------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------


def test_the_sweep_sends_what_every_kind_left_behind_once(settings):
    # Rows queued whose wake-up never ran (a wiped broker): the transaction of these tests never commits.
    contact_message_queued("Lost by the broker")
    contact_message_queued("Held by a worker that died")
    email_queue("members.application-received", to=["kadri@example.org"], subject="Received", body="Thank you.")
    assert outbox.claim(ContactEmail.objects.filter(submission__subject__startswith="Held"), limit=1)

    swept = outbox_sweep.delay().get()

    assert swept["cep_site.ContactEmail"] == {"requeued": 0, "enqueued": 1}  # the other is still leased
    assert swept["cep_site.OutboxEmail"] == {"requeued": 0, "enqueued": 1}
    assert swept["events.RegistrationEmail"] == swept["newsletter.Delivery"] == {"requeued": 0, "enqueued": 0}
    assert sent() == [
        ("info@cep-probation.org", "[CEP website] Lost by the broker"),
        ("kadri@example.org", "Received"),
    ]

    with time_machine.travel(timezone.now() + outbox.DEFAULT_LEASE + timedelta(seconds=1)):
        swept = outbox_sweep.delay().get()
    assert swept["cep_site.ContactEmail"] == {"requeued": 1, "enqueued": 1}
    assert swept["cep_site.OutboxEmail"] == {"requeued": 0, "enqueued": 0}
    assert outbox_sweep.delay().get()["cep_site.ContactEmail"] == {"requeued": 0, "enqueued": 0}
    assert sent() == [
        ("info@cep-probation.org", "[CEP website] Held by a worker that died"),
        ("info@cep-probation.org", "[CEP website] Lost by the broker"),
        ("kadri@example.org", "Received"),
    ]


def test_a_site_without_beat_runs_the_sweep_by_hand():
    email_queue("newsletter.test", to=["editor@cep-probation.org"], subject="[Test] Newsletter", body="Hello.")
    out = io.StringIO()
    call_command("sweep_outbox", stdout=out)
    assert "cep_site.OutboxEmail: put back from a lost worker: 0, woken: 1." in out.getvalue()
    assert sent() == [("editor@cep-probation.org", "[Test] Newsletter")]


def test_every_kind_of_row_names_a_task_that_sends_it_and_beat_sweeps_every_minute(settings):
    celery_app.loader.import_default_modules()
    kinds = {model._meta.label: model.send_task for model in outbox.outbox_models()}
    assert kinds == {
        "cep_site.ContactEmail": "core.tasks.contact_emails_send",
        "cep_site.OutboxEmail": "core.tasks.outbox_emails_send",
        "events.RegistrationEmail": "events.tasks.registration_emails_send",
        "newsletter.Delivery": "newsletter.tasks.issue_deliveries_send",
    }
    assert set(kinds.values()) <= set(celery_app.tasks)
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["core.tasks.outbox_sweep"] == 60
    assert not [task for task in schedule if task.endswith("_sweep") and task != "core.tasks.outbox_sweep"]


# ---------------------------------------------------------------------------
# Nothing is sent inside a request
# ---------------------------------------------------------------------------


def test_with_the_mail_server_down_requests_answer_as_usual_and_their_e_mails_wait_in_the_outbox(
    client, demo_site, mail_server_down, django_capture_on_commit_callbacks, settings
):
    staff = get_user_model().objects.create_superuser(email="editor@cep-probation.org", password=PASSWORD)
    member = get_user_model().objects.create_user(email="maria.rossi@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    requests = {
        # what is posted: (path, data, the answer's status, where it leads)
        "newsletter sign-up": ("/newsletter/subscribe/", {"email": "anna@example.org", "consent": "on"}, 200, None),
        "account sign-up": (
            "/accounts/signup/",
            {"email": "jan.novak@example.org", "password1": PASSWORD, "password2": PASSWORD},
            302,
            "/accounts/confirm-email/",
        ),
        "password reset": ("/accounts/password/reset/", {"email": member.email}, 302, "/accounts/password/reset/done/"),
        "admin password reset": ("/admin/password_reset/", {"email": staff.email}, 302, "/admin/password_reset/done/"),
    }
    for name, (path, data, status, location) in requests.items():
        with django_capture_on_commit_callbacks(execute=True):  # the request's transaction commits
            response = client.post(path, data)
        assert response.status_code == status, name
        assert response.get("Location") == location, name
    assert mail_server_down.attempts == 0  # no request tried to reach the mail server

    queued = sorted(OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED).values_list("kind", "to"))
    assert queued == [
        ("account.email-confirmation-signup", "jan.novak@example.org"),
        ("account.password-reset-key", "maria.rossi@example.org"),
        ("admin.password-reset", "editor@cep-probation.org"),
        ("newsletter.confirmation", "anna@example.org"),
    ]

    # The server is back: the sweep (within a minute) sends each e-mail once, with its working link.
    celery_app.conf.task_always_eager = True
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox_sweep.delay()
    outbox_sweep.delay()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(to for _kind, to in queued)
    (reset,) = [message for message in mail.outbox if message.to == [member.email]]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", reset.body).group(1)
    form = client.get(link)["Location"]
    client.post(form, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")


# ---------------------------------------------------------------------------
# What staff see, and what is kept
# ---------------------------------------------------------------------------


def test_staff_see_failed_e_mails_with_their_error_but_never_a_body(admin_client, settings):
    (row,) = email_queue(
        "account.password-reset-key", to=["maria.rossi@example.org"], subject="[CEP] Password reset", body="SECRET-LINK"
    )
    OutboxEmail.objects.filter(pk=row.pk).update(status="failed", error="550 5.1.1 Mailbox unavailable")

    listing = admin_client.get("/admin/outgoing-email/", {"status": "failed"}).content.decode()
    details = admin_client.get(f"/admin/outgoing-email/inspect/{row.pk}/").content.decode()

    assert "[CEP] Password reset" in listing and "maria.rossi@example.org" in listing
    assert "550 5.1.1 Mailbox unavailable" in details
    assert "SECRET-LINK" not in listing + details
    assert admin_client.get(f"/admin/outgoing-email/edit/{row.pk}/").status_code == 404


def test_one_off_e_mails_are_deleted_once_sent_or_failed_for_the_retention_period(settings):
    assert settings.OUTBOX_EMAIL_RETENTION_DAYS == 30
    old_sent, old_failed, old_queued, recent = (
        email_queue("members.notice", to=[f"{name}@example.org"], subject=name, body=".")[0]
        for name in ("sent", "failed", "queued", "recent")
    )
    month_ago = timezone.now() - timedelta(days=31)
    OutboxEmail.objects.filter(pk=old_sent.pk).update(status="sent", created_at=month_ago)
    OutboxEmail.objects.filter(pk=old_failed.pk).update(status="failed", created_at=month_ago)
    OutboxEmail.objects.filter(pk=old_queued.pk).update(created_at=month_ago)
    OutboxEmail.objects.filter(pk=recent.pk).update(status="sent")

    assert emails_purge() == 2
    assert sorted(OutboxEmail.objects.values_list("subject", flat=True)) == ["queued", "recent"]
    out = io.StringIO()
    call_command("purge_outbox_emails", stdout=out)
    assert "deleted: 0" in out.getvalue()


@pytest.mark.parametrize(
    ("base_url", "domain"),
    [("https://www.cep-probation.org", "www.cep-probation.org"), ("http://127.0.0.1:8000", "cep-probation.org")],
)
def test_message_ids_are_on_the_site_s_host_name_or_else_the_sender_s_domain(settings, base_url, domain):
    settings.WAGTAILADMIN_BASE_URL = base_url
    email_queue(
        "members.notice",
        to=["kadri@example.org"],
        subject="Notice",
        body=".",
        from_email="CEP <no-reply@cep-probation.org>",
    )
    outbox_sweep.delay().get()
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"].endswith(f"@{domain}>")
    assert OutboxEmail.objects.get().message_id == message.extra_headers["Message-ID"]
