"""Registrant e-mails through the outbox: queue rows, wake a worker with their ids, send what it claims."""

from collections.abc import Iterable

from django.db import transaction

from core import outbox

from .emails import registration_message
from .models import Registration, RegistrationEmail

# Rows per task, and per SMTP connection.
BATCH_SIZE = 50
# What a message is made of (events.emails), fetched with the rows.
MESSAGE_RELATED = ("registration__event",)


def emails_queue(registrations: Iterable[Registration], kind: str) -> list[int]:
    """One row of `kind` per registration; a row that exists already (queued or sent) is left as it is."""
    registrations = list(registrations)
    RegistrationEmail.objects.bulk_create(
        [RegistrationEmail(event_id=r.event_id, registration=r, kind=kind) for r in registrations],
        ignore_conflicts=True,
        batch_size=500,
    )
    queued = RegistrationEmail.objects.filter(
        registration__in=[r.pk for r in registrations], kind=kind, status=RegistrationEmail.Status.QUEUED
    )
    return list(queued.values_list("pk", flat=True))


def emails_dispatch(ids: list[int]) -> None:
    """Wake workers once the rows are committed; the rows, not the broker, are the record."""
    from .tasks import registration_emails_send

    def enqueue():
        for start in range(0, len(ids), BATCH_SIZE):
            registration_emails_send.delay(ids[start : start + BATCH_SIZE])

    if ids:
        transaction.on_commit(enqueue)


def emails_send(ids: list[int]) -> dict[str, int]:
    """Claim those of `ids` still queued and send them; rows another worker holds or has sent are skipped."""
    claimed = outbox.claim(RegistrationEmail.objects.filter(pk__in=ids), limit=len(ids))
    return outbox.send_claimed(RegistrationEmail, claimed, registration_message, related=MESSAGE_RELATED)


def emails_send_queued() -> dict[str, int]:
    """Send every queued row, batch by batch, in this process (the management command and the sweep)."""
    totals = {"sent": 0, "failed": 0, "retry": 0}
    while claimed := outbox.claim(RegistrationEmail.objects.all(), limit=BATCH_SIZE):
        outcome = outbox.send_claimed(RegistrationEmail, claimed, registration_message, related=MESSAGE_RELATED)
        for key, value in outcome.items():
            totals[key] += value
        if outcome["retry"]:
            break  # the mail server is struggling: leave the rest for the next run
    return totals
