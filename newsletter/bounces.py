"""Reading the mail that comes back to the newsletter's return path: delivery status notifications (RFC 3464) and
complaints in the Abuse Reporting Format (RFC 5965), with Python's own email package.

`reports_of(raw)` gives what one mail reports, one `Report` per recipient; `NotAReport` says why a mail is neither
(an auto-reply, a bounce in free text): the mailbox keeps such mail for staff (newsletter.mailbox). Which delivery
a report is about is decided by newsletter.feedback, from the return path's token, the original's Message-ID or,
last, the address.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses, parsedate_to_datetime

from django.conf import settings

from .models import FeedbackEvent

# The header every issue carries with its delivery's token (newsletter.messages), for reports that quote the
# original message but were not sent to the return path (complaints).
DELIVERY_HEADER = "X-CEP-Delivery"

# Where the receiving mailbox's server writes the envelope recipient of a report: the return path, with its token.
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")

# RFC 3463: the class digit of an enhanced status code says permanent (5) or passing (4).
STATUS_CODE = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")

# RFC 5965 feedback types that are complaints; "not-spam" is the opposite, and counts for nothing.
COMPLAINT_TYPES = {"abuse", "fraud", "virus", "other", "auth-failure", "dmarc"}


class NotAReport(Exception):
    """The mail is not a delivery report or complaint this module can read; the message says what it lacks."""


@dataclass(frozen=True)
class Report:
    kind: str
    recipient: str
    status_code: str
    diagnostic: str
    tokens: tuple[str, ...]
    message_id: str
    occurred_at: datetime | None
    key: str


def reports_of(raw: bytes) -> list[Report]:
    """What `raw` reports, a `Report` per recipient that bounced or complained.

    An empty list is a report with nothing to count: a delay warning (the server is still trying, its final report
    counts) or a success notice. Raises `NotAReport` for anything else.
    """
    message = email.message_from_bytes(raw, policy=email.policy.default)
    report_id = (message.get("Message-ID") or "").strip() or hashlib.sha256(raw).hexdigest()
    original = original_headers(message)
    tokens = (*envelope_tokens(message), *original_tokens(original))
    original_id = (original.get("Message-ID") or "").strip() if original else ""
    parts = {part.get_content_type(): part for part in message.walk()}
    if "message/feedback-report" in parts:
        return complaint_reports(parts["message/feedback-report"], original, tokens, original_id, report_id)
    if "message/delivery-status" in parts:
        return delivery_reports(parts["message/delivery-status"], tokens, original_id, report_id)
    raise NotAReport("Neither a delivery status notification (RFC 3464) nor a feedback report (RFC 5965).")


def delivery_reports(part: Message, tokens, original_id: str, report_id: str) -> list[Report]:
    blocks = part.get_payload()
    if not isinstance(blocks, list) or len(blocks) < 2:
        raise NotAReport("A delivery status part without a recipient.")
    per_message, per_recipient = blocks[0], blocks[1:]
    arrived = date_of(per_message.get("Arrival-Date"))
    reports = []
    for fields in per_recipient:
        action = (fields.get("Action") or "").strip().lower()
        status = STATUS_CODE.search(fields.get("Status") or "")
        recipient = typed_address(fields.get("Final-Recipient") or fields.get("Original-Recipient") or "")
        if not recipient:
            raise NotAReport("A delivery status without Final-Recipient.")
        # "delayed": still being tried; "delivered", "relayed", "expanded": it went through (RFC 3464 §2.3.3).
        if action != "failed":
            continue
        if not status or status.group(1) == "2":
            raise NotAReport(f"A failure report for {recipient} without a 4.x.x or 5.x.x Status.")
        kind = FeedbackEvent.Kind.HARD if status.group(1) == "5" else FeedbackEvent.Kind.SOFT
        reports.append(
            Report(
                kind=kind,
                recipient=recipient,
                status_code=status.group(0),
                diagnostic=str(fields.get("Diagnostic-Code") or "").strip(),
                tokens=tokens,
                message_id=original_id,
                occurred_at=date_of(fields.get("Last-Attempt-Date")) or arrived,
                key=f"dsn:{report_id}:{recipient.lower()}"[:255],
            )
        )
    return reports


def complaint_reports(part: Message, original: Message | None, tokens, original_id: str, report_id: str):
    fields = part.get_payload()
    fields = fields[0] if isinstance(fields, list) and fields else fields
    if isinstance(fields, str):
        fields = HeaderParser(policy=email.policy.default).parsestr(fields)
    feedback_type = (fields.get("Feedback-Type") or "").strip().lower()
    if feedback_type not in COMPLAINT_TYPES:
        if feedback_type == "not-spam":
            return []
        raise NotAReport(f"A feedback report of an unknown type: {feedback_type or 'none'}.")
    recipients = [typed_address(value) for value in fields.get_all("Original-Rcpt-To") or []]
    if not recipients and original is not None:
        recipients = [address for _name, address in getaddresses(original.get_all("To") or []) if address]
    if not recipients and not tokens and not original_id:
        raise NotAReport("A complaint that names neither the recipient nor the original message.")
    return [
        Report(
            kind=FeedbackEvent.Kind.COMPLAINT,
            recipient=recipient,
            status_code="",
            diagnostic=f"Feedback-Type: {feedback_type}",
            tokens=tokens,
            message_id=original_id,
            occurred_at=date_of(fields.get("Arrival-Date") or fields.get("Received-Date")),
            key=f"arf:{report_id}:{recipient.lower()}"[:255],
        )
        for recipient in recipients or [""]
    ]


def original_headers(message: Message) -> Message | None:
    """The headers of the message that bounced, as the report quotes them (whole, or its headers alone)."""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            return payload[0] if isinstance(payload, list) and payload else None
        if content_type in ("text/rfc822-headers", "message/global-headers"):
            return HeaderParser(policy=email.policy.default).parsestr(part.get_content())
    return None


def envelope_tokens(message: Message) -> list[str]:
    addresses = [value for header in ENVELOPE_HEADERS for value in message.get_all(header) or []]
    return [token for _name, address in getaddresses(addresses) if (token := return_path_token(address))]


def original_tokens(original: Message | None) -> list[str]:
    if original is None:
        return []
    tokens = [str(value).strip() for value in original.get_all(DELIVERY_HEADER) or []]
    return_paths = [address for _name, address in getaddresses(original.get_all("Return-Path") or [])]
    return [*tokens, *(token for address in return_paths if (token := return_path_token(address)))]


def return_path_token(address: str) -> str:
    """The token of a return path bounces+<token>@domain (NEWSLETTER_BOUNCE_ADDRESS), or "" for any other address.

    Letter case is ignored: some servers lower-case the local part, and tokens are lower case anyway.
    """
    base, _at, domain = settings.NEWSLETTER_BOUNCE_ADDRESS.lower().rpartition("@")
    local, _at, address_domain = address.strip().lower().rpartition("@")
    prefix = f"{base}+"
    if not base or address_domain != domain or not local.startswith(prefix):
        return ""
    return local.removeprefix(prefix)


def typed_address(value: str) -> str:
    """The address of an RFC 3464 address field, "rfc822; someone@example.org"."""
    _type, _semicolon, address = str(value).partition(";")
    return (address or _type).strip().strip("<>")


def date_of(value) -> datetime | None:
    try:
        return parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError):
        return None
