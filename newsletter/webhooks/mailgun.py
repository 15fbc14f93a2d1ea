"""Mailgun's webhooks for failed and complained events, in their JSON form:
https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks

The body holds a "signature" object: the hex HMAC-SHA256, keyed with the HTTP webhook signing key, of its timestamp
and token written one after the other (for a subaccount's event, also "parent-signature", with the primary
account's key). A timestamp far from now is refused, and so is the token of a call taken before.
"""

import hashlib
import hmac

from django.conf import settings

from ..models import FeedbackEvent
from .common import (
    WebhookMalformed,
    WebhookRefused,
    WebhookReport,
    datetime_of_timestamp,
    json_body,
    replay_check,
    timestamp_checked,
)

NAME = "mailgun"
# A permanent failure is a hard bounce, but for these reasons: "old", Mailgun gave up retrying a passing failure (a
# full mailbox, a server away); "suppress-complaint", it did not send to an address that complained before;
# "suppress-unsubscribe", it did not send to an address on Mailgun's own unsubscribe list, which is no bounce.
PERMANENT_REASON_KINDS = {
    "old": FeedbackEvent.Kind.SOFT,
    "suppress-complaint": FeedbackEvent.Kind.COMPLAINT,
    "suppress-unsubscribe": None,
}


def enabled() -> bool:
    return bool(settings.NEWSLETTER_MAILGUN_SIGNING_KEY)


def reports(request) -> list[WebhookReport]:
    body = json_body(request.body)
    signature = body.get("signature") if isinstance(body, dict) else None
    if not isinstance(signature, dict):
        raise WebhookMalformed("No signature object.")
    signature_verify(signature)
    replay_check(request, NAME, str(signature.get("token")))
    event = body.get("event-data")
    if not isinstance(event, dict):
        raise WebhookMalformed("No event-data.")
    kind = event_kind(event)
    if kind is None or not event.get("id"):
        return []
    status = event.get("delivery-status") if isinstance(event.get("delivery-status"), dict) else {}
    message = event.get("message") if isinstance(event.get("message"), dict) else {}
    headers = message.get("headers") if isinstance(message.get("headers"), dict) else {}
    return [
        WebhookReport(
            kind=kind,
            # Mailgun's event ids are unique within a day only: with the event's time they are unique for good.
            key=f"mailgun:{event['id']}:{event.get('timestamp')}",
            address=str(event.get("recipient") or ""),
            message_id=str(headers.get("message-id") or ""),
            diagnostic=str(status.get("description") or status.get("message") or event.get("reason") or ""),
            status_code=str(status.get("code") or ""),
            occurred_at=datetime_of_timestamp(event.get("timestamp")),
        )
    ]


def event_kind(event: dict) -> str | None:
    if event.get("event") == "complained":
        return FeedbackEvent.Kind.COMPLAINT
    if event.get("event") != "failed" or event.get("severity") != "permanent":
        # A temporary failure is a delay: Mailgun tries again, and reports the end as delivered or a permanent
        # failure, as a relay's "delayed" report counts for nothing (docs/bounces.md). Deliveries, opens, clicks.
        return None
    return PERMANENT_REASON_KINDS.get(str(event.get("reason")), FeedbackEvent.Kind.HARD)


def signature_verify(signature: dict) -> None:
    timestamp, token = str(signature.get("timestamp") or ""), str(signature.get("token") or "")
    expected = hmac.new(
        settings.NEWSLETTER_MAILGUN_SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    # An event of a subaccount is signed with its key and, as "parent-signature", with the primary account's.
    given = [str(signature.get(field) or "").lower() for field in ("signature", "parent-signature")]
    if not token or not any(hmac.compare_digest(value.encode(), expected.encode()) for value in given):
        raise WebhookRefused("The signature does not match.")
    timestamp_checked(timestamp)
