"""Celery tasks for fees: thin; the work is in fees.cycle."""

from celery import shared_task

from . import cycle


@shared_task(name="fees.tasks.fee_cycle_run", acks_late=True)
def fee_cycle_run():
    """Every hour (beat): the renewals, reminders and lapses that fell due (fees.cycle)."""
    return cycle.cycle_run()
