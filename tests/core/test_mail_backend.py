"""Django's mail API is the outbox too: what `send_mail` or the Wagtail admin sends is queued as a row, and only a
worker sends it, with OUTBOX_DELIVERY_BACKEND (here the list `mail.outbox`)."""

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.db import DatabaseError, connection
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.mail import DJANGO_MAIL_KIND
from core.models import OutboxEmail
from tests.core.factories import StandardPageFactory, publish

pytestmark = pytest.mark.django_db


def queued():
    return sorted(OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED).values_list("kind", "to"))


def test_send_mail_queues_the_message_and_a_worker_sends_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_mail("Board meeting", "On Friday at ten.", None, ["anna.novak@probation.example"]) == 1
        assert mail.outbox == []  # queued, not sent
        assert queued() == [(DJANGO_MAIL_KIND, "anna.novak@probation.example")]

    (message,) = mail.outbox
    assert (message.to, message.from_email) == (["anna.novak@probation.example"], settings.DEFAULT_FROM_EMAIL)
    assert (message.subject, message.body) == ("Board meeting", "On Friday at ten.")
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT


def test_a_page_submitted_for_moderation_reaches_the_moderator_only_through_the_outbox(
    client, demo_site, django_capture_on_commit_callbacks
):
    # Wagtail's default workflow: a moderator approves what an editor submits.
    moderator = get_user_model().objects.create_user(email="moderator@cep-probation.org", password="x", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    editor = get_user_model().objects.create_user(email="editor@cep-probation.org", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    page = publish(StandardPageFactory(parent=demo_site, title="Annual report"))
    client.force_login(editor)
    form = nested_form_data(
        {
            "title": "Annual report 2026",
            "slug": page.slug,
            "introduction": page.introduction,
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-submit": "submit",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):  # the request's transaction commits
        response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), form)
        assert response.status_code == 302
        assert mail.outbox == []  # the request sent nothing
        assert queued() == [(DJANGO_MAIL_KIND, "moderator@cep-probation.org")]

    (message,) = mail.outbox
    assert message.to == ["moderator@cep-probation.org"]
    assert message.subject == (
        'The page "Annual report 2026" has been submitted for approval in moderation stage "Moderators approval"'
    )
    assert f"/admin/pages/{page.pk}/edit/" in message.body


def test_each_recipient_of_copies_gets_a_row_and_nobody_sees_the_blind_copy(django_capture_on_commit_callbacks):
    message = EmailMessage(
        "Minutes",
        "The minutes of Friday's meeting.",
        to=["chair@probation.example"],
        cc=["secretary@probation.example"],
        bcc=["auditor@probation.example"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert message.send() == 1

    recipients = ["auditor@probation.example", "chair@probation.example", "secretary@probation.example"]
    assert sorted(OutboxEmail.objects.values_list("to", flat=True)) == recipients
    assert sorted(sent.to[0] for sent in mail.outbox) == recipients
    for sent in mail.outbox:
        as_received = sent.message()
        assert as_received["Bcc"] is None
        assert sent.to == [as_received["To"]]
        if sent.to != ["auditor@probation.example"]:
            assert "auditor@probation.example" not in as_received.as_string()


def test_a_message_the_outbox_cannot_keep_is_refused_unless_failures_are_silent():
    def with_attachment():
        message = EmailMessage("Report", "Attached.", to=["anna.novak@probation.example"])
        message.attach("report.txt", "The report.", "text/plain")
        return message

    with pytest.raises(ValueError, match="no attachments"):
        with_attachment().send()
    assert with_attachment().send(fail_silently=True) == 0
    assert not OutboxEmail.objects.exists()


def test_with_the_outbox_table_missing_a_silent_send_returns_0_and_a_loud_one_raises():
    # As on a release whose migrations have not run yet; the test's transaction brings the table back.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(OutboxEmail._meta.db_table)}")

    assert send_mail("Board meeting", "On Friday.", None, ["anna.novak@probation.example"], fail_silently=True) == 0
    with pytest.raises(DatabaseError):
        send_mail("Board meeting", "On Friday.", None, ["anna.novak@probation.example"])
