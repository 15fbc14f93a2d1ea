"""Delete award nominations, with their supporting PDFs, AWARD_NOMINATION_RETENTION_YEARS after their call closed,
in this process.

What beat's `awards.tasks.nominations_purge` does daily, for a site without beat (or cron:
`45 3 * * * manage.py purge_award_nominations`). Running it again deletes nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from awards.services import nominations_purge


class Command(BaseCommand):
    help = "Delete award nominations and their PDFs once the retention period after their call has passed."

    def handle(self, *args, **options):
        deleted = nominations_purge()
        years = settings.AWARD_NOMINATION_RETENTION_YEARS
        self.stdout.write(f"Nominations of calls closed more than {years} years ago deleted: {deleted}.")
