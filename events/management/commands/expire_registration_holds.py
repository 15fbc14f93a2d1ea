"""Delete the registrations from the form whose address nobody confirmed in time, in this process.

What beat's `events.tasks.registration_holds_expire` does every 15 minutes, for a site without beat. Running it
again deletes nothing more.
"""

from django.core.management.base import BaseCommand

from events.registrations import pending_expire


class Command(BaseCommand):
    help = "Delete event registrations whose address was not confirmed within EVENT_REGISTRATION_CONFIRM_HOURS."

    def handle(self, *args, **options):
        self.stdout.write(f"Unconfirmed registrations deleted: {pending_expire()}.")
