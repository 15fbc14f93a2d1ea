"""Issue the renewals whose day has come, remind unpaid invoices and lapse members past their grace period.

What beat's `fees.tasks.fee_cycle_run` does every hour, for a site without beat (or cron:
`15 * * * * manage.py run_fee_cycle`). The e-mails go through the outbox as every other. Running it again does
nothing twice.
"""

from django.core.management.base import BaseCommand

from fees.cycle import cycle_run


class Command(BaseCommand):
    help = "Run the membership fee cycle now: renewals due, reminders due, lapses due."

    def handle(self, *args, **options):
        done = cycle_run()
        self.stdout.write(
            f"Invoices issued: {done['invoiced']}. Reminders sent: {done['reminded']}. "
            f"Members lapsed: {done['lapsed']}."
        )
