"""Demo content for membership fees: CEP's invoicing details, a year's fee schedule and renewal, the renewal's
invoices to the demo's active members, and the payments staff recorded against them.

The invoices are issued, the payments recorded and the 30-day reminders sent by `fees.services` and `fees.cycle`,
on the days they would have happened, so they are numbered without gaps and each queues its e-mails. Those are
marked sent on their day, as the newsletter's past issue is marked sent: nobody receives anything when a new install
is loaded, and the outbox's retention purge deletes them as it would have deleted the real ones.

The renewal ran ISSUED_DAYS_AGO days before the load: its invoices are due, some overdue and reminded once, none
yet past the grace period, so the hourly fee cycle has nothing to do until the 60-day reminders fall due, and
never anything in the future. Once any renewal exists, from an earlier load or made by staff, the demo adds no
year, invoice or payment: a later load on another day makes nothing.

The address is CEP's own; the amounts and the bank account are the demo's. The account is plainly not a real one,
so that nobody pays into it from a demo invoice.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.models import OutboxEmail
from fees.cycle import REMINDER_DAYS, reminders_send_due
from fees.models import Fee, FeeCategory, Invoice, InvoiceReminder, InvoicingSettings, Renewal, money
from fees.services import payment_record, renewal_invoice

INVOICING = {
    "seller_name": "Confederation of European Probation",
    "seller_address": "P.O. Box 8215\n3503 RE Utrecht\nThe Netherlands",
    "iban": "NL00 DEMO 0000 0000 00",
}

FEES = {
    FeeCategory.FULL: Decimal("2500.00"),
    FeeCategory.ASSOCIATE_ORGANISATION: Decimal("750.00"),
    FeeCategory.ASSOCIATE_INDIVIDUAL: Decimal("100.00"),
}

# Past the 30 days an invoice is due and its first reminder, short of its second and of the grace period.
ISSUED_DAYS_AGO = 40

# The transfers as the bank statement shows them: (member, days after the invoice's date, amount, the payer's
# name on the statement). An amount of None is what was still owed. Members left out have not paid: the
# provisional member from Estonia and the Catalan department.
PAYMENTS = [
    ("Marta Kowalska", 6, None, "Kowalska Marta"),
    ("Probační a mediační služba ČR", 9, None, "Probacni a mediacni sluzba CR"),
    ("Reclassering Nederland", 14, None, "Stichting Reclassering Nederland"),
    ("The Probation Service (Ireland)", 20, Decimal("1500.00"), "The Probation Service"),
    ("Justitiehuizen – Departement Justitie en Handhaving", 23, None, "Departement Justitie en Handhaving"),
    ("University of Glasgow – Scottish Centre for Crime and Justice Research", 28, None, "University of Glasgow"),
    # Half of the fee from this year's budget; the rest is still owed.
    ("Community Justice Scotland", 31, Decimal("1250.00"), "Community Justice Scotland"),
    # The second instalment, after the due date.
    ("The Probation Service (Ireland)", 36, None, "The Probation Service"),
]

# The e-mails queued by issuing an invoice (fees.services.invoice_send) and by reminding one (fees.cycle).
INVOICE_EMAIL_KINDS = ("fees.invoice", "fees.invoice-reminder")


def invoicing_settings_fill(stdout) -> None:
    """CEP's details on the invoices, unless someone has given them already."""
    invoicing = InvoicingSettings.load()
    if invoicing.seller_address or invoicing.iban:
        return
    for field, value in INVOICING.items():
        setattr(invoicing, field, value)
    invoicing.save()
    stdout.write("Created the invoicing settings.")


def fee_schedule_create(year: int, stdout) -> None:
    for category, amount in FEES.items():
        fee, created = Fee.objects.get_or_create(year=year, category=category, defaults={"amount": amount})
        if created:
            stdout.write(f"Created the membership fee {fee}.")


def nine_on(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def emails_mark_sent(after_pk: int, day: datetime.date) -> None:
    """The invoice e-mails queued since e-mail `after_pk`, as sent at 9 o'clock on `day`."""
    at = nine_on(day)
    OutboxEmail.objects.filter(pk__gt=after_pk, kind__in=INVOICE_EMAIL_KINDS, status=OutboxEmail.Status.QUEUED).update(
        status=OutboxEmail.Status.SENT, created_at=at, sent_at=at
    )


def last_email_pk() -> int:
    return OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def invoices_issue(renewal: Renewal, stdout) -> list[Invoice]:
    """The renewal's invoices to every active member, issued on its day, with their e-mails sent then."""
    since = last_email_pk()
    invoices = renewal_invoice(renewal, today=renewal.invoice_on)
    emails_mark_sent(since, renewal.invoice_on)
    Renewal.objects.filter(pk=renewal.pk).update(invoiced_at=nine_on(renewal.invoice_on))
    for invoice in invoices:
        stdout.write(f"Issued invoice {invoice.number} to {invoice.member_name}.")
    return invoices


def payment_record_demo(invoice: Invoice, days: int, amount: Decimal | None, payer: str, stdout) -> None:
    payment = payment_record(
        invoice,
        amount=amount or invoice.balance,
        received_on=invoice.issued_on + datetime.timedelta(days=days),
        reference=f"CEP {invoice.number} / {payer}",
        by=None,
    )
    stdout.write(f"Recorded a payment of {money(payment.amount)} against invoice {invoice.number}.")


def reminders_send(renewal: Renewal, stdout) -> None:
    """The first reminders, on their day, to the members that had not paid in full by then."""
    day = renewal.invoice_on + datetime.timedelta(days=min(REMINDER_DAYS))
    since = last_email_pk()
    reminders = reminders_send_due(day)
    InvoiceReminder.objects.filter(pk__in=[reminder.pk for reminder in reminders]).update(queued_at=nine_on(day))
    for reminder in reminders:
        stdout.write(f"Reminded invoice {reminder.invoice.number}.")
    emails_mark_sent(since, day)


def payments_and_reminders(renewal: Renewal, invoices: list[Invoice], stdout) -> None:
    """The transfers as they came in, and the reminders sent on their day between them."""
    by_member = {invoice.member.name: invoice for invoice in invoices}
    reminded = False
    for member_name, days, amount, payer in sorted(PAYMENTS, key=lambda payment: payment[1]):
        if not reminded and days > min(REMINDER_DAYS):
            reminders_send(renewal, stdout)
            reminded = True
        if invoice := by_member.get(member_name):  # else an editor renamed the member, or it is no longer active
            payment_record_demo(invoice, days, amount, payer, stdout)
    if not reminded:
        reminders_send(renewal, stdout)


def load(stdout) -> None:
    invoicing_settings_fill(stdout)
    if Renewal.objects.exists():  # fees have begun, in an earlier load or by staff
        return
    invoice_on = timezone.localdate() - datetime.timedelta(days=ISSUED_DAYS_AGO)
    fee_schedule_create(invoice_on.year, stdout)
    renewal = Renewal.objects.create(year=invoice_on.year, invoice_on=invoice_on)
    stdout.write(f"Created the renewal {renewal.year}.")
    payments_and_reminders(renewal, invoices_issue(renewal, stdout), stdout)
