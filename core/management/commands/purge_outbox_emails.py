"""Delete one-off e-mails sent or given up on more than OUTBOX_EMAIL_RETENTION_DAYS ago, in this process.

What beat's `core.tasks.outbox_emails_purge` does daily, for a site without beat (or cron:
`40 3 * * * manage.py purge_outbox_emails`). Running it again deletes nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.mail import emails_purge


class Command(BaseCommand):
    help = "Delete one-off e-mails older than the retention period (OUTBOX_EMAIL_RETENTION_DAYS)."

    def handle(self, *args, **options):
        deleted = emails_purge()
        days = settings.OUTBOX_EMAIL_RETENTION_DAYS
        self.stdout.write(f"One-off e-mails sent or failed more than {days} days ago deleted: {deleted}.")
