"""Amazon SES bounce and complaint notifications, delivered by an SNS topic to an HTTPS subscription.

SNS signs each message (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) over a canonical string of its fields,
with the certificate at SigningCertURL, which must be an https address on an sns.<region>.amazonaws.com host:
https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html. Only messages of the topic in
NEWSLETTER_SES_TOPIC_ARN are taken; its SubscriptionConfirmation is confirmed by a GET of its SubscribeURL. A
Notification's Message is SES's JSON: https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html (and the
event publishing form, with eventType, https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html).
Raw message delivery must stay off on the subscription: it drops the signature.
"""

import base64
import binascii
import hashlib
import json
import logging
import re
import urllib.request
from email.utils import parseaddr
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from django.conf import settings
from django.core.cache import cache

from ..models import FeedbackEvent
from .common import WebhookMalformed, WebhookRefused, WebhookReport, datetime_of_iso, json_body

logger = logging.getLogger(__name__)

NAME = "ses"
SNS_HOST = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
SIGNATURE_HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}
# The fields signed, in this order, per message type; Subject only when the message has one.
SIGNED_FIELDS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}
# SNS changes its signing certificate seldom, and a new one has a new address.
CERTIFICATE_CACHE_SECONDS = 24 * 60 * 60
HTTP_TIMEOUT = 5
DELIVERY_HEADER = "x-cep-delivery"


def enabled() -> bool:
    return bool(settings.NEWSLETTER_SES_TOPIC_ARN)


def reports(request) -> list[WebhookReport]:
    message = json_body(request.body)
    if not isinstance(message, dict) or str(message.get("Type")) not in SIGNED_FIELDS:
        raise WebhookMalformed("Not an SNS message.")
    # The topic first: another topic's messages are refused without fetching a certificate. The signature covers it.
    if message.get("TopicArn") != settings.NEWSLETTER_SES_TOPIC_ARN:
        raise WebhookRefused("Not the configured topic.")
    signature_verify(message)
    if message["Type"] == "SubscriptionConfirmation":
        subscription_confirm(message)
        return []
    if message["Type"] == "UnsubscribeConfirmation":
        logger.warning("SNS topic %s unsubscribed this site's webhook", message["TopicArn"])
        return []
    try:
        notification = json.loads(message["Message"])
    except (TypeError, ValueError) as error:
        raise WebhookMalformed("The notification's Message is not SES's JSON.") from error
    if not isinstance(notification, dict):
        raise WebhookMalformed("The notification's Message is not SES's JSON.")
    return notification_reports(notification, sns_message_id=str(message.get("MessageId", "")))


# --- The signature ----------------------------------------------------------------------------------------------


def string_to_sign(message: dict) -> bytes:
    fields = SIGNED_FIELDS[message["Type"]]
    lines = []
    for field in fields:
        if field not in message:
            if field == "Subject":
                continue
            raise WebhookMalformed(f"The message has no {field}.")
        lines.append(f"{field}\n{message[field]}\n")
    return "".join(lines).encode()


def signature_verify(message: dict) -> None:
    algorithm = SIGNATURE_HASHES.get(str(message.get("SignatureVersion")))
    if algorithm is None:
        raise WebhookRefused("Unknown SignatureVersion.")
    try:
        signature = base64.b64decode(message.get("Signature") or "", validate=True)
    except (binascii.Error, ValueError) as error:
        raise WebhookRefused("The signature is not base64.") from error
    public_key = signing_certificate(str(message.get("SigningCertURL") or "")).public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise WebhookRefused("The signing certificate has no RSA key.")
    try:
        public_key.verify(signature, string_to_sign(message), padding.PKCS1v15(), algorithm())
    except InvalidSignature as error:
        raise WebhookRefused("The signature does not match.") from error


def is_sns_url(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and parts.port is None
        and not parts.username
        and SNS_HOST.match(parts.hostname or "") is not None
    )


def signing_certificate(url: str) -> x509.Certificate:
    if not is_sns_url(url) or not urlsplit(url).path.endswith(".pem"):
        raise WebhookRefused("The signing certificate is not on an SNS host.")
    cache_key = f"newsletter:webhook:ses:certificate:{hashlib.sha256(url.encode()).hexdigest()}"
    pem = cache.get(cache_key)
    if pem is not None:
        return x509.load_pem_x509_certificate(pem)
    try:
        pem = certificate_download(url)
    except OSError as error:
        logger.warning("SNS signing certificate %s could not be fetched: %s", url, error)
        raise WebhookRefused("The signing certificate could not be fetched.", status=503) from error
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError as error:
        raise WebhookRefused("The signing certificate is not a PEM certificate.") from error
    cache.set(cache_key, pem, CERTIFICATE_CACHE_SECONDS)
    return certificate


