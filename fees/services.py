"""What staff and the beat jobs do with fees: issue a renewal's invoices, cancel one with a credit note, record a
payment. Each change runs in one transaction and says what went wrong in a `FeeRefused` an editor can read."""

import datetime
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import mail
from members.models import ACTIVE_STATUSES, MemberOrganisation, MemberStatus
from members.services import member_contact_addresses, membership_restore

from .models import (
    CreditNote,
    DocumentSequence,
    Fee,
    Invoice,
    InvoicingSettings,
    Payment,
    Renewal,
    fee_category,
    money,
)

logger = logging.getLogger(__name__)

# The name by which an e-mail asks for an invoice's PDF (core.mail.OUTBOX_ATTACHMENTS, fees/wagtail_hooks.py).
INVOICE_PDF = "fees.invoice"


class FeeRefused(Exception):
    """A change refused, with the reason for the person who asked for it; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def number_take(kind: str, year: int) -> int:
    """The next number of `kind` in `year`, in the caller's transaction: its row lock keeps out everyone else who
    issues until that transaction ends, so a rolled-back issue gives its number back and none is ever skipped."""
    DocumentSequence.objects.get_or_create(kind=kind, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def document_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}{year}-{sequence:04d}"


def renewal_fees(renewal: Renewal) -> dict[str, Fee]:
    """The renewal year's fee of each category that has one."""
    return {fee.category: fee for fee in Fee.objects.filter(year=renewal.year)}


def invoice_issue(
    member: MemberOrganisation,
    *,
    renewal: Renewal,
    today: datetime.date | None = None,
    fees: dict[str, Fee] | None = None,
    invoicing: InvoicingSettings | None = None,
) -> Invoice:
    """Issue `member`'s invoice of `renewal`, the fee of its category for the renewal's year, and e-mail it with its
    PDF to the member's main contacts (in the same transaction: an issue rolled back sends nothing). A renewal
    passes the year's `fees` and the `invoicing` settings it read once for all its members."""
    today = today or timezone.localdate()
    invoicing = invoicing or InvoicingSettings.load()
    category = fee_category(member)
    fee = (fees if fees is not None else renewal_fees(renewal)).get(category)
    if fee is None:
        raise FeeRefused(f"There is no {renewal.year} fee for {member.get_membership_type_display().lower()}s yet.")
    with transaction.atomic():
        sequence = number_take(DocumentSequence.Kind.INVOICE, today.year)
        invoice = Invoice.objects.create(
            year=today.year,
            sequence=sequence,
            number=document_number("", today.year, sequence),
            issued_on=today,
            due_on=today + datetime.timedelta(days=fee.due_days),
            amount=fee.amount,
            currency=fee.currency,
            member=member,
            renewal=renewal,
            fee_category=category,
            description=f"CEP membership fee {renewal.year}: {fee.get_category_display()}",
            member_name=member.name,
            billing_address=member.billing_address,
            vat_number=member.vat_number,
            seller=invoicing.seller_lines(),
        )
        invoice_send(invoice, invoicing)
    return invoice


def invoice_send(invoice: Invoice, invoicing: InvoicingSettings) -> None:
    mail.email_queue(
        "fees.invoice",
        to=member_contact_addresses(invoice.member),
        subject=f"CEP membership fee: invoice {invoice.number}",
        body=render_to_string("fees/email/invoice.txt", {"invoice": invoice, "account": invoicing}),
        attachments=[{"source": INVOICE_PDF, "id": invoice.pk}],
    )


def renewal_uninvoiced(renewal: Renewal):
    """The active members not (or no longer) invoiced for `renewal`."""
    invoiced = Invoice.objects.filter(renewal=renewal, status=Invoice.Status.ISSUED).values("member_id")
    return MemberOrganisation.objects.filter(status__in=ACTIVE_STATUSES).exclude(pk__in=invoiced).order_by("pk")


def renewal_invoice(renewal: Renewal, *, today: datetime.date | None = None) -> list[Invoice]:
    """Invoice every active member not yet invoiced for `renewal`; returns the invoices made. Run again (a worker
    killed half-way, a second beat, a member who joined since), it makes only those still missing.

    A member whose category has no fee for the year is left out and the renewal stays open (`invoiced_at` empty),
    so the hourly cycle invoices them once staff add the fee, instead of failing for everyone else."""
    made, refusals = [], set()
    fees, invoicing = renewal_fees(renewal), InvoicingSettings.load()
    # Each member's main contacts come with it (members.models.MemberOrganisation.main_contacts).
    for member in renewal_uninvoiced(renewal).prefetch_related("memberships__user"):
        try:
            made.append(invoice_issue(member, renewal=renewal, today=today, fees=fees, invoicing=invoicing))
        except IntegrityError:  # another run invoiced this member in the meantime
            continue
        except FeeRefused as refusal:
            refusals.add(refusal.message)
    if refusals:
        logger.warning("Renewal %s left members uninvoiced: %s", renewal.year, " ".join(sorted(refusals)))
    else:
        Renewal.objects.filter(pk=renewal.pk, invoiced_at__isnull=True).update(invoiced_at=timezone.now())
    return made


def invoice_cancel(invoice: Invoice, *, reason: str, today: datetime.date | None = None) -> CreditNote:
    """Cancel an issued invoice with a credit note for its whole amount; the invoice itself stays as it was."""
    reason = reason.strip()
    if not reason:
        raise FeeRefused("Say why the invoice is cancelled: the credit note gives the reason.")
    today = today or timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status == Invoice.Status.CANCELLED:
            raise FeeRefused(f"Invoice {invoice.number} is cancelled already.")
        if invoice.paid > 0:
            raise FeeRefused(f"Invoice {invoice.number} has payments: refund them before cancelling it.")
        sequence = number_take(DocumentSequence.Kind.CREDIT_NOTE, today.year)
        note = CreditNote.objects.create(
            invoice=invoice,
            year=today.year,
            sequence=sequence,
            number=document_number("CN-", today.year, sequence),
            issued_on=today,
            amount=invoice.amount,
            currency=invoice.currency,
            member_name=invoice.member_name,
            billing_address=invoice.billing_address,
            vat_number=invoice.vat_number,
            seller=invoice.seller,
            reason=reason,
        )
        Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.CANCELLED)
    return note


def payment_record(invoice: Invoice, *, amount: Decimal, received_on: datetime.date, reference: str, by) -> Payment:
    """Record a bank transfer against an invoice. The same transfer recorded twice (two staff at once) is refused.
    The payment that settles an invoice the member lapsed for restores the membership."""
    reference = reference.strip()
    if amount is None or amount <= 0:
        raise FeeRefused("A payment is an amount above zero; a refund is not recorded here.")
    if not reference:
        raise FeeRefused("Give the transfer's reference from the bank statement.")
    try:
        with transaction.atomic():
            invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
            if invoice.status == Invoice.Status.CANCELLED:
                raise FeeRefused(f"Invoice {invoice.number} is cancelled: record the payment against its replacement.")
            payment = Payment.objects.create(
                invoice=invoice, amount=amount, received_on=received_on, reference=reference, recorded_by=by
            )
            if invoice.member_lapsed_at and invoice.balance <= 0 and invoice.member.status == MemberStatus.LAPSED:
                membership_restore(invoice.member, by=by, note=f"Invoice {invoice.number} is paid.")
            return payment
    except IntegrityError:
        raise FeeRefused(
            f"This payment ({money(amount, invoice.currency)}, {reference}, {received_on:%d %b %Y}) "
            "is recorded already."
        ) from None
