"""Run the outbox's sweep once: requeue rows of lost workers and wake workers for every queued row of every kind.

What beat's `core.tasks.outbox_sweep` does every minute, for a site without beat (or cron:
`* * * * * manage.py sweep_outbox`). With no broker (`CELERY_TASK_ALWAYS_EAGER`) the rows are sent in this process.
"""

from django.core.management.base import BaseCommand

from core import outbox


class Command(BaseCommand):
    help = "Requeue e-mails held by lost workers and wake workers for every queued e-mail, of every kind."

    def handle(self, *args, **options):
        for label, counts in outbox.sweep().items():
            requeued, enqueued = counts["requeued"], counts["enqueued"]
            self.stdout.write(f"{label}: put back from a lost worker: {requeued}, woken: {enqueued}.")
