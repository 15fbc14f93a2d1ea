"""Registrant e-mails through the outbox: queue rows, wake a worker with their ids, send what it claims."""

from collections.abc import Iterable

from core import outbox

from .emails import registration_message
from .models import Registration, RegistrationEmail

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
    outbox.dispatch(RegistrationEmail, ids)


def emails_send(ids: list[int]) -> dict[str, int]:
    """Claim those of `ids` still queued and send them; rows another worker holds or has sent are skipped."""
    claimed = outbox.claim(RegistrationEmail.objects.filter(pk__in=ids), limit=len(ids))
    return outbox.send_claimed(RegistrationEmail, claimed, registration_message, related=MESSAGE_RELATED)


def emails_send_queued() -> dict[str, int]:
    """Send every queued row, batch by batch, in this process (the management command)."""
    totals = {"sent": 0, "failed": 0, "retry": 0}
    while claimed := outbox.claim(RegistrationEmail.objects.all(), limit=outbox.BATCH_SIZE):
        outcome = outbox.send_claimed(RegistrationEmail, claimed, registration_message, related=MESSAGE_RELATED)
        for key, value in outcome.items():
            totals[key] += value
        if outcome["retry"]:
            break  # the mail server is struggling: leave the rest for the next run
    return totals
