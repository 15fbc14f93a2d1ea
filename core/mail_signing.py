"""DKIM signing (RFC 6376) of what the workers send, for a site whose own mail server hands mail to the receiving
servers. Through a relay (Amazon SES, Postmark, Mailgun…) leave it off: the relay signs with the domain's key.

OUTBOX_DELIVERY_BACKEND is `DKIMSigningSMTPBackend` when DKIM_PRIVATE_KEY, DKIM_SELECTOR and DKIM_DOMAIN are set
(cep_site/settings/base.py): Django's SMTP backend, with each message's bytes signed just before they are sent, so
the signature covers exactly what goes out (a newsletter's shared MIME with the recipient's own headers in front,
newsletter.messages.PreparedEmail, as much as a one-off e-mail).
"""

import smtplib

import dkim

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address

# RFC 8058 §3: a one-click unsubscribe is honoured only when the signature covers both of its headers; dkimpy's
# default list of headers to sign has List-Unsubscribe but not List-Unsubscribe-Post.
ALSO_SIGNED = (b"list-unsubscribe-post",)


def dkim_signature(message: bytes) -> bytes:
    """The DKIM-Signature header line(s) for `message` (CRLF line ends), to put in front of it."""
    signer = dkim.DKIM(message, linesep=b"\r\n")
    present = {name.lower() for name, _value in signer.headers}
    headers = signer.default_sign_headers() + [name for name in ALSO_SIGNED if name in present]
    return signer.sign(
        settings.DKIM_SELECTOR.encode(),
        settings.DKIM_DOMAIN.encode(),
        settings.DKIM_PRIVATE_KEY.encode(),
        include_headers=headers,
        # Relaxed for both: a server on the way that refolds a header or trims trailing spaces keeps it valid.
        canonicalize=(b"relaxed", b"relaxed"),
    )


class DKIMSigningSMTPBackend(EmailBackend):
    """Django's SMTP backend, each message signed with the domain's DKIM key as it is sent."""

    def _send(self, email_message):
        # Django's own `_send` (django/core/mail/backends/smtp.py), with the signature put in front of the bytes.
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        data = email_message.message().as_bytes(linesep="\r\n")
        try:
            self.connection.sendmail(from_email, recipients, dkim_signature(data) + data)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
