"""The year's fee cycle, run every hour by beat (`fees.tasks.fee_cycle_run`, also `manage.py run_fee_cycle`):

1. a renewal whose day has come invoices every active member (`services.renewal_invoice`);
2. an invoice still unpaid REMINDER_DAYS after it was issued is reminded, each reminder once: its `InvoiceReminder`
   row and its e-mails are made in one transaction, and the row's constraint refuses a second;
3. a member whose renewal invoice is still unpaid the renewal's grace days after it was due lapses (the audited
   status change of `members.services`, which takes members' access away at once and tells the main contacts).
   Paying the invoice in full restores the membership (`services.payment_record`).

A run missed costs nothing: the next one finds what fell due meanwhile, and a run repeated does nothing twice.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import mail
from members.models import ACTIVE_STATUSES
from members.services import TransitionNotAllowed, member_contact_addresses, membership_lapse

from .models import Invoice, InvoiceReminder, InvoicingSettings, Renewal, money
from .services import INVOICE_PDF, renewal_invoice

logger = logging.getLogger(__name__)

# Days after an invoice is issued on which it is reminded while unpaid.
REMINDER_DAYS = (30, 60)


def cycle_run(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "invoiced": len(renewals_invoice_due(today)),
        "reminded": len(reminders_send_due(today)),
        "lapsed": len(lapses_due(today)),
    }


def renewals_invoice_due(today: datetime.date) -> list[Invoice]:
    made = []
    for renewal in Renewal.objects.filter(invoice_on__lte=today, invoiced_at__isnull=True).order_by("year"):
        made += renewal_invoice(renewal, today=today)
    return made


def reminder_due(invoice: Invoice, today: datetime.date) -> int | None:
    """The reminder of `invoice` due `today`, as its days after issue: the latest whose day has passed, so that an
    invoice whose job did not run for weeks gets the nearer reminder only."""
    passed = [days for days in REMINDER_DAYS if invoice.issued_on + datetime.timedelta(days=days) <= today]
    return max(passed, default=None)


def reminders_send_due(today: datetime.date) -> list[InvoiceReminder]:
    earliest = today - datetime.timedelta(days=min(REMINDER_DAYS))
    invoices = list(
        Invoice.objects.unpaid()
        .filter(issued_on__lte=earliest, member__status__in=ACTIVE_STATUSES)
        .select_related("member", "renewal")
        .prefetch_related("member__memberships__user")
    )
    sent = dict(
        InvoiceReminder.objects.filter(invoice__in=invoices)
        .order_by("invoice", "days_after_issue")
        .values_list("invoice_id", "days_after_issue")
    )
    made, invoicing = [], InvoicingSettings.load()
    for invoice in invoices:
        days = reminder_due(invoice, today)
        if days is None or sent.get(invoice.pk, 0) >= days:
            continue
        try:
            made.append(reminder_send(invoice, days, today, invoicing))
        except IntegrityError:  # another run sent it in the meantime
            continue
    return made


def reminder_send(invoice: Invoice, days: int, today: datetime.date, invoicing: InvoicingSettings) -> InvoiceReminder:
    lapses_on = invoice.due_on + datetime.timedelta(days=invoice.renewal.grace_days) if invoice.renewal else None
    with transaction.atomic():
        reminder = InvoiceReminder.objects.create(invoice=invoice, days_after_issue=days)
        mail.email_queue(
            "fees.invoice-reminder",
            to=member_contact_addresses(invoice.member),
            subject=f"Reminder: CEP membership fee, invoice {invoice.number}",
            body=render_to_string(
                "fees/email/invoice_reminder.txt",
                {
                    "invoice": invoice,
                    "account": invoicing,
                    "overdue": invoice.due_on < today,
                    "lapses_on": lapses_on,
                },
            ),
            attachments=[{"source": INVOICE_PDF, "id": invoice.pk}],
        )
    return reminder


def lapse_day(invoice: Invoice) -> datetime.date:
    """The first day on which the member lapses if the invoice is still unpaid."""
    return invoice.due_on + datetime.timedelta(days=invoice.renewal.grace_days + 1)


def lapses_due(today: datetime.date) -> list[Invoice]:
    unpaid = (
        Invoice.objects.unpaid()
        .filter(renewal__isnull=False, member_lapsed_at__isnull=True, member__status__in=ACTIVE_STATUSES)
        .select_related("member", "renewal")
        .order_by("due_on", "sequence")
    )
    lapsed = []
    for invoice in unpaid:
        if lapse_day(invoice) > today:
            continue
        note = (
            f"The membership fee of invoice {invoice.number}, {money(invoice.balance, invoice.currency)}, was not "
            f"paid within {invoice.renewal.grace_days} days of its due date, {invoice.due_on:%d %B %Y}. Paying it "
            "restores the membership."
        )
        try:
            with transaction.atomic():
                membership_lapse(invoice.member, by=None, note=note)
                Invoice.objects.filter(pk=invoice.pk).update(member_lapsed_at=timezone.now())
        except TransitionNotAllowed:  # staff changed the member's status in the meantime
            logger.info("Member %s was not lapsed for invoice %s.", invoice.member_id, invoice.number)
            continue
        lapsed.append(invoice)
    return lapsed
