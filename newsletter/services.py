"""Subscribing to the newsletter: double opt-in sign-up, confirmation, unsubscribing, members, imports, the purge.

Views, admin views, the management command and the tasks call these; the model stays free of e-mail and queues.
Nothing here tells a visitor whether an address was known: `subscriber_subscribe` behaves the same to the caller
for a new, a waiting and a confirmed address (see docs/newsletter.md).
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core import mail
from core.models import OutboxEmail

from .models import Subscriber

logger = logging.getLogger(__name__)

# What the sign-up form and the account page show next to the consent box, stored with each sign-up. Change the
# version with the wording, so that the consent record says which text each person agreed to.
CONSENT_VERSION = "2026-11"
CONSENT_TEXT = (
    "I agree to receive the CEP newsletter by e-mail, about every two months, and to CEP keeping these details "
    "for that purpose. I can unsubscribe at any time with the link in every issue."
)

SOURCE_SIGN_UP_FORM = "sign-up form"
SOURCE_ACCOUNT_PAGE = "account page"

# At most one confirmation e-mail per address in this time, however often it is typed into the form.
CONFIRMATION_INTERVAL = timedelta(days=1)
# Sign-ups not confirmed within this time are deleted (beat, daily; or `manage.py purge_unconfirmed_subscribers`).
PURGE_AFTER = timedelta(days=7)
CONFIRMATION_SALT = "newsletter.subscriber.confirm"
CONFIRMATION_KIND = "newsletter.confirmation"

EMAIL_MAX_LENGTH = Subscriber._meta.get_field("email").max_length
NAME_MAX_LENGTH = Subscriber._meta.get_field("name").max_length
SOURCE_MAX_LENGTH = Subscriber._meta.get_field("source").max_length


def site_url(path: str) -> str:
    """An absolute address on the public site (https in production, where WAGTAILADMIN_BASE_URL is https)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_url(subscriber: Subscriber) -> str:
    """The subscriber's own unsubscribe link, for `List-Unsubscribe` and the footer of every issue.

    A GET shows a page with a button and changes nothing; a POST (the button, or a mail client's one-click
    unsubscribe of RFC 8058) unsubscribes at once. The token in it is the only key.
    """
    return site_url(reverse("newsletter:unsubscribe", args=[subscriber.token]))


# ---------------------------------------------------------------------------
# Confirmation links: signed, expiring, bound to the address they were sent to
# ---------------------------------------------------------------------------


class InvalidConfirmationLink(Exception):
    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirmation_max_age() -> timedelta:
    return timedelta(days=settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS)


def email_digest(email: str) -> str:
    """Binds a link to the address it was sent to without putting the address in the link (or in access logs)."""
    return salted_hmac(CONFIRMATION_SALT, email.strip().lower()).hexdigest()[:20]


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, email_digest(subscriber.email)], salt=CONFIRMATION_SALT)


def confirmation_url(subscriber: Subscriber) -> str:
    return site_url(reverse("newsletter:confirm", args=[confirmation_token(subscriber)]))


def subscriber_for_confirmation(token: str, *, lock: bool = False) -> Subscriber:
    """The subscriber a confirmation link is for, or `InvalidConfirmationLink` (tampered, expired, or for a row
    that was purged, unsubscribed since, or whose address changed)."""
    try:
        pk, digest = signing.loads(token, salt=CONFIRMATION_SALT, max_age=confirmation_max_age())
    except signing.SignatureExpired as error:
        raise InvalidConfirmationLink(expired=True) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidConfirmationLink() from error
    subscribers = Subscriber.objects.select_for_update() if lock else Subscriber.objects.all()
    subscriber = subscribers.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscriber is None or not isinstance(digest, str):
        raise InvalidConfirmationLink()
    if not constant_time_compare(digest, email_digest(subscriber.email)):
        raise InvalidConfirmationLink()
    if subscriber.status not in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED):
        raise InvalidConfirmationLink()
    return subscriber