def certificate_download(url: str) -> bytes:
    """The PEM at an SNS address; over https, so the host is who it says it is."""
    with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as answer:  # noqa: S310 (https on an SNS host, checked)
        return answer.read(64 * 1024)


def subscription_confirm(message: dict) -> None:
    url = str(message.get("SubscribeURL") or "")
    if not is_sns_url(url):
        raise WebhookRefused("The SubscribeURL is not on an SNS host.")
    try:
        subscription_url_visit(url)
    except OSError as error:
        logger.warning("SNS subscription to %s could not be confirmed: %s", message["TopicArn"], error)
        raise WebhookRefused("The subscription could not be confirmed; SNS will try again.", status=503) from error
    logger.info("SNS subscription to %s confirmed", message["TopicArn"])


def subscription_url_visit(url: str) -> None:
    with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as answer:  # noqa: S310 (https on an SNS host, checked)
        answer.read(64 * 1024)


# --- SES's notification -----------------------------------------------------------------------------------------


def notification_reports(notification: dict, *, sns_message_id: str) -> list[WebhookReport]:
    kind_of = notification.get("notificationType") or notification.get("eventType")
    mail = notification.get("mail") if isinstance(notification.get("mail"), dict) else {}
    headers = {
        str(header.get("name", "")).lower(): str(header.get("value", ""))
        for header in mail.get("headers") or []
        if isinstance(header, dict)
    }
    common_headers = mail.get("commonHeaders") if isinstance(mail.get("commonHeaders"), dict) else {}
    about = {
        "token": headers.get(DELIVERY_HEADER, "").strip(),
        # SES gives the message its own Message-ID; the original's is in the headers when SES kept it.
        "message_id": str(common_headers.get("messageId") or headers.get("message-id") or ""),
    }
    if kind_of == "Bounce":
        bounce = notification.get("bounce")
        if not isinstance(bounce, dict):
            raise WebhookMalformed("A Bounce notification without its bounce.")
        # Permanent: the address does not work. Transient, and Undetermined, may pass: they count as soft.
        kind = FeedbackEvent.Kind.HARD if bounce.get("bounceType") == "Permanent" else FeedbackEvent.Kind.SOFT
        feedback_id = str(bounce.get("feedbackId") or sns_message_id)
        return [
            WebhookReport(
                kind=kind,
                key=f"ses:{feedback_id}:{address.lower()}",
                address=address,
                diagnostic=str(recipient.get("diagnosticCode") or bounce.get("bounceSubType") or ""),
                status_code=str(recipient.get("status") or ""),
                occurred_at=datetime_of_iso(bounce.get("timestamp")),
                **about,
            )
            for recipient, address in recipients(bounce.get("bouncedRecipients"))
        ]
    if kind_of == "Complaint":
        complaint = notification.get("complaint")
        if not isinstance(complaint, dict):
            raise WebhookMalformed("A Complaint notification without its complaint.")
        feedback_id = str(complaint.get("feedbackId") or sns_message_id)
        feedback_type = complaint.get("complaintFeedbackType")
        return [
            WebhookReport(
                kind=FeedbackEvent.Kind.COMPLAINT,
                key=f"ses:{feedback_id}:{address.lower()}",
                address=address,
                diagnostic=f"Feedback-Type: {feedback_type}" if feedback_type else "",
                occurred_at=datetime_of_iso(complaint.get("timestamp")),
                **about,
            )
            for _recipient, address in recipients(complaint.get("complainedRecipients"))
        ]
    # Deliveries, sends, opens…: nothing to record.
    return []


def recipients(values) -> list[tuple[dict, str]]:
    if not isinstance(values, list):
        raise WebhookMalformed("A notification without its recipients.")
    found = []
    for recipient in values:
        address = parseaddr(str(recipient.get("emailAddress") or ""))[1] if isinstance(recipient, dict) else ""
        if address:
            found.append((recipient, address))
    return found
