"""Start the newsletter sendings that are due and send every queued delivery, in this process.

What beat's `newsletter_scheduled_send` and, for deliveries, `core.tasks.outbox_sweep` do through the workers, for a
site without beat (or cron: `* * * * * manage.py send_newsletter`). Running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand

from core import outbox
from newsletter import sending
from newsletter.models import Delivery


class Command(BaseCommand):
    help = "Start due newsletter sendings and send all queued deliveries now, without a worker."

    def handle(self, *args, **options):
        requeued = outbox.requeue_expired(Delivery)
        started = sending.sendings_start_due()
        outcome = sending.deliveries_send_queued()
        sending.sendings_finish()
        waiting = Delivery.objects.filter(status=Delivery.Status.QUEUED).count()
        self.stdout.write(
            f"Deliveries queued by scheduled sendings: {started}. Sent: {outcome['sent']}, "
            f"failed: {outcome['failed']}, "
            f"skipped (unsubscribed since): {outcome['skipped']}, queued for the next run: {waiting} "
            f"(put back from a lost worker: {requeued})."
        )
