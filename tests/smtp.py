"""A real SMTP server on loopback for tests (aiosmtpd): it keeps what it receives and refuses whom it is told to.

Used through the `smtp_sink` fixture (tests/conftest.py), which points Django's SMTP backend at it. `MailServerDown`
is the other end: a mail server nobody reaches (the `mail_server_down` fixture).
"""

import contextlib
import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from django.core.mail.backends.base import BaseEmailBackend

# Answers to RCPT TO (RFC 5321 §4.2): a 5xx is permanent, a 4xx says "try again later".
PERMANENT = "550 5.1.1 Mailbox unavailable"
TRANSIENT = "451 4.3.0 Try again later"
# A 4xx about one mailbox rather than the server: the rest of a batch goes on after it (core.outbox).
MAILBOX_BUSY = "450 4.2.1 Mailbox busy, try again later"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage
    # The bytes as they came (a signature is checked on these), when (time.monotonic()), and the client's address
    # and port: each SMTP connection, so each worker's batch, has a port of its own.
    raw: bytes = b""
    at: float = 0.0
    peer: tuple = ()

    @property
    def to(self) -> str:
        return self.recipients[0]


class SinkHandler:
    """An aiosmtpd handler that stores each message and refuses the recipients in `refusals`.

    The server runs in its own thread; the lists here are read by the test's thread, so they are guarded.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self.refusals: dict[str, str] = {}

    def refuse(self, address: str, answer: str = PERMANENT) -> None:
        """Answer RCPT TO `address` with `answer` (e.g. PERMANENT or TRANSIENT) until `accept` is called."""
        self.refusals[address.lower()] = answer

    def accept(self, address: str) -> None:
        self.refusals.pop(address.lower(), None)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def recipients(self) -> list[str]:
        """Every envelope recipient, one entry per message: a repeat shows up twice."""
        return [recipient for received in self.received for recipient in received.recipients]

    def to(self, address: str) -> list[EmailMessage]:
        return [received.message for received in self.received if address.lower() in received.recipients]

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refusals.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        recipients = tuple(address.lower() for address in envelope.rcpt_tos)
        received = Received(envelope.mail_from, recipients, message, raw, time.monotonic(), tuple(session.peer))
        with self._lock:
            self._received.append(received)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[SinkHandler, Controller]]:
    """An SMTP server on 127.0.0.1 at a free port for the duration of the block."""
    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller
    finally:
        controller.stop()


class MailServerDown(BaseEmailBackend):
    """An OUTBOX_DELIVERY_BACKEND whose server is down: each attempt to reach it is counted, then refused."""

    attempts = 0

    def open(self):
        type(self).attempts += 1
        raise ConnectionRefusedError("the mail server is down")

    def send_messages(self, email_messages):
        self.open()
