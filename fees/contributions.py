"""What fees adds to other apps' pages: the "Membership fees" section of a member's account page, and the invoices in
a person's data (export and erasure)."""

from django.urls import reverse

from core.contributions import AccountPanel, PersonalData
from members.erasure import individual_members_of
from members.models import Membership

from .models import CreditNote, Invoice, money


def invoices_of(user):
    """The invoices of every member the person belongs to, newest first, with what is paid of each."""
    members = Membership.objects.filter(user=user).values("member_id")
    return Invoice.objects.with_paid().filter(member_id__in=members).order_by("-issued_on", "-sequence")


def account_panel(user) -> AccountPanel | None:
    invoices = list(invoices_of(user)) if user.is_authenticated else []
    if not invoices:
        return None
    for invoice in invoices:
        invoice.pdf_url = reverse("fees:invoice_pdf", args=[invoice.number])
    return AccountPanel(
        slug="fees",
        title="Membership fees",
        template="fees/includes/account_section.html",
        context={"fee_invoices": invoices},
        order=30,
    )


# What an invoice says instead of the name of a private person who erased their account.
ERASED_NAME = "Individual member (name erased at their request)"


def invoices_of_a_person():
    """The invoices of a person's individual memberships, which name the person: exported as theirs; on erasure
    they stay, for the accounts, without the person's name, address and VAT number. An organisation's invoices
    name the organisation and stay as they are."""

    def individual_invoices(user):
        members = individual_members_of(user).values("pk")
        return Invoice.objects.with_paid().filter(member__in=members).order_by("year", "sequence")

    def export(user, addresses):
        return [
            {
                "number": invoice.number,
                "issued_on": invoice.issued_on,
                "due_on": invoice.due_on,
                "member_name": invoice.member_name,
                "billing_address": invoice.billing_address,
                "vat_number": invoice.vat_number,
                "description": invoice.description,
                "amount": money(invoice.amount, invoice.currency),
                "paid": money(invoice.paid, invoice.currency),
                "status": invoice.get_status_display(),
            }
            for invoice in individual_invoices(user)
        ]

    def erase(user, addresses):
        invoices = list(individual_invoices(user).values_list("pk", flat=True))
        unnamed = {"member_name": ERASED_NAME, "billing_address": "", "vat_number": ""}
        CreditNote.objects.filter(invoice__in=invoices).update(**unnamed)
        # Unlinked from the member record, which the erasure deletes next.
        Invoice.objects.filter(pk__in=invoices).update(member=None, **unnamed)

    return PersonalData(key="invoices", export=export, erase=erase)
