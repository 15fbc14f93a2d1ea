"""Delete newsletter sign-ups nobody confirmed within 7 days, in this process.

What beat's `newsletter.tasks.subscribers_purge` does daily, for a site without beat (or cron:
`15 3 * * * manage.py purge_unconfirmed_subscribers`). Running it again deletes nothing more.
"""

from django.core.management.base import BaseCommand

from newsletter.services import subscribers_purge_unconfirmed


class Command(BaseCommand):
    help = "Delete newsletter sign-ups that were not confirmed within 7 days."

    def handle(self, *args, **options):
        deleted = subscribers_purge_unconfirmed()
        self.stdout.write(f"Unconfirmed sign-ups deleted: {deleted}.")
