"""The newsletter's links in e-mails: unsubscribe links, and confirmation links signed, expiring and bound to the
address they were sent to."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from core.mail import public_url

from .models import Subscriber

CONFIRMATION_SALT = "newsletter.subscriber.confirm"


def unsubscribe_url(subscriber: Subscriber) -> str:
    """The subscriber's own unsubscribe link, for `List-Unsubscribe` and the footer of every issue.

    A GET shows a page with a button and changes nothing; a POST (the button, or a mail client's one-click
    unsubscribe of RFC 8058) unsubscribes at once. The token in it is the only key.
    """
    return public_url(reverse("newsletter:unsubscribe", args=[subscriber.token]))


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
    return public_url(reverse("newsletter:confirm", args=[confirmation_token(subscriber)]))


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
