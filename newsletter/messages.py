"""The e-mails of an issue: its rendering (newsletter.rendering) with each recipient's unsubscribe link put in.

A sending's MIME bytes are the same for every recipient but for the To, Message-ID, List-Unsubscribe and
X-CEP-Delivery headers and the link, so a worker makes them once per batch (`shared_mime`) and sends each recipient
those bytes behind their own headers (`PreparedEmail`). Making the MIME for every message took half of a worker's time.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import forbid_multi_line_headers
from django.utils.html import escape

from . import feedback, links
from .bounces import DELIVERY_HEADER
from .models import Delivery, IssueSending
from .rendering import UNSUBSCRIBE_PLACEHOLDER, newsletter_settings

PLACEHOLDER_BYTES = UNSUBSCRIBE_PLACEHOLDER.encode()


def issue_message(
    subject: str,
    text: str,
    html: str,
    sender: dict,
    unsubscribe: str,
    *,
    message_class=EmailMultiAlternatives,
    **kwargs,
) -> EmailMultiAlternatives:
    """One recipient's e-mail, `unsubscribe` their link in place of the placeholder; `kwargs` go to `message_class`."""
    return message_class(
        subject=subject,
        body=text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
        from_email=sender["from_email"],
        reply_to=sender["reply_to"],
        alternatives=[(html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe)), "text/html")],
        **kwargs,
    )


def one_click_headers(link: str) -> dict[str, str]:
    # RFC 2369 and RFC 8058: mail clients offer an unsubscribe button that POSTs to the link.
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def shared_mime(sending: IssueSending, sender: dict) -> bytes | None:
    """The MIME bytes every recipient of `sending` gets, without To and Message-ID, with the placeholder in.

    None when a part had to be encoded (a line too long to break goes quoted-printable, see rendering.mail_lines):
    a link can only be put in text sent as it is, so then each message is built whole.
    """
    message = issue_message(sending.subject, sending.text, sending.html, sender, UNSUBSCRIBE_PLACEHOLDER)
    mime = message.message()
    parts = [part for part in mime.walk() if not part.is_multipart()]
    if any(part["Content-Transfer-Encoding"] not in ("7bit", "8bit") for part in parts):
        return None
    del mime["Message-ID"]
    return mime.as_bytes(linesep="\r\n")


class PreparedEmail(EmailMultiAlternatives):
    """One recipient's copy of a message whose MIME bytes (`shared`, from `shared_mime`) all recipients share.

    Its attributes are those of the whole message, for the tests' outbox and the console; what a backend sends,
    `message()`, is this copy's own headers (To and `extra_headers`) in front of `shared`, with `link` in.
    """

    def __init__(self, shared: bytes, link: str, **kwargs):
        super().__init__(**kwargs)
        self.shared, self.link = shared, link

    def message(self):
        encoding = self.encoding or settings.DEFAULT_CHARSET
        own = {"To": ", ".join(self.to), **self.extra_headers}
        # Django's own check: no line break in a header, and addresses and non-ASCII text encoded for mail.
        lines = (forbid_multi_line_headers(name, value, encoding) for name, value in own.items())
        head = "".join(f"{name}: {value}\r\n" for name, value in lines)
        return PreparedMIME(head.encode() + self.shared.replace(PLACEHOLDER_BYTES, self.link.encode()))


class PreparedMIME:
    """What Django's mail backends ask of the MIME message they send: its bytes, and its charset for the console."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def get_charset(self):
        return None


class IssueMessages:
    """Builds each row's message from its sending's stored rendering; loads each sending once per batch."""

    def __init__(self):
        self.sendings: dict[int, tuple[IssueSending, dict, bytes | None]] = {}

    def sending(self, issue_id: int) -> tuple[IssueSending, dict, bytes | None]:
        if issue_id not in self.sendings:
            sending = IssueSending.objects.select_related("issue").get(issue_id=issue_id)
            sender = newsletter_settings(sending.issue)
            self.sendings[issue_id] = (sending, sender, shared_mime(sending, sender))
        return self.sendings[issue_id]

    def __call__(self, row: Delivery) -> EmailMultiAlternatives:
        sending, sender, shared = self.sending(row.issue_id)
        link = links.unsubscribe_url(row.subscriber)
        # The shared bytes take the link as it is, in the HTML too: escaping must not change it, and it never does
        # (a URL whose token is letters, digits, "-" and "_").
        prepared = {"message_class": PreparedEmail, "shared": shared, "link": link}
        message = issue_message(
            sending.subject,
            sending.text,
            sending.html,
            sender,
            link,
            to=[row.subscriber.email],
            headers={**one_click_headers(link), DELIVERY_HEADER: feedback.delivery_token(row.pk)},
            **(prepared if shared is not None and escape(link) == link else {}),
        )
        return_path = feedback.return_path(row.pk)
        if return_path:
            # Django's SMTP backend gives `from_email` as MAIL FROM, so bounces come back to the row's own address;
            # the From header stays the newsletter's (a prepared copy has it in its shared bytes already).
            if not isinstance(message, PreparedEmail):
                message.extra_headers["From"] = message.from_email
            message.from_email = return_path
        return message
