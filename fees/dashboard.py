"""The fees panel on the CEP dashboard (core/dashboard.py): this year's invoicing, what is paid and still owed, and
the overdue invoices, oldest first."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.permissions import policy_registry

from core.dashboard import Cell, DashboardPanel, Figure

from .models import Invoice, Payment

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))


def with_paid(invoices):
    """Invoices annotated with their payments' total, in one query whatever their number."""
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return invoices.annotate(paid_total=Coalesce(Subquery(paid), ZERO))


class FeesPanel(DashboardPanel):
    name = "cep_fees"
    heading = "Membership fees"
    order = 120
    columns = ("Overdue invoice", "Member", "Due", "Left to pay")
    empty = "No invoice is overdue."
    LIMIT = 8

    def __init__(self):
        self.today = timezone.localdate()
        self.issued = Invoice.objects.filter(status=Invoice.Status.ISSUED)

    def figures(self):
        index = reverse("fees_invoices:index")
        year = self.today.year
        totals = with_paid(self.issued.filter(year=year)).aggregate(
            invoiced=Coalesce(Sum("amount"), ZERO), paid=Coalesce(Sum("paid_total"), ZERO), count=Count("pk")
        )
        owed = totals["invoiced"] - totals["paid"]
        return [
            Figure(totals["count"], f"invoices issued in {year}", f"{index}?year={year}"),
            Figure(f"EUR {totals['paid']:,.2f}", f"paid of EUR {totals['invoiced']:,.2f}"),
            Figure(f"EUR {owed:,.2f}", "still owed", f"{index}?year={year}&status=issued"),
        ]

    def rows(self):
        overdue = (
            with_paid(self.issued.filter(due_on__lt=self.today))
            .filter(paid_total__lt=F("amount"))
            .order_by("due_on", "sequence")[: self.LIMIT]
        )
        return [
            [
                Cell(invoice.number, reverse("fees_invoices:inspect", args=[invoice.pk])),
                Cell(invoice.member_name),
                Cell(date_format(invoice.due_on, "j M Y")),
                Cell(f"{invoice.currency} {invoice.amount - invoice.paid_total:,.2f}"),
            ]
            for invoice in overdue
        ]

    def links(self):
        return [("All invoices", reverse("fees_invoices:index"))]


def fees_panel(request, panels) -> None:
    if policy_registry.get_by_type(Invoice).user_has_any_permission(request.user, ["view", "change"]):
        panels.append(FeesPanel())
