"""Postmark's bounce and spam complaint webhooks: https://postmarkapp.com/developer/webhooks/bounce-webhook and
https://postmarkapp.com/developer/webhooks/spam-complaint-webhook.

Postmark does not sign its calls: it authenticates with HTTP Basic auth, the user name and password written in the
webhook's URL, and optionally a custom header it is told to send
(https://postmarkapp.com/support/article/1166-how-do-i-protect-my-webhook-endpoints). Both are checked against the
settings in constant time. A call repeated is harmless: the bounce's ID is its key, and it counts once.
"""

import base64
import binascii
import re

from django.conf import settings
from django.utils.crypto import constant_time_compare

from ..models import FeedbackEvent
from .common import WebhookMalformed, WebhookRefused, WebhookReport, datetime_of_iso, json_body

NAME = "postmark"
# "Transient" is Postmark's "message delayed": it is still trying, and reports the end as a bounce if it gives up; a
# delay counts for nothing (docs/bounces.md). "SoftBounce" is a passing failure Postmark gave up on.
KINDS = {
    "HardBounce": FeedbackEvent.Kind.HARD,
    "SoftBounce": FeedbackEvent.Kind.SOFT,
    "SpamComplaint": FeedbackEvent.Kind.COMPLAINT,
}
# The header every issue carries with its delivery's token (newsletter.messages), as the bounced mail quotes it.
DELIVERY_HEADER = re.compile(r"^X-CEP-Delivery:[ \t]*([0-9a-z]+-[a-z2-7]+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def enabled() -> bool:
    return bool(settings.NEWSLETTER_POSTMARK_WEBHOOK_USER and settings.NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD)


def reports(request) -> list[WebhookReport]:
    authenticate(request)
    record = json_body(request.body)
    if not isinstance(record, dict) or "ID" not in record or "Type" not in record:
        raise WebhookMalformed("Not a Postmark bounce or spam complaint.")
    kind = KINDS.get(str(record["Type"]))
    if kind is None:
        # Delays, auto-replies, unsubscribe requests, DNS and relay errors of Postmark's own, …: nothing to count.
        return []
    return [
        WebhookReport(
            kind=kind,
            key=f"postmark:{record['ID']}",
            address=str(record.get("Email") or ""),
            token=delivery_token(record.get("Content")),
            message_id=str(record.get("MessageID") or ""),
            diagnostic=str(record.get("Details") or record.get("Description") or ""),
            occurred_at=datetime_of_iso(record.get("BouncedAt")),
        )
    ]


def authenticate(request) -> None:
    expected = f"{settings.NEWSLETTER_POSTMARK_WEBHOOK_USER}:{settings.NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD}"
    scheme, _space, credentials = request.headers.get("Authorization", "").partition(" ")
    try:
        given = base64.b64decode(credentials, validate=True).decode()
    except (binascii.Error, ValueError):
        given = ""
    if scheme.lower() != "basic" or not constant_time_compare(given, expected):
        raise WebhookRefused("Wrong or missing credentials.", status=401)
    header_name, _colon, header_value = settings.NEWSLETTER_POSTMARK_WEBHOOK_HEADER.partition(":")
    if header_name.strip() and not constant_time_compare(
        request.headers.get(header_name.strip(), ""), header_value.strip()
    ):
        raise WebhookRefused(f"Wrong or missing {header_name.strip()} header.")


def delivery_token(content) -> str:
    """The delivery token quoted in the bounce's content, when the webhook is set to include it (the mail back)."""
    match = DELIVERY_HEADER.search(content) if isinstance(content, str) else None
    return match.group(1) if match else ""
