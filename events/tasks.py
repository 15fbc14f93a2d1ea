"""Celery tasks for events: thin, taking ids; the work is in events.delivery and events.reminders."""

from celery import shared_task

from . import delivery


@shared_task(name="events.tasks.registration_emails_send", acks_late=True)
def registration_emails_send(email_ids: list[int]):
    return delivery.emails_send(email_ids)
