"""What fees adds to other apps' pages: the "Membership fees" section of a member's account page."""

from django.urls import reverse

from core.contributions import AccountPanel
from members.models import Membership

from .models import Invoice


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
