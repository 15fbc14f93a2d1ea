"""Membership fees: the schedule staff set per year, the yearly renewal, invoices and credit notes numbered without
gaps, and the payments staff record (docs/fees.md).

An invoice is a record with legal weight: once issued, what it says never changes. A credit note cancels it, and a
new invoice is issued if one is still owed. What the invoice names (the member, its address, CEP's details) is copied
onto it when it is issued, so that a later change of address or an erasure leaves issued invoices as they were.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce

from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from members.models import MemberKind, MemberOrganisation, MembershipType

EUR = "EUR"
ZERO = Decimal("0.00")
CENTS = Decimal("0.01")


def money(amount: Decimal, currency: str = EUR) -> str:
    """An amount as invoices, e-mails and the admin write it: "EUR 1,250.00"."""
    return f"{currency} {amount:,.2f}"


class FeeCategory(models.TextChoices):
    FULL = "full", "Full member"
    ASSOCIATE_ORGANISATION = "associate-organisation", "Associate member (organisation)"
    ASSOCIATE_INDIVIDUAL = "associate-individual", "Associate member (individual)"


def fee_category(member: MemberOrganisation) -> str:
    if member.membership_type == MembershipType.FULL:
        return FeeCategory.FULL
    if member.kind == MemberKind.INDIVIDUAL:
        return FeeCategory.ASSOCIATE_INDIVIDUAL
    return FeeCategory.ASSOCIATE_ORGANISATION


@register_setting(icon="form")
class InvoicingSettings(BaseGenericSetting):
    """CEP's details as invoices print them, and how to pay."""

    seller_name = models.CharField(
        max_length=255, default="Confederation of European Probation", help_text="The name invoices are issued in."
    )
    seller_address = models.TextField(help_text="CEP's postal address, one line per line.")
    registration = models.CharField(
        max_length=100, blank=True, help_text="E.g. 'Chamber of Commerce 40476749'; printed under the address."
    )
    vat_number = models.CharField("VAT number", max_length=30, blank=True, help_text="CEP's own, if it has one.")
    iban = models.CharField("IBAN", max_length=40, help_text="The account members pay into.")
    bic = models.CharField("BIC", max_length=11, blank=True, help_text="The bank's code, for payments from abroad.")

    class Meta:
        verbose_name = "invoicing"

    def seller_lines(self) -> str:
        lines = [self.seller_name, *self.seller_address.splitlines(), self.registration]
        if self.vat_number:
            lines.append(f"VAT {self.vat_number}")
        return "\n".join(line.strip() for line in lines if line and line.strip())


class Fee(models.Model):
    """What one category of member pays for one year."""

    year = models.PositiveSmallIntegerField(help_text="The membership year the fee is for.")
    category = models.CharField(max_length=30, choices=FeeCategory.choices, help_text="Who pays it.")
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="In euros, e.g. 1250.00.",
    )
    currency = models.CharField(max_length=3, default=EUR, editable=False)
    due_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days the member has to pay, counted from the invoice's date."
    )

    class Meta:
        verbose_name = "membership fee"
        ordering = ["-year", "category"]
        constraints = [models.UniqueConstraint(fields=["year", "category"], name="fees_fee_one_per_year_and_category")]

    def __str__(self):
        return f"{self.year}: {self.get_category_display()}, {self.currency} {self.amount}"


class Renewal(models.Model):
    """A year's renewal: on `invoice_on` every active member is invoiced the year's fee (a beat job, once)."""

    year = models.PositiveSmallIntegerField(unique=True, help_text="The membership year being renewed.")
    invoice_on = models.DateField(help_text="The day the invoices are issued and sent to the members.")
    grace_days = models.PositiveSmallIntegerField(
        default=90,
        help_text="Days after an invoice is due before an unpaid member lapses and loses members' access.",
    )
    invoiced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "yearly renewal"
        ordering = ["-year"]

    def __str__(self):
        return f"Renewal {self.year}"

    def clean(self):
        # Its invoices say which year they are for: the year is fixed once they are issued.
        if self.pk and self.invoices.exists():
            issued_year = Renewal.objects.values_list("year", flat=True).get(pk=self.pk)
            if issued_year != self.year:
                raise ValidationError(
                    {"year": f"The {issued_year} invoices are issued: add a new renewal for {self.year} instead."}
                )