def subscriber_confirm(*, token: str, ip: str | None) -> Subscriber:
    """Confirm the sign-up a link was sent for (POST only: mail scanners fetch links, they do not press buttons).

    Confirming twice changes nothing. An address imported without consent is asked on the confirmation page with
    the same wording as the sign-up form, so that wording becomes its consent record.
    """
    with transaction.atomic():
        subscriber = subscriber_for_confirmation(token, lock=True)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.confirmed_ip = ip
        subscriber.bounce_count = 0
        if not subscriber.consent_text:
            subscriber.consent_text, subscriber.consent_version = CONSENT_TEXT, CONSENT_VERSION
        subscriber.save(
            update_fields=["status", "confirmed_at", "confirmed_ip", "bounce_count", "consent_text", "consent_version"]
        )
    return subscriber


# ---------------------------------------------------------------------------
# Signing up (double opt-in) and the confirmation e-mail
# ---------------------------------------------------------------------------


def subscriber_subscribe(
    *,
    email: str,
    name: str = "",
    consent_text: str = CONSENT_TEXT,
    consent_version: str = CONSENT_VERSION,
    ip: str | None = None,
    user=None,
    source: str = SOURCE_SIGN_UP_FORM,
) -> Subscriber:
    """A sign-up: a new address waits for confirmation and is sent the link.

    - waiting already: its consent record is renewed, and the link sent again unless it was sent in the last day;
    - confirmed: nothing changes and nothing is sent (the owner is subscribed, a stranger learns nothing);
    - unsubscribed or bounced: back to waiting, with a fresh consent record, and sent the link.
    """
    email = email.strip()
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = subscriber_get_or_create(
            email,
            defaults={
                "name": name,
                "user": user,
                "source": source,
                "consent_text": consent_text,
                "consent_version": consent_version,
                "signed_up_at": now,
                "signed_up_ip": ip,
            },
        )
        if not created and subscriber.status == Subscriber.Status.CONFIRMED:
            if user is not None and subscriber.user_id is None:
                subscriber.user = user
                subscriber.save(update_fields=["user"])
            return subscriber
        if not created:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.name = name or subscriber.name
            subscriber.user = user or subscriber.user
            subscriber.source = source
            subscriber.consent_text, subscriber.consent_version = consent_text, consent_version
            subscriber.signed_up_at, subscriber.signed_up_ip = now, ip
            subscriber.confirmed_at = subscriber.confirmed_ip = subscriber.unsubscribed_at = None
            subscriber.save()
        confirmation_send_if_due(subscriber, now=now)
    return subscriber


def subscriber_get_or_create(email: str, *, defaults: dict) -> tuple[Subscriber, bool]:
    """The row for `email` in any letter case, locked until the transaction ends; two sign-ups at once make one."""
    existing = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, **defaults), True
    except IntegrityError:
        # Another request created it between our look and our insert (the unique constraint on Lower(email)).
        return Subscriber.objects.select_for_update().get(email__iexact=email), False


def confirmation_send_if_due(subscriber: Subscriber, *, now=None) -> bool:
    """Queue the confirmation e-mail unless one to this address waits to go out or went out in the last day.

    One that failed does not count: signing up again sends a new one at once. The caller holds the subscriber's
    row locked (`subscriber_get_or_create`), so two sign-ups at the same moment queue one e-mail.
    """
    now = now or timezone.now()
    confirmations = OutboxEmail.objects.filter(kind=CONFIRMATION_KIND, to__iexact=subscriber.email)
    waiting = Q(status__in=(OutboxEmail.Status.QUEUED, OutboxEmail.Status.SENDING))
    recent = Q(status=OutboxEmail.Status.SENT, sent_at__gt=now - CONFIRMATION_INTERVAL)
    if confirmations.filter(waiting | recent).exists():
        return False
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
    subscriber.confirmation_sent_at = now
    mail.message_queue(CONFIRMATION_KIND, confirmation_message(subscriber))
    return True


def confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    context = {
        "subscriber": subscriber,
        "confirm_url": confirmation_url(subscriber),
        "valid_days": settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS,
        # Added by staff from a list rather than typed into the form by the person.
        "imported": not subscriber.consent_text,
        "site_url": site_url("/"),
    }
    message = EmailMultiAlternatives(
        subject="Please confirm your subscription to the CEP newsletter",
        body=render_to_string("newsletter/email/confirmation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(render_to_string("newsletter/email/confirmation.html", context), "text/html")
    return message


# ---------------------------------------------------------------------------
# Unsubscribing
# ---------------------------------------------------------------------------


def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Unsubscribe at once; the time is kept in the consent record. Unsubscribing again changes nothing."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


# ---------------------------------------------------------------------------
# Members: their account page subscribes them without a confirmation e-mail
# ---------------------------------------------------------------------------


class EmailNotVerified(Exception):
    pass


def user_email_verified(user) -> bool:
    """Whether the user's login address was confirmed through allauth (the link sent at sign-up)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def subscriber_of_user(user) -> Subscriber | None:
    """The subscription of the user's login address, else one linked to the user (an address they had before)."""
    return (
        Subscriber.objects.filter(email__iexact=user.email).first()
        or Subscriber.objects.filter(user=user).order_by("-signed_up_at").first()
    )


def subscriber_subscribe_member(*, user, ip: str | None = None) -> Subscriber:
    """Subscribe a logged-in user's verified address at once: the verification already proved the address is theirs.

    Raises `EmailNotVerified` otherwise; the caller falls back to the double opt-in (`subscriber_subscribe`).
    """
    if not user_email_verified(user):
        raise EmailNotVerified()
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = subscriber_get_or_create(user.email, defaults={"signed_up_at": now})
        if not created and subscriber.status == Subscriber.Status.CONFIRMED:
            if subscriber.user_id is None:
                subscriber.user = user
                subscriber.save(update_fields=["user"])
            return subscriber
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.name = subscriber.name or user.get_full_name()
        subscriber.user = user
        subscriber.source = SOURCE_ACCOUNT_PAGE
        subscriber.consent_text, subscriber.consent_version = CONSENT_TEXT, CONSENT_VERSION
        subscriber.signed_up_at, subscriber.signed_up_ip = now, ip
        subscriber.confirmed_at, subscriber.confirmed_ip = now, ip
        subscriber.unsubscribed_at = None
        subscriber.bounce_count = 0
        subscriber.save()
    return subscriber


# ---------------------------------------------------------------------------
# The purge of sign-ups nobody confirmed
# ---------------------------------------------------------------------------


def subscribers_purge_unconfirmed(*, now=None) -> int:
    """Delete sign-ups still waiting for confirmation PURGE_AFTER after they were made; returns how many."""
    cutoff = (now or timezone.now()) - PURGE_AFTER
    _total, deleted = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, confirmed_at__isnull=True, signed_up_at__lt=cutoff
    ).delete()
    return deleted.get(Subscriber._meta.label, 0)


# ---------------------------------------------------------------------------
# CSV import by staff
# ---------------------------------------------------------------------------

HEADER_WORDS = {"email", "e-mail", "email address", "e-mail address", "address", "mail"}


@dataclass
class SkippedRow:
    line: int
    value: str
    reason: str


@dataclass
class ImportReport:
    """What an import did, for the admin page: counts, and each skipped line with its reason."""

    source: str
    consented: bool
    invited: int = 0  # new, or waiting already: asked to confirm (the e-mail at most once a day)
    subscribed: int = 0  # consented: subscribed at once
    unchanged: int = 0  # subscribed already
    skipped: list[SkippedRow] = field(default_factory=list)
    error: str = ""  # the file could not be read at all

    @property
    def rows(self) -> int:
        return self.invited + self.subscribed + self.unchanged + len(self.skipped)


def csv_text(file) -> str:
    """The uploaded file as text: UTF-8 (with or without the BOM Excel writes), else Windows-1252."""
    data = file.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(text: str):
    """(line number, cells) for each non-empty row; separated by commas, semicolons or tabs (as Excel saves)."""
    # The separator most used in the first lines (csv.Sniffer guesses wrong on short files with one column).
    sample = "\n".join(text.splitlines()[:50])
    delimiter = max(",;\t", key=sample.count) if any(mark in sample for mark in ",;\t") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for cells in reader:
        cells = [cell.strip() for cell in cells]
        if any(cells):
            yield reader.line_num, cells


def import_row_problem(email: str, name: str) -> str:
    if not email:
        return "No e-mail address."
    if len(email) > EMAIL_MAX_LENGTH:
        return f"The e-mail address is longer than {EMAIL_MAX_LENGTH} characters."
    try:
        validate_email(email)
    except ValidationError:
        return "Not a valid e-mail address."
    if len(name) > NAME_MAX_LENGTH:
        return f"The name is longer than {NAME_MAX_LENGTH} characters."
    return ""


def subscribers_import(*, file, source: str, consented: bool, imported_by=None) -> ImportReport:
    """Add the addresses of a CSV file (e-mail, then name; a header row is skipped) to the subscribers.

    - not consented: new addresses wait for confirmation and are sent the link, like a sign-up; they are deleted
      after 7 days if nobody confirms. Unsubscribed and bounced addresses are skipped.
    - consented (staff state that these people agreed elsewhere): subscribed at once, with the source and who
      imported them as the consent record; unsubscribed ones too, since they agreed again.
    A confirmed subscriber is never changed. Bad lines are skipped and reported with their line numbers.
    """
    report = ImportReport(source=source, consented=consented)
    try:
        text = csv_text(file)
    except OSError as error:
        report.error = f"The file could not be read: {error}"
        return report
    seen: dict[str, int] = {}
    now = timezone.now()
    who = getattr(imported_by, "email", "") or "staff"
    consent_record = f"Consent given before the import, as stated by {who} when importing (source: {source})."
    with transaction.atomic():
        for line, cells in csv_rows(text):
            email = cells[0]
            name = cells[1] if len(cells) > 1 else ""
            if not seen and line == 1 and email.lower() in HEADER_WORDS:
                continue
            problem = import_row_problem(email, name)
            if not problem and email.lower() in seen:
                problem = f"Repeats line {seen[email.lower()]}."
            if problem:
                report.skipped.append(SkippedRow(line, email, problem))
                continue
            seen[email.lower()] = line
            subscriber, created = subscriber_get_or_create(
                email, defaults={"name": name, "source": source, "signed_up_at": now}
            )
            status = subscriber.status
            if status == Subscriber.Status.CONFIRMED:
                report.unchanged += 1
            elif consented:
                subscriber.status = Subscriber.Status.CONFIRMED
                subscriber.name = subscriber.name or name
                subscriber.source = source
                subscriber.consent_text, subscriber.consent_version = consent_record, "import"
                subscriber.signed_up_at, subscriber.signed_up_ip = now, None
                subscriber.confirmed_at, subscriber.confirmed_ip = now, None
                subscriber.unsubscribed_at = None
                subscriber.bounce_count = 0
                subscriber.save()
                report.subscribed += 1
            elif status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
                reason = "Unsubscribed" if status == Subscriber.Status.UNSUBSCRIBED else "Bounced"
                report.skipped.append(SkippedRow(line, email, f"{reason}: not added again unless they consented."))
            else:
                # New, or a sign-up already waiting (whose own consent record from the form is kept).
                if subscriber.name == "" and name:
                    subscriber.name = name
                    subscriber.save(update_fields=["name"])
                confirmation_send_if_due(subscriber, now=now)
                report.invited += 1
    return report
