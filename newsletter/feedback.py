"""Bounces and complaints: what happens to a subscriber when mail to them fails or they call it spam (docs/bounces.md).

Every source goes through `feedback_record`: a refusal at sending (`delivery_refused`, the outbox's 5xx), a report
read from the bounce mailbox (newsletter.mailbox) and a sending provider's webhook.

- a hard bounce (the address does not work: a 5xx at sending, a report with a 5.x.x status) marks the subscriber
  bounced at once;
- a soft bounce (a passing failure the relay gave up on: 4.x.x) counts; the subscriber is marked bounced when soft
  bounces reach the limit staff set within the days they set (Settings › Contact and social media, 3 in 30 days);
- a complaint (the recipient pressed "spam") unsubscribes at once, as the unsubscribe link does.

Each newsletter message goes out from its own return path, bounces+<token>@domain (`return_path`), whose token
names its delivery row and cannot be made up from a row's number.
"""

import base64
import hashlib
import logging
import re
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from wagtail.models import Site

from core.models import SiteSettings

from .models import Delivery, FeedbackEvent, Subscriber
from .services import subscriber_unsubscribe

logger = logging.getLogger(__name__)

TOKEN_SALT = "newsletter.feedback.return_path"  # noqa: S105 (a salt, not a secret)
# 16 base32 letters: 80 bits of the signature, in the lower case some servers turn local parts into.
SIGNATURE_LENGTH = 16
TOKEN = re.compile(r"^([0-9a-z]{1,13})-([a-z2-7]{16})$")
ENHANCED_STATUS = re.compile(r"\b[245]\.\d{1,3}\.\d{1,3}\b")

SOURCE_SMTP = "smtp"
SOURCE_MAILBOX = "mailbox"


# --- The return path ------------------------------------------------------------------------------------------


def delivery_signature(delivery_id: int) -> str:
    digest = salted_hmac(TOKEN_SALT, str(delivery_id), algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:SIGNATURE_LENGTH].lower()


def delivery_token(delivery_id: int) -> str:
    """The token that names delivery `delivery_id` in its return path and its X-CEP-Delivery header."""
    return f"{int_to_base36(delivery_id)}-{delivery_signature(delivery_id)}"


def delivery_id_of_token(token: str) -> int | None:
    """The delivery a token names, or None for a token this site did not sign (made up, or another key's)."""
    match = TOKEN.match(token.strip().lower())
    if not match:
        return None
    delivery_id = base36_to_int(match.group(1))
    return delivery_id if constant_time_compare(match.group(2), delivery_signature(delivery_id)) else None


def return_path(delivery_id: int) -> str:
    """The envelope sender of delivery `delivery_id`: bounces+<token>@domain; "" without NEWSLETTER_BOUNCE_ADDRESS."""
    local, _at, domain = settings.NEWSLETTER_BOUNCE_ADDRESS.rpartition("@")
    return f"{local}+{delivery_token(delivery_id)}@{domain}" if local else ""


# --- Recording ------------------------------------------------------------------------------------------------


def feedback_record(
    *,
    kind: str,
    source: str,
    key: str,
    delivery_id: int | None = None,
    token: str = "",
    message_id: str = "",
    address: str = "",
    diagnostic: str = "",
    status_code: str = "",
    occurred_at: datetime | None = None,
) -> FeedbackEvent | None:
    """Record a bounce or complaint and act on it; the one entry point for every source, webhooks included.

    `kind`: FeedbackEvent.Kind ("hard", "soft", "complaint"). `source`: "smtp", "mailbox" or "webhook:<provider>".
    `key`: what the same report carries each time it arrives (the provider's event id, the report's Message-ID):
    a report recorded already is returned as it was and changes nothing.
    The delivery is found by, in order: `delivery_id`; `token` (from the return path or the X-CEP-Delivery header;
    one this site did not sign is ignored); `message_id` (the original's Message-ID, with or without <>); else the
    subscriber by `address` alone. Returns None when none of them names a subscriber: nothing is recorded.
    """
    if kind not in FeedbackEvent.Kind.values:
        raise ValueError(f"Unknown feedback kind: {kind!r}")
    delivery = delivery_found(delivery_id=delivery_id, token=token, message_id=message_id)
    subscriber_id = delivery.subscriber_id if delivery else subscriber_id_of_address(address)
    if subscriber_id is None:
        return None
    if len(key) > FeedbackEvent._meta.get_field("key").max_length:
        key = hashlib.sha256(key.encode()).hexdigest()
    with transaction.atomic():
        # The subscriber's row is locked: two reports for them at once are counted one after the other.
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
        event, created = FeedbackEvent.objects.get_or_create(
            key=key,
            defaults={
                "subscriber": subscriber,
                "delivery": delivery,
                "kind": kind,
                "source": source[:40],
                "status_code": status_code[:20],
                "diagnostic": diagnostic,
                "occurred_at": occurred_at or timezone.now(),
            },
        )
        if created:
            subscriber_apply(subscriber, event)
    return event


