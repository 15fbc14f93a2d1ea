"""Create the event reminders that are due and send every queued registrant e-mail, in this process.

What beat's `events.tasks.event_reminders_send` and, for these rows, `core.tasks.outbox_sweep` do through the
workers, for a site without beat (or cron: `*/5 * * * * manage.py send_event_reminders`).
Running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand

from core import outbox
from events import delivery, reminders
from events.models import RegistrationEmail


class Command(BaseCommand):
    help = "Create due event reminders and send all queued registrant e-mails now, without a worker."

    def handle(self, *args, **options):
        requeued = outbox.requeue_expired(RegistrationEmail)
        created = reminders.reminders_create_due()
        outcome = delivery.emails_send_queued()
        waiting = RegistrationEmail.objects.filter(status=RegistrationEmail.Status.QUEUED).count()
        self.stdout.write(
            f"Reminders created: {len(created)}. E-mails sent: {outcome['sent']}, failed: {outcome['failed']}, "
            f"queued for the next run: {waiting} (put back from a lost worker: {requeued})."
        )
