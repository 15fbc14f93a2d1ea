"""Celery tasks for events: thin, taking ids; the work is in events.delivery and events.reminders.

Rows left queued (a wiped broker, a lost worker, a passing refusal) are sent again by core.tasks.outbox_sweep.
"""

from celery import shared_task

from core import outbox

from . import delivery, registrations, reminders
from .models import RegistrationEmail


@shared_task(name="events.tasks.registration_emails_send", acks_late=True)
def registration_emails_send(email_ids: list[int]):
    return delivery.emails_send(email_ids)


@shared_task(name="events.tasks.event_reminders_send", acks_late=True)
def event_reminders_send():
    """Every 5 minutes (beat): create the reminder rows that are due and wake workers for them."""
    ids = reminders.reminders_create_due()  # committed: a task runs in no transaction
    outbox.enqueue(RegistrationEmail, ids)
    return {"created": len(ids)}


@shared_task(name="events.tasks.registration_holds_expire", acks_late=True)
def registration_holds_expire():
    """Every 15 minutes (beat): delete the registrations from the form that nobody confirmed in time."""
    return {"deleted": registrations.pending_expire()}
