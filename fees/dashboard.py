"""The fees panel on the CEP dashboard (core/dashboard.py): this year's invoicing, what is paid and still owed, and
the overdue invoices, oldest first."""

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.permissions import policy_registry

from core.dashboard import Cell, DashboardPanel, Figure

from .models import ZERO, Invoice, money

NOTHING = Value(ZERO, output_field=DecimalField(max_digits=12, decimal_places=2))


class FeesPanel(DashboardPanel):
    name = "cep_fees"
    heading = "Membership fees"
    order = 120
    columns = ("Overdue invoice", "Member", "Due", "Left to pay")
    empty = "No invoice is overdue."
    LIMIT = 8

    def __init__(self):
        self.today = timezone.localdate()

    def figures(self):
        index = reverse("fees_invoices:index")
        year = self.today.year
        totals = (
            Invoice.objects.with_paid()
            .filter(status=Invoice.Status.ISSUED, year=year)
            .aggregate(
                invoiced=Coalesce(Sum("amount"), NOTHING), paid=Coalesce(Sum("paid_total"), NOTHING), count=Count("pk")
            )
        )
        if not totals["count"]:
            return [Figure("None", f"invoiced in {year} yet", reverse("fees_renewals:index"))]
        return [
            Figure(totals["count"], f"invoices issued in {year}", f"{index}?year={year}"),
            Figure(money(totals["paid"]), f"paid of {money(totals['invoiced'])}"),
            Figure(money(totals["invoiced"] - totals["paid"]), "still owed", f"{index}?year={year}&status=issued"),
        ]

    def rows(self):
        overdue = Invoice.objects.unpaid().filter(due_on__lt=self.today).order_by("due_on", "sequence")[: self.LIMIT]
        return [
            [
                Cell(invoice.number, reverse("fees_invoices:inspect", args=[invoice.pk])),
                Cell(invoice.member_name),
                Cell(date_format(invoice.due_on, "j M Y")),
                Cell(money(invoice.balance, invoice.currency)),
            ]
            for invoice in overdue
        ]

    def links(self):
        return [("All invoices", reverse("fees_invoices:index"))]


def fees_panel(request, panels) -> None:
    if policy_registry.get_by_type(Invoice).user_has_any_permission(request.user, ["view", "change"]):
        panels.append(FeesPanel())