def subscriber_apply(subscriber: Subscriber, event: FeedbackEvent) -> None:
    if event.kind == FeedbackEvent.Kind.COMPLAINT:
        # The same record as the unsubscribe link: status and time in the consent record; the event says why.
        subscriber_unsubscribe(subscriber=subscriber)
        logger.info("Subscriber %s complained (%s): unsubscribed", subscriber.pk, event.source)
        return
    Subscriber.objects.filter(pk=subscriber.pk).update(bounce_count=F("bounce_count") + 1)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return
    if event.kind == FeedbackEvent.Kind.HARD or soft_bounces_reach_limit(subscriber):
        Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.BOUNCED)
        logger.info("Subscriber %s marked bounced (%s bounce, %s)", subscriber.pk, event.kind, event.source)


def soft_bounce_policy() -> tuple[int, int]:
    """(limit, days): how many soft bounces within how many days mark a subscriber bounced, as staff set them."""
    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else SiteSettings()
    return site_settings.newsletter_soft_bounce_limit, site_settings.newsletter_soft_bounce_days


def soft_bounces_reach_limit(subscriber: Subscriber) -> bool:
    limit, days = soft_bounce_policy()
    since = timezone.now() - timedelta(days=days)
    # Bounces from before the address was confirmed again (a new sign-up) do not count against it.
    if subscriber.confirmed_at and subscriber.confirmed_at > since:
        since = subscriber.confirmed_at
    recent = FeedbackEvent.objects.filter(
        subscriber_id=subscriber.pk, kind=FeedbackEvent.Kind.SOFT, occurred_at__gte=since
    )
    return recent.count() >= limit


def delivery_found(*, delivery_id: int | None, token: str, message_id: str) -> Delivery | None:
    if delivery_id is None and token:
        delivery_id = delivery_id_of_token(token)
    if delivery_id is not None:
        delivery = Delivery.objects.filter(pk=delivery_id).first()
        if delivery:
            return delivery
    bare = message_id.strip().strip("<>")
    if bare:
        return Delivery.objects.filter(message_id__in=[f"<{bare}>", bare]).first()
    return None


def subscriber_id_of_address(address: str) -> int | None:
    address = address.strip()
    if not address:
        return None
    return Subscriber.objects.filter(email__iexact=address).values_list("pk", flat=True).first()


# --- Refusals at sending --------------------------------------------------------------------------------------


def delivery_refused(row: Delivery, error: Exception) -> None:
    """The outbox's `on_permanent_failure`: the mail server refused the message for good (5xx), a hard bounce."""
    reply = smtp_reply(error)
    code = ENHANCED_STATUS.search(reply)
    feedback_record(
        kind=FeedbackEvent.Kind.HARD,
        source=SOURCE_SMTP,
        key=f"smtp:{row.pk}:{row.attempts}",
        delivery_id=row.pk,
        diagnostic=reply,
        status_code=code.group(0) if code else reply[:3],
    )


def smtp_reply(error: Exception) -> str:
    """The server's answer, e.g. "550 5.1.1 Mailbox unavailable"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return str(error)
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}"
