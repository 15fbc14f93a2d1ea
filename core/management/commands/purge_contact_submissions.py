"""Delete contact-form messages older than CONTACT_SUBMISSION_RETENTION_MONTHS, in this process.

What beat's `core.tasks.contact_submissions_purge` does daily, for a site without beat (or cron:
`30 3 * * * manage.py purge_contact_submissions`). Running it again deletes nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.contact import submissions_purge


class Command(BaseCommand):
    help = "Delete contact-form messages older than the retention period (CONTACT_SUBMISSION_RETENTION_MONTHS)."

    def handle(self, *args, **options):
        deleted = submissions_purge()
        months = settings.CONTACT_SUBMISSION_RETENTION_MONTHS
        self.stdout.write(f"Contact messages older than {months} months deleted: {deleted}.")
