"""The bounce mailbox: reports that come back to the newsletter's return path, read over IMAP (imaplib) every few
minutes by beat (newsletter.tasks.bounce_mailbox_read) or by `manage.py read_bounce_mailbox`.

Each mail is read (newsletter.bounces) and recorded in the database in a transaction of its own: its bounces and
complaints (newsletter.feedback), or, when it cannot be read as a report of a known subscriber, the mail whole as an
`UnprocessedFeedback` row for staff. Only after that commit is the mail deleted from the mailbox (flagged \\Deleted,
then expunged): a crash in between leaves it there, and reading it again records nothing twice (each report and
each kept mail has a unique key).
"""

import contextlib
import hashlib
import imaplib
import logging
import ssl
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default as default_policy

from django.conf import settings
from django.db import transaction

from .bounces import NotAReport, reports_of
from .feedback import SOURCE_MAILBOX, delivery_id_of_token, feedback_record
from .models import UnprocessedFeedback

logger = logging.getLogger(__name__)

# Mails read per run; the rest wait for the next run, five minutes later.
MAILS_PER_RUN = 500
IMAP_TIMEOUT = 30


@dataclass
class MailboxOutcome:
    mails: int = 0
    events: int = 0
    unprocessed: int = 0
    ignored: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return {
            "mails": self.mails,
            "events": self.events,
            "unprocessed": self.unprocessed,
            "ignored": self.ignored,
            "failed": self.failed,
        }


def mailbox_read(config: dict | None = None) -> MailboxOutcome:
    """Read and empty the bounce mailbox NEWSLETTER_BOUNCE_IMAP names (`config`, in tests); nothing when unset."""
    config = config or settings.NEWSLETTER_BOUNCE_IMAP
    outcome = MailboxOutcome()
    if not config:
        return outcome
    imap = imap_connect(config)
    try:
        imap.login(config["user"], config["password"])
        status, _data = imap.select(imap_quote(config["folder"]))
        if status != "OK":
            raise imaplib.IMAP4.error(f"Cannot open the folder {config['folder']!r}")
        status, data = imap.uid("SEARCH", None, "UNDELETED")
        uids = data[0].split()[:MAILS_PER_RUN] if status == "OK" and data and data[0] else []
        for uid in uids:
            raw = mail_fetch(imap, uid)
            if raw is None:
                continue
            try:
                mail_record(raw, outcome)
            except Exception:
                # Left in the mailbox for the next run (the database may be back by then); the others go on.
                logger.exception("Bounce mailbox: mail %s could not be recorded", uid)
                outcome.failed += 1
                continue
            imap.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
        if uids:
            imap.expunge()
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()
    logger.info("Bounce mailbox: %s", outcome.as_dict())
    return outcome


def imap_connect(config: dict) -> imaplib.IMAP4:
    if config["ssl"]:
        return imaplib.IMAP4_SSL(
            config["host"], config["port"], ssl_context=ssl.create_default_context(), timeout=IMAP_TIMEOUT
        )
    return imaplib.IMAP4(config["host"], config["port"], timeout=IMAP_TIMEOUT)


def imap_quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mail_fetch(imap: imaplib.IMAP4, uid: bytes) -> bytes | None:
    status, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        return None
    return next((item[1] for item in data if isinstance(item, tuple) and len(item) == 2), None)


def mail_record(raw: bytes, outcome: MailboxOutcome) -> None:
    """Record one mail's reports, or keep the mail for staff; in one transaction."""
    outcome.mails += 1
    with transaction.atomic():
        try:
            reports = reports_of(raw)
        except NotAReport as reason:
            unprocessed_keep(raw, str(reason))
            outcome.unprocessed += 1
            return
        except Exception as error:  # a mail broken in a way the email package did not foresee
            logger.exception("Bounce mailbox: a mail could not be parsed")
            unprocessed_keep(raw, f"Could not be read: {error!r}"[:255])
            outcome.unprocessed += 1
            return
        if not reports:
            outcome.ignored += 1
            return
        unmatched = []
        for report in reports:
            # The first token this site signed: a made-up one must not outrank the address.
            token = next((token for token in report.tokens if delivery_id_of_token(token)), "")
            event = feedback_record(
                kind=report.kind,
                source=SOURCE_MAILBOX,
                key=report.key,
                token=token,
                message_id=report.message_id,
                address=report.recipient,
                diagnostic=report.diagnostic,
                status_code=report.status_code,
                occurred_at=report.occurred_at,
            )
            if event is None:
                unmatched.append(report.recipient or "no recipient")
            else:
                outcome.events += 1
        if unmatched:
            unprocessed_keep(raw, f"No subscriber found for {', '.join(unmatched)}"[:255])
            outcome.unprocessed += 1


def unprocessed_keep(raw: bytes, reason: str) -> UnprocessedFeedback:
    headers = message_from_bytes(raw, policy=default_policy)
    row, _created = UnprocessedFeedback.objects.get_or_create(
        key=hashlib.sha256(raw).hexdigest(),
        defaults={
            "sender": str(headers.get("From") or "")[:255],
            "subject": str(headers.get("Subject") or "")[:255],
            "reason": reason,
            "raw": raw,
        },
    )
    return row
