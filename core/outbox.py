"""Mail that must go out exactly once: one database row per message, claimed by workers with a lease.

The row is the record and the broker only a wake-up call (see docs/delivery.md):
1. the caller creates rows (queued) and tells a worker their ids;
2. a worker claims queued rows with `SELECT … FOR UPDATE SKIP LOCKED`, marks them sending with a lease,
   sends them over one SMTP connection and marks each one sent (with its Message-ID) or failed;
3. one periodic sweep (`sweep`, beat's `core.tasks.outbox_sweep`) puts rows whose lease ran out back in the
   queue and wakes workers for every queued row of every kind, so a killed worker or a wiped broker loses
   nothing. A crash can repeat at most the messages in flight; it never skips one.

Each kind of row (a concrete subclass of `OutboxMessage`) names the Celery task that sends a batch of its rows,
`send_task`; core finds the kinds through the app registry and the tasks by name, and imports no app.

On a queued row `lease_expires_at` is the earliest time it may be claimed again: a caller that passes
`retry_delay` to `send_claimed` makes a row refused for a passing reason wait longer after each try (back-off).
Rows put back without one (and every row when no caller uses it) have none, and are claimed at once.

A kind may hold some of its queued rows back (`OutboxMessage.sendable`: a newsletter sending paused by staff):
they are neither claimed nor woken by the sweep until it lets them go. A caller may pace its sending
(`send_claimed(pace=…)`, core.send_rate) and stop a batch part way (`halted`); a slow batch renews its lease.
"""

import logging
import smtplib
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from email.utils import make_msgid, parseaddr
from ipaddress import ip_address
from typing import ClassVar
from urllib.parse import urlsplit

from celery import current_app
from kombu.exceptions import OperationalError as BrokerUnavailable

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

logger = logging.getLogger(__name__)

# Long enough for a batch over a slow SMTP server; a row still "sending" after this is presumed lost.
DEFAULT_LEASE = timedelta(minutes=10)
# After this many tries a message that keeps failing for a passing reason is given up as failed.
MAX_ATTEMPTS = 5
# Sent rows are marked in one committed UPDATE per this many messages: a commit per message (an fsync each) was
# the slowest step of a newsletter send. A worker killed in between repeats at most these, inside its batch.
MARK_SENT_EVERY = 10
# Rows per task, and per SMTP connection, unless a kind says otherwise.
BATCH_SIZE = 50
# For callers that pass `retry_delay=backoff`: how long a row refused for a passing reason (4xx) waits before its
# next try, by the number of tries so far; with MAX_ATTEMPTS = 5 the last try is about 80 minutes after the first.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=60))


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)

    # The name of the Celery task that claims and sends a batch of this kind's rows, given their ids.
    send_task: ClassVar[str] = ""

    class Meta:
        abstract = True

    @classmethod
    def send_batch_size(cls) -> int:
        """How many ids one send task takes."""
        return BATCH_SIZE

    @classmethod
    def sendable(cls, queryset: models.QuerySet) -> models.QuerySet:
        """The rows of `queryset` this kind lets go out now; a kind may hold some back (a paused sending)."""
        return queryset


def message_id_domain() -> str:
    """The right-hand side of the site's Message-IDs: its public host name (WAGTAILADMIN_BASE_URL), not the worker's
    own name, which is "localhost" in a container; where that is an IP address or localhost, the sender's domain."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or ""
    try:
        ip_address(host)
    except ValueError:
        if host and host != "localhost":
            return host
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def claim(queryset: models.QuerySet, *, limit: int, lease: timedelta = DEFAULT_LEASE) -> list[int]:
    """Take up to `limit` queued rows of `queryset` for this worker; rows another worker holds are skipped, and
    so are rows waiting out a retry delay."""
    with transaction.atomic():
        ids = list(
            claimable(queryset).select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:limit]
        )
        if ids:
            queryset.model.objects.filter(pk__in=ids).update(
                status=OutboxMessage.Status.SENDING,
                lease_expires_at=timezone.now() + lease,
                attempts=F("attempts") + 1,
            )
    return ids


def claimable(queryset: models.QuerySet) -> models.QuerySet:
    """The queued rows of `queryset` that may be sent now: not waiting out a retry delay, nor held back by their
    kind."""
    return queryset.model.sendable(
        queryset.filter(status=OutboxMessage.Status.QUEUED).filter(
            Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=timezone.now())
        )
    )


def requeue_expired(model: type[OutboxMessage]) -> int:
    """Put back in the queue the rows whose worker died or lost them; give up on those tried too often."""
    expired = model.objects.filter(status=OutboxMessage.Status.SENDING, lease_expires_at__lt=timezone.now())
    given_up = expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=OutboxMessage.Status.FAILED, lease_expires_at=None, error="Gave up after repeated attempts."
    )
    requeued = expired.update(status=OutboxMessage.Status.QUEUED, lease_expires_at=None)
    if requeued or given_up:
        logger.warning("%s: %s requeued, %s given up", model.__name__, requeued, given_up)
    return requeued


# RFC 5321 answers about the server rather than a recipient: 421 service not available (closing), 451 local error
# in processing, 454 temporary failure (Amazon SES's throttling answer). After one of them the rest of the batch
# waits: sending on would only collect the same answer and spend every row's tries.
SERVER_STRUGGLING_CODES = {421, 451, 454}


def smtp_codes(error: Exception) -> list[int]:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _message in error.recipients.values()]
    if isinstance(error, smtplib.SMTPResponseException):
        return [error.smtp_code]
    return []


def server_struggling(error: Exception) -> bool:
    return bool(SERVER_STRUGGLING_CODES & set(smtp_codes(error)))


def is_permanent_failure(error: Exception) -> bool:
    """A 5xx answer from the SMTP server (RFC 5321) means this message will never go through as it is."""
    codes = smtp_codes(error)
    return bool(codes) and all(500 <= code < 600 for code in codes)


def connection_usable(error: Exception) -> bool:
    """Whether the SMTP connection can carry the next message after `error`.

    A refusal the server answered (of the sender, a recipient or the data) leaves the session reset and usable;
    421 means the server is closing it, and a lost connection or other error ends it.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code != 421 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code != 421
    return False


