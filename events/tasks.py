"""Celery tasks for events: thin, taking ids; the work is in events.delivery and events.reminders."""

from celery import shared_task

from core import outbox

from . import delivery, reminders
from .models import RegistrationEmail


@shared_task(name="events.tasks.registration_emails_send", acks_late=True)
def registration_emails_send(email_ids: list[int]):
    return delivery.emails_send(email_ids)


def queued_emails_enqueue() -> int:
    """Wake workers for every queued registrant e-mail, in batches of ids; the rows say what is still to send."""
    ids = list(
        RegistrationEmail.objects.filter(status=RegistrationEmail.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), delivery.BATCH_SIZE):
        registration_emails_send.delay(ids[start : start + delivery.BATCH_SIZE])
    return len(ids)


@shared_task(name="events.tasks.event_reminders_send", acks_late=True)
def event_reminders_send():
    """Every 5 minutes (beat): create the reminder rows that are due, then send whatever is queued."""
    outbox.requeue_expired(RegistrationEmail)
    created = reminders.reminders_create_due()
    return {"created": len(created), "enqueued": queued_emails_enqueue()}


@shared_task(name="events.tasks.registration_emails_sweep", acks_late=True)
def registration_emails_sweep():
    """Every minute (beat): put back rows a lost worker held, and wake workers for everything queued."""
    requeued = outbox.requeue_expired(RegistrationEmail)
    return {"requeued": requeued, "enqueued": queued_emails_enqueue()}
