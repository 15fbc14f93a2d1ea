"""A small IMAP server on loopback for tests: one mailbox, held in memory, served to Python's imaplib.

It speaks what a reader of a bounce mailbox needs of IMAP4rev1 (RFC 3501): CAPABILITY, LOGIN, SELECT, UID SEARCH,
UID FETCH of the whole message, UID STORE of flags, EXPUNGE, NOOP and LOGOUT; anything else is answered BAD. No TLS:
the app's `imaps://` differs only in the socket imaplib opens.
"""

import contextlib
import re
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from tests.smtp import free_port

TEST_PASSWORD = "s3cret pass"  # noqa: S105 (the test server's own account; with a space, which must be quoted)
ARGUMENT = re.compile(r'"((?:[^"\\]|\\.)*)"|(\([^)]*\))|(\S+)')


@dataclass
class Mail:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class Mailbox:
    """The mail in the one folder, and the account that may read it; used by the server's threads and the test's."""

    def __init__(self, user: str, password: str, folder: str = "INBOX"):
        self.user, self.password, self.folder = user, password, folder
        self.lock = threading.Lock()
        self.mails: list[Mail] = []
        self.next_uid = 1

    def deliver(self, raw: bytes) -> int:
        with self.lock:
            uid, self.next_uid = self.next_uid, self.next_uid + 1
            self.mails.append(Mail(uid, raw))
            return uid

    def uids(self) -> list[int]:
        with self.lock:
            return [mail.uid for mail in self.mails]


def arguments(text: str) -> list[str]:
    return [
        re.sub(r"\\(.)", r"\1", match.group(1)) if match.group(1) is not None else match.group(0)
        for match in ARGUMENT.finditer(text)
    ]


class IMAPHandler(socketserver.StreamRequestHandler):
    mailbox: Mailbox
    # Each answer is written whole and sent at once: small writes held back by Nagle's algorithm cost imaplib 40 ms
    # a command on loopback.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def send(self, line: str | bytes) -> None:
        self.wfile.write((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def handle(self):
        self.logged_in = self.selected = False
        self.send("* OK IMAP4rev1 test server ready")
        self.wfile.flush()
        while line := self.rfile.readline():
            tag, _space, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _space, text = rest.partition(" ")
            command = command.upper()
            if command == "UID":
                command, _space, text = text.partition(" ")
                command = f"UID {command.upper()}"
            answer = getattr(self, "command_" + command.lower().replace(" ", "_"), None)
            if answer is None:
                self.send(f"{tag} BAD unknown command")
                self.wfile.flush()
                continue
            with self.mailbox.lock:
                said = answer(tag, arguments(text))
            self.wfile.flush()
            if said == "bye":
                return

    def command_capability(self, tag, args):
        self.send("* CAPABILITY IMAP4rev1")
        self.send(f"{tag} OK CAPABILITY completed")

    def command_noop(self, tag, args):
        self.send(f"{tag} OK NOOP completed")

    def command_login(self, tag, args):
        if args[:2] == [self.mailbox.user, self.mailbox.password]:
            self.logged_in = True
            self.send(f"{tag} OK LOGIN completed")
        else:
            self.send(f"{tag} NO [AUTHENTICATIONFAILED] invalid credentials")

    def command_select(self, tag, args):
        if not self.logged_in or not args or args[0] != self.mailbox.folder:
            self.send(f"{tag} NO no such folder")
            return
        self.selected = True
        self.send(f"* {len(self.mailbox.mails)} EXISTS")
        self.send("* 0 RECENT")
        self.send("* OK [UIDVALIDITY 1] UIDs valid")
        self.send(f"{tag} OK [READ-WRITE] SELECT completed")

    def command_uid_search(self, tag, args):
        if not self.selected:
            self.send(f"{tag} BAD no folder selected")
            return
        found = [str(mail.uid) for mail in self.mailbox.mails if "\\Deleted" not in mail.flags]
        self.send("* SEARCH" + "".join(f" {uid}" for uid in found))
        self.send(f"{tag} OK SEARCH completed")

    def command_uid_fetch(self, tag, args):
        for number, mail in self.numbered(args[0]):
            self.send(f"* {number} FETCH (UID {mail.uid} BODY[] {{{len(mail.raw)}}}".encode())
            self.wfile.write(mail.raw)
            self.send(")")
        self.send(f"{tag} OK FETCH completed")

    def command_uid_store(self, tag, args):
        uid_set, action, flags = args[0], args[1].upper(), set(args[2].strip("()").split())
        for number, mail in self.numbered(uid_set):
            mail.flags = mail.flags | flags if action.startswith("+") else mail.flags - flags
            self.send(f"* {number} FETCH (UID {mail.uid} FLAGS ({' '.join(sorted(mail.flags))}))")
        self.send(f"{tag} OK STORE completed")

    def command_expunge(self, tag, args):
        for number in range(len(self.mailbox.mails), 0, -1):
            if "\\Deleted" in self.mailbox.mails[number - 1].flags:
                del self.mailbox.mails[number - 1]
                self.send(f"* {number} EXPUNGE")
        self.send(f"{tag} OK EXPUNGE completed")

    def command_logout(self, tag, args):
        self.send("* BYE logging out")
        self.send(f"{tag} OK LOGOUT completed")
        return "bye"

    def numbered(self, uid_set: str):
        uids = {int(uid) for uid in uid_set.split(",")}
        return [(number, mail) for number, mail in enumerate(self.mailbox.mails, 1) if mail.uid in uids]


class IMAPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def imap_server(user: str = "bounces", password: str = TEST_PASSWORD) -> Iterator[tuple[Mailbox, dict]]:
    """An IMAP server on 127.0.0.1 at a free port for the block: its mailbox, and the app's settings to reach it."""
    mailbox = Mailbox(user, password)
    handler = type("BoundIMAPHandler", (IMAPHandler,), {"mailbox": mailbox})
    server = IMAPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    config = {"ssl": False, "host": "127.0.0.1", "port": server.server_address[1], "user": user}
    try:
        yield mailbox, {**config, "password": password, "folder": mailbox.folder}
    finally:
        server.shutdown()
        server.server_close()
