"""SendGrid's Event Webhook, signed: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features

SendGrid signs the timestamp header followed by the raw body with ECDSA (P-256, SHA-256); the signature, base64 DER,
is in X-Twilio-Email-Event-Webhook-Signature and the key to check it with, base64 DER of the public key, is shown
under Mail Settings. A timestamp far from now is refused, and so is the same signed body twice. The body is a JSON
array of events: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
"""

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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

NAME = "sendgrid"
SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"
# "bounce": the receiving server refused the address for good; "blocked": it refused this message, for now.
BOUNCE_KINDS = {"bounce": FeedbackEvent.Kind.HARD, "blocked": FeedbackEvent.Kind.SOFT}
# "dropped": SendGrid did not send, because of its own suppression lists; these reasons are an address that bounced
# or complained before, or is not an address.
DROP_KINDS = {
    "Bounced Address": FeedbackEvent.Kind.HARD,
    "Invalid": FeedbackEvent.Kind.HARD,
    "Spam Reporting Address": FeedbackEvent.Kind.COMPLAINT,
}


def enabled() -> bool:
    return bool(settings.NEWSLETTER_SENDGRID_VERIFICATION_KEY)


def reports(request) -> list[WebhookReport]:
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    signature_verify(request.headers.get(SIGNATURE_HEADER, ""), timestamp, request.body)
    timestamp_checked(timestamp)
    # ECDSA signatures can be rewritten into others just as valid: the body signed is what must not come twice.
    replay_check(request, NAME, hashlib.sha256(timestamp.encode() + request.body).hexdigest())
    events = json_body(request.body)
    if not isinstance(events, list):
        raise WebhookMalformed("Not a list of events.")
    return [report for event in events if isinstance(event, dict) and (report := event_report(event))]


def event_report(event: dict) -> WebhookReport | None:
    name = event.get("event")
    if name == "bounce":
        kind = BOUNCE_KINDS.get(str(event.get("type") or "bounce"))
    elif name == "dropped":
        kind = DROP_KINDS.get(str(event.get("reason")))
    elif name == "spamreport":
        kind = FeedbackEvent.Kind.COMPLAINT
    else:
        kind = None
    if kind is None or not event.get("sg_event_id"):
        return None
    return WebhookReport(
        kind=kind,
        key=f"sendgrid:{event['sg_event_id']}",
        address=str(event.get("email") or ""),
        message_id=str(event.get("smtp-id") or ""),
        diagnostic=str(event.get("reason") or ""),
        status_code=str(event.get("status") or ""),
        occurred_at=datetime_of_timestamp(event.get("timestamp")),
    )


def verification_key() -> ec.EllipticCurvePublicKey:
    try:
        key = load_der_public_key(base64.b64decode(settings.NEWSLETTER_SENDGRID_VERIFICATION_KEY))
    except (binascii.Error, ValueError, UnsupportedAlgorithm) as error:
        raise ImproperlyConfigured("NEWSLETTER_SENDGRID_VERIFICATION_KEY is not a base64 public key.") from error
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ImproperlyConfigured("NEWSLETTER_SENDGRID_VERIFICATION_KEY is not an elliptic curve key.")
    return key


def signature_verify(signature: str, timestamp: str, body: bytes) -> None:
    if not signature or not timestamp:
        raise WebhookRefused("The call is not signed.")
    try:
        verification_key().verify(
            base64.b64decode(signature, validate=True), timestamp.encode() + body, ec.ECDSA(hashes.SHA256())
        )
    except (binascii.Error, ValueError, InvalidSignature) as error:
        raise WebhookRefused("The signature does not match.") from error
