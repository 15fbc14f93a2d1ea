"""Erase accounts whose address was not confirmed within UNVERIFIED_ACCOUNT_RETENTION_DAYS, in this process.

What beat's `members.tasks.unverified_accounts_purge` does daily, for a site without beat (or cron:
`40 3 * * * manage.py purge_unverified_accounts`). Running it again erases nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from members.erasure import unverified_accounts_purge


class Command(BaseCommand):
    help = (
        "Erase accounts whose address was never confirmed within the retention period "
        "(UNVERIFIED_ACCOUNT_RETENTION_DAYS), with the membership applications they hold."
    )

    def handle(self, *args, **options):
        erased = unverified_accounts_purge()
        days = settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS
        self.stdout.write(f"Accounts not confirmed within {days} days erased: {erased}.")