def send_claimed(
    model: type[OutboxMessage],
    ids: Iterable[int],
    build: Callable[[OutboxMessage], EmailMessage],
    *,
    related: tuple[str, ...] = (),
    retry_delay: Callable[[int], timedelta] | None = None,
    on_permanent_failure: Callable[[OutboxMessage, Exception], None] | None = None,
    pace: Callable[[], object] | None = None,
    halted: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Send the rows this worker claimed, over one SMTP connection, recording each outcome as it happens.

    A passing failure (a 4xx answer, connection lost) puts the row back in the queue for the next run; when the
    connection is gone or the server says it is struggling (SERVER_STRUGGLING_CODES), the rest of the batch goes
    back too, its attempt not counted since it was not tried, and waits `retry_delay(1)` if given.
    `retry_delay(attempts)`, if given, is how long a row put back after a passing failure waits before it may be
    claimed again. `on_permanent_failure(row, error)`, if given, is called after a row was failed by a 5xx answer.
    `pace()`, if given, is called before each message and returns when it may go (a shared sending rate);
    `halted()`, if given, is asked before each message: when true, the rest of the batch goes back untried.
    A batch that takes long (a low rate) renews its lease, so the sweep never takes back rows still being sent.
    """
    ids = list(ids)
    in_flight = model.objects.filter(pk__in=ids, status=OutboxMessage.Status.SENDING)
    outcome = {"sent": 0, "failed": 0, "retry": 0}
    # Not EMAIL_BACKEND: that one queues (core.mail.OutboxBackend).
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("%s: mail server unreachable, %s rows back in the queue: %r", model.__name__, len(ids), error)
        outcome["retry"] = put_back(in_flight)
        return outcome
    sent = SentMarks(model)
    # `related`: what `build` reads, fetched with the rows rather than once per message.
    rows = list(in_flight.select_related(*related).order_by("pk"))
    lease = Lease(in_flight, rows)
    with connection, sent:
        for row in rows:
            lease.renew_if_due()
            try:
                message = build(row)
                message.connection = connection
                message.extra_headers.setdefault("Message-ID", make_msgid(domain=message_id_domain()))
                # The turn is taken once the message is built, so that it goes out when its turn comes.
                if pace:
                    pace()
                if halted and halted():
                    raise BatchHalted
                message.send()
            except BatchHalted:
                sent.write()
                outcome["retry"] += put_back(in_flight)
                break
            except Exception as error:
                passing = isinstance(error, (smtplib.SMTPException, OSError)) and not is_permanent_failure(error)
                retry = passing and row.attempts < MAX_ATTEMPTS
                status = OutboxMessage.Status.QUEUED if retry else OutboxMessage.Status.FAILED
                not_before = timezone.now() + retry_delay(row.attempts) if retry and retry_delay else None
                model.objects.filter(pk=row.pk).update(
                    status=status, lease_expires_at=not_before, error=repr(error)[:2000]
                )
                outcome["retry" if retry else "failed"] += 1
                logger.warning("%s %s not sent: %r", model.__name__, row.pk, error)
                if on_permanent_failure and is_permanent_failure(error):
                    on_permanent_failure(row, error)
                if passing and (not connection_usable(error) or server_struggling(error)):
                    # The connection is gone or the server struggles; the rest of the batch waits for the next run.
                    # Rows sent before it are marked first, or they would go back to the queue with the rest.
                    sent.write()
                    not_before = timezone.now() + retry_delay(1) if retry_delay else None
                    outcome["retry"] += put_back(in_flight, not_before=not_before)
                    break
                continue
            sent.add(row.pk, message.extra_headers["Message-ID"])
            outcome["sent"] += 1
    return outcome


class BatchHalted(Exception):
    """The caller's `halted()` said stop: the rest of the batch goes back untried."""


class SentMarks:
    """Sent rows waiting to be marked, written every MARK_SENT_EVERY rows and when the batch ends, however it ends.

    One UPDATE marks them all; only the Message-ID differs per row. Their `sent_at` is the time of that UPDATE,
    a fraction of a second after the send.
    """

    def __init__(self, model: type[OutboxMessage]):
        self.model = model
        self.message_ids: dict[int, str] = {}

    def add(self, pk: int, message_id: str) -> None:
        self.message_ids[pk] = message_id
        if len(self.message_ids) >= MARK_SENT_EVERY:
            self.write()

    def write(self) -> None:
        if self.message_ids:
            self.model.objects.filter(pk__in=self.message_ids).update(
                status=OutboxMessage.Status.SENT,
                sent_at=timezone.now(),
                lease_expires_at=None,
                error="",
                message_id=Case(*(When(pk=pk, then=Value(mid)) for pk, mid in self.message_ids.items())),
            )
            self.message_ids = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.write()


def put_back(untried: models.QuerySet, *, not_before=None) -> int:
    """Return claimed rows that were never tried to the queue, giving back the attempt their claim counted; with
    `not_before`, they may not be claimed before then."""
    return untried.update(status=OutboxMessage.Status.QUEUED, lease_expires_at=not_before, attempts=F("attempts") - 1)


class Lease:
    """The lease of a batch being sent, renewed for another DEFAULT_LEASE once half of it is used up, so that a
    batch sent slowly (a low sending rate) keeps its rows from the sweep while it makes progress."""

    def __init__(self, in_flight: models.QuerySet, rows: list[OutboxMessage]):
        self.in_flight = in_flight
        self.expires_at = min((row.lease_expires_at for row in rows if row.lease_expires_at), default=None)

    def renew_if_due(self) -> None:
        now = timezone.now()
        if self.expires_at is not None and now > self.expires_at - DEFAULT_LEASE / 2:
            self.expires_at = now + DEFAULT_LEASE
            self.in_flight.update(lease_expires_at=self.expires_at)


# ---------------------------------------------------------------------------
# Waking workers, and the sweep
# ---------------------------------------------------------------------------


def outbox_models() -> list[type[OutboxMessage]]:
    """Every kind of outbox row, whichever app defines it."""
    return [model for model in apps.get_models() if issubclass(model, OutboxMessage)]


def send_task_of(model: type[OutboxMessage]):
    """The Celery task named by `model.send_task`; its module is imported as a worker imports every app's tasks."""
    if model.send_task not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[model.send_task]


# After the broker failed to take a task, this process wakes no worker for a while: each attempt would wait for the
# broker's timeout (a hung Redis: seconds per request), and the sweep wakes workers for every queued row anyway.
BROKER_RETRY_AFTER = 10.0
_broker_down_until = 0.0


def enqueue(model: type[OutboxMessage], ids: list[int]) -> None:
    """Hand `ids` to workers now, in batches; the task claims those still queued when it runs."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        logger.info("Broker unavailable of late: %s rows of %s left for the sweep", len(ids), model._meta.label)
        return
    task, size = send_task_of(model), model.send_batch_size()
    try:
        for start in range(0, len(ids), size):
            task.delay(ids[start : start + size])
    except BrokerUnavailable:
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        raise


def dispatch(model: type[OutboxMessage], ids: list[int]) -> None:
    """Wake workers once the rows are committed.

    `robust`: a broker that is down is logged and the caller goes on; its rows are queued, and the sweep sends them.
    """
    if ids:
        transaction.on_commit(lambda: enqueue(model, ids), robust=True)


def sweep() -> dict[str, dict[str, int]]:
    """For every kind: put back rows a lost worker held, and wake workers for every row that may be sent now.

    Enqueuing a row twice is harmless: the second claim finds nothing to take.
    """
    swept = {}
    for model in outbox_models():
        requeued = requeue_expired(model)
        ids = list(claimable(model.objects.all()).order_by("pk").values_list("pk", flat=True))
        enqueue(model, ids)
        swept[model._meta.label] = {"requeued": requeued, "enqueued": len(ids)}
    return swept
