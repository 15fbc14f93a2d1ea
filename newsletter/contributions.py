"""What the newsletter adds to other apps (core.contributions, registered in wagtail_hooks): its section of the
account page (templates/newsletter/includes/account_section.html), and its part of the data export and erasure."""

from django.db.models import Q
from django.urls import reverse

from core.contributions import AccountPanel, PersonalData, any_address

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


def account_panel(user) -> AccountPanel:
    return AccountPanel(
        slug="newsletter",
        title="Newsletter",
        template="newsletter/includes/account_section.html",
        context=account_newsletter_context(user),
        order=40,
    )


def subscriptions_of(user, addresses):
    """Subscriptions linked to the account or of an address the person has confirmed is theirs."""
    return Subscriber.objects.filter(Q(user=user) | any_address("email", addresses))


def subscriptions_export(user, addresses) -> list[dict]:
    return [
        {
            "email": subscriber.email,
            "name": subscriber.name,
            "status": subscriber.status,
            "source": subscriber.source,
            "consent_text": subscriber.consent_text,
            "consent_version": subscriber.consent_version,
            "signed_up_at": subscriber.signed_up_at,
            "signed_up_ip": subscriber.signed_up_ip,
            "confirmed_at": subscriber.confirmed_at,
            "confirmed_ip": subscriber.confirmed_ip,
            "unsubscribed_at": subscriber.unsubscribed_at,
            # What mail servers and providers reported about mail to the address (newsletter.feedback).
            "bounces_and_complaints": [
                {"kind": event.kind, "occurred_at": event.occurred_at, "source": event.source}
                for event in subscriber.feedback_events.all()
            ],
        }
        for subscriber in subscriptions_of(user, addresses).prefetch_related("feedback_events")
    ]


def subscriptions_erase(user, addresses) -> None:
    # With its consent record and the deliveries of issues to it (CASCADE).
    subscriptions_of(user, addresses).delete()


def personal_data() -> PersonalData:
    return PersonalData(key="newsletter_subscriptions", export=subscriptions_export, erase=subscriptions_erase)
