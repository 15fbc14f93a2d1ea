"""One-off e-mails through the outbox: queued as `OutboxEmail` rows in the caller's transaction, sent by workers.

Every e-mail the site sends is a row (docs/delivery.md). Those about a record of their own have a typed row (an
issue's `Delivery`, a registrant's `RegistrationEmail`, the contact form's `ContactEmail`); the rest (confirmation
links, membership notices, account e-mails, the test of an issue) are queued here, rendered whole:

    email_queue("members.application-received", to=[address], subject=…, body=…)
    message_queue("account.password-reset-key", message)   # a Django EmailMessage someone else built

The rows are created inside the caller's transaction, so a change rolled back sends nothing; a worker is woken
once it commits. Nothing is sent inside a request.

Django's own mail API queues here too: EMAIL_BACKEND is `OutboxBackend`, so `send_mail`, `mail_admins` and the
Wagtail admin's moderation and comment notifications become rows of kind `DJANGO_MAIL_KIND`. Workers send every
row with OUTBOX_DELIVERY_BACKEND, the backend EMAIL_URL names.
"""

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from wagtail import hooks

from . import outbox
from .models import OutboxEmail

# fn() -> {source: make(id) -> (filename, content, mimetype)}: the files an app's e-mails carry, made at sending
# from the record `id` names (fees: an invoice's PDF).
OUTBOX_ATTACHMENTS = "cep_outbox_attachments"


def email_queue(
    kind: str,
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    html: str = "",
    from_email: str = "",
    reply_to: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    attachments: Iterable[dict] = (),
) -> list[OutboxEmail]:
    """Queue the e-mail to each address of `to`, one row each (a refusal of one does not hold up the others).

    `kind` says what it is, "<app>.<what>"; `from_email` defaults to DEFAULT_FROM_EMAIL; `attachments` name files
    an app makes when the e-mail is sent (OUTBOX_ATTACHMENTS).
    """
    rows = [
        OutboxEmail(
            kind=kind,
            to=address,
            subject=subject,
            body=body,
            html=html,
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            reply_to=list(reply_to),
            headers=dict(headers or {}),
            attachments=list(attachments),
        )
        for address in dict.fromkeys(address for address in to if address)
    ]
    with transaction.atomic():
        # PostgreSQL and SQLite give the new rows their primary keys.
        OutboxEmail.objects.bulk_create(rows)
        outbox.dispatch(OutboxEmail, [row.pk for row in rows])
    return rows


def message_queue(kind: str, message: EmailMessage) -> list[OutboxEmail]:
    """Queue a message built for sending (allauth's, Django's password reset), instead of sending it.

    Each recipient, To, Cc or Bcc alike, gets a row and a copy addressed to them alone, so no Bcc shows anywhere.
    A row holds a text body and an HTML alternative; a message with more than that is refused.
    """
    alternatives = getattr(message, "alternatives", [])
    if (
        message.attachments
        or message.content_subtype != "plain"
        or any(mimetype != "text/html" for _content, mimetype in alternatives)
    ):
        raise ValueError("The outbox keeps a text body and an HTML alternative, no attachments or other parts.")
    html = next((content for content, _mimetype in alternatives), "")
    return email_queue(
        kind,
        to=message.recipients(),
        subject=message.subject,
        body=message.body,
        html=html,
        from_email=message.from_email,
        reply_to=message.reply_to,
        headers=message.extra_headers,
    )


# What is sent through Django's mail API: Wagtail's notifications, `send_mail`, `mail_admins`, error reports.
DJANGO_MAIL_KIND = "mail.django"


class OutboxBackend(BaseEmailBackend):
    """EMAIL_BACKEND: queues each message (`message_queue`, kind DJANGO_MAIL_KIND) instead of sending it.

    Returns how many messages were queued, as a backend returns how many it sent; with `fail_silently` a message
    that cannot be queued (a database error, an attachment) queues none of the batch and returns 0.
    """

    def send_messages(self, email_messages) -> int:
        try:
            with transaction.atomic():
                return sum(bool(message_queue(DJANGO_MAIL_KIND, message)) for message in email_messages)
        except Exception:
            if not self.fail_silently:
                raise
            return 0


# ---------------------------------------------------------------------------
# Sending (the worker's side)
# ---------------------------------------------------------------------------


def email_message(row: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=[row.to],
        reply_to=row.reply_to,
        headers=row.headers,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    if row.attachments:
        makers = {
            source: make for contribute in hooks.get_hooks(OUTBOX_ATTACHMENTS) for source, make in contribute().items()
        }
        for attachment in row.attachments:
            message.attach(*makers[attachment["source"]](attachment["id"]))
    return message


def emails_send(ids: list[int]) -> dict[str, int]:
    """Claim those of `ids` still queued and send them; a passing refusal is tried again after a growing delay."""
    claimed = outbox.claim(OutboxEmail.objects.filter(pk__in=ids), limit=len(ids))
    return outbox.send_claimed(OutboxEmail, claimed, email_message, retry_delay=outbox.backoff)


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------


def emails_purge(*, now=None) -> int:
    """Delete the e-mails sent or given up on more than OUTBOX_EMAIL_RETENTION_DAYS ago; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_EMAIL_RETENTION_DAYS)
    done = (OutboxEmail.Status.SENT, OutboxEmail.Status.FAILED)
    deleted, _by_model = OutboxEmail.objects.filter(status__in=done, created_at__lt=cutoff).delete()
    return deleted


def public_url(location: str) -> str:
    """`location` (a path, or an address built from a request) on the site's configured public address.

    Links in e-mails never take the host and port from the request's Host header, which the sender of the request
    chose: https in production, where WAGTAILADMIN_BASE_URL is https.
    """
    parts = urlsplit(location)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + urlunsplit(("", "", parts.path, parts.query, parts.fragment))
