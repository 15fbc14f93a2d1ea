"""Read the newsletter's bounce mailbox (NEWSLETTER_BOUNCE_IMAP_URL) once, in this process.

What beat's `newsletter.tasks.bounce_mailbox_read` does every 5 minutes, for a site without beat. Reading again
records nothing twice (docs/bounces.md).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsletter.mailbox import mailbox_read


class Command(BaseCommand):
    help = "Read the newsletter's bounce mailbox: record bounces and complaints, keep what is not understood."

    def handle(self, *args, **options):
        if not settings.NEWSLETTER_BOUNCE_IMAP:
            raise CommandError("NEWSLETTER_BOUNCE_IMAP_URL is not set: there is no bounce mailbox to read.")
        outcome = mailbox_read()
        self.stdout.write(
            f"Mails read: {outcome.mails}; bounces and complaints recorded: {outcome.events}; "
            f"kept for staff: {outcome.unprocessed}; nothing to count: {outcome.ignored}; "
            f"left for the next run after an error: {outcome.failed}."
        )