class DocumentSequence(models.Model):
    """The last number given to an invoice or credit note of a year: taken under a row lock, so numbers have no
    gaps and no twins however many staff or workers issue at once."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit-note", "Credit note"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="fees_sequence_one_per_kind_and_year")]


class IssuedDocument(models.Model):
    """What an invoice and a credit note share: a number of their year, a date, and who and what they name, as it
    was when they were issued."""

    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    number = models.CharField(max_length=30, unique=True, editable=False)
    issued_on = models.DateField(editable=False)
    issued_at = models.DateTimeField(auto_now_add=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, editable=False)
    currency = models.CharField(max_length=3, default=EUR, editable=False)
    member_name = models.CharField(max_length=255, editable=False)
    billing_address = models.TextField(blank=True, editable=False)
    vat_number = models.CharField("VAT number", max_length=30, blank=True, editable=False)
    seller = models.TextField(editable=False, help_text="CEP's name, address and registration, as printed.")

    class Meta:
        abstract = True


class InvoiceQuerySet(models.QuerySet):
    def with_paid(self):
        """Each invoice with `paid_total`, the sum of its payments, in the same query."""
        paid = (
            Payment.objects.filter(invoice=models.OuterRef("pk"))
            .order_by()
            .values("invoice")
            .annotate(total=models.Sum("amount"))
            .values("total")
        )
        return self.annotate(
            paid_total=Coalesce(
                models.Subquery(paid), Value(ZERO), output_field=models.DecimalField(max_digits=12, decimal_places=2)
            )
        )

    def unpaid(self):
        """Issued invoices with something left to pay."""
        return self.with_paid().filter(status=Invoice.Status.ISSUED, paid_total__lt=models.F("amount"))


class Invoice(IssuedDocument):
    class Status(models.TextChoices):
        ISSUED = "issued", "Issued"
        CANCELLED = "cancelled", "Cancelled by a credit note"

    # Empty only once an individual member's person is erased: the invoice is kept, without their name.
    member = models.ForeignKey(
        MemberOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    renewal = models.ForeignKey(Renewal, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    fee_category = models.CharField(max_length=30, choices=FeeCategory.choices, editable=False)
    description = models.CharField(max_length=255, editable=False)
    due_on = models.DateField(editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ISSUED, editable=False)
    # When the member lapsed for not paying this invoice: paying it in full restores the membership.
    member_lapsed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="fees_invoice_number_once_a_year"),
            # One invoice of a renewal per member; a cancelled one frees the place for its replacement.
            models.UniqueConstraint(
                fields=["renewal", "member"],
                condition=models.Q(status="issued"),
                name="fees_invoice_once_per_renewal_and_member",
            ),
        ]

    def __str__(self):
        return f"Invoice {self.number}"

    @property
    def paid(self) -> Decimal:
        """The payments' total: annotated by `with_paid()` where invoices are listed, else asked of the database."""
        total = getattr(self, "paid_total", None)
        if total is None:
            total = Invoice.objects.with_paid().values_list("paid_total", flat=True).get(pk=self.pk)
        # In cents whatever the database: SQLite sums decimals without their places.
        return Decimal(total).quantize(CENTS)

    @property
    def balance(self) -> Decimal:
        """What is still owed: negative when the member paid more; nothing once cancelled."""
        return ZERO if self.status == self.Status.CANCELLED else self.amount - self.paid

    @property
    def overpaid(self) -> Decimal:
        """What CEP owes the member back, if it paid more than the invoice."""
        return max(-self.balance, ZERO)


class CreditNote(IssuedDocument):
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    reason = models.TextField(editable=False)

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="fees_credit_note_number_once_a_year")]

    def __str__(self):
        return f"Credit note {self.number}"


class InvoiceReminder(models.Model):
    """A reminder of an unpaid invoice, some days after it was issued: one row per invoice and day, made in the
    transaction that queues its e-mails, so it is sent once however often the job runs (fees.cycle)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    days_after_issue = models.PositiveSmallIntegerField()
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "days_after_issue"], name="fees_invoicereminder_once"),
        ]

    def __str__(self):
        return f"Reminder of invoice {self.invoice_id}, {self.days_after_issue} days after issue"


class Payment(models.Model):
    """A bank transfer staff saw arrive, against one invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField(help_text="The day the money reached CEP's account.")
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="In euros, as on the bank statement, e.g. 625.00."
    )
    reference = models.CharField(max_length=100, help_text="The transfer's reference on the bank statement.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fees_payment_amount_positive"),
            # The same transfer recorded twice (two staff at once, a double click) is one payment.
            models.UniqueConstraint(
                fields=["invoice", "reference", "received_on", "amount"], name="fees_payment_recorded_once"
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.amount} on {self.received_on:%d %b %Y} ({self.reference})"

    @property
    def currency(self):
        return self.invoice.currency
