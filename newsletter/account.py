"""The newsletter part of a member's account page: `account_newsletter_context(user)` for the view, rendered by
templates/newsletter/includes/account_section.html."""

from django.urls import reverse

from . import services
from .models import Subscriber


def account_newsletter_context(user) -> dict:
    """`{"newsletter": {...}}`: where the user's subscription stands and where its buttons post (three queries
    at most)."""
    subscriber = services.subscriber_of_user(user)
    status = subscriber.status if subscriber else ""
    return {
        "newsletter": {
            "subscriber": subscriber,
            "status": status,
            "subscribed": status == Subscriber.Status.CONFIRMED,
            "pending": status == Subscriber.Status.PENDING,
            "email": subscriber.email if subscriber else user.email,
            "email_verified": services.user_email_verified(user),
            "consent_text": services.CONSENT_TEXT,
            "subscribe_url": reverse("newsletter:account_subscribe"),
            "unsubscribe_url": reverse("newsletter:account_unsubscribe"),
        }
    }
