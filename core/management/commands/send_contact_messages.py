"""Send every queued contact-form e-mail, in this process.

What beat's `core.tasks.outbox_sweep` does for these through the workers, for a site without beat (or cron:
`* * * * * manage.py send_contact_messages`). Running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand

from core import contact, outbox
from core.models import ContactEmail


class Command(BaseCommand):
    help = "Send all queued contact-form e-mails now, without a worker."

    def handle(self, *args, **options):
        requeued = outbox.requeue_expired(ContactEmail)
        outcome = contact.emails_send_queued()
        waiting = ContactEmail.objects.filter(status=ContactEmail.Status.QUEUED).count()
        self.stdout.write(
            f"Contact e-mails sent: {outcome['sent']}, failed: {outcome['failed']}, "
            f"queued for the next run: {waiting} (put back from a lost worker: {requeued})."
        )
