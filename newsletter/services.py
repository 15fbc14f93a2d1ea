"""Subscribing to the newsletter: double opt-in sign-up, confirmation, unsubscribing, members, the purge.

Links and their tokens are in links.py, the CSV import of staff in imports.py.

Views, admin views, the management command and the tasks call these; the model stays free of e-mail and queues.
Nothing here tells a visitor whether an address was known: `subscriber_subscribe` behaves the same to the caller
for a new, a waiting and a confirmed address (see docs/newsletter.md).
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from core import mail
from core.models import OutboxEmail

from .links import confirmation_url, subscriber_for_confirmation
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
CONFIRMATION_KIND = "newsletter.confirmation"

EMAIL_MAX_LENGTH = Subscriber._meta.get_field("email").max_length
NAME_MAX_LENGTH = Subscriber._meta.get_field("name").max_length
SOURCE_MAX_LENGTH = Subscriber._meta.get_field("source").max_length


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
        "site_url": mail.public_url("/"),
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
