"""The demo's membership fees: what a new install has of the year's renewal, its invoices and their payments."""

import datetime
import io
import re

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import OutboxEmail
from demo import fees as demo_fees
from fees.cycle import cycle_run
from fees.models import (
    Fee,
    FeeCategory,
    Invoice,
    InvoiceReminder,
    InvoicingSettings,
    Payment,
    Renewal,
    fee_category,
)
from members.models import MemberOrganisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def renewal_invoices():
    return list(Invoice.objects.filter(renewal=Renewal.objects.get()).select_related("member").order_by("sequence"))


def test_the_demo_has_the_years_schedule_renewal_and_ceps_details(full_demo_site):
    renewal = Renewal.objects.get()
    invoice_on = timezone.localdate() - datetime.timedelta(days=demo_fees.ISSUED_DAYS_AGO)
    year = invoice_on.year
    assert (renewal.year, renewal.invoice_on) == (year, invoice_on)
    assert renewal.grace_days == Renewal._meta.get_field("grace_days").default
    assert set(Fee.objects.filter(year=year).values_list("category", flat=True)) == set(FeeCategory.values)
    invoicing = InvoicingSettings.load()
    assert invoicing.seller_name == "Confederation of European Probation"
    assert "3503 RE Utrecht" in invoicing.seller_address
    assert "DEMO" in invoicing.iban


def test_every_active_member_has_its_invoice_numbered_without_gaps(full_demo_site):
    invoices = renewal_invoices()
    renewal = Renewal.objects.get()
    assert {invoice.member for invoice in invoices} == set(MemberOrganisation.objects.active())
    assert [invoice.number for invoice in invoices] == [
        f"{renewal.year}-{sequence:04d}" for sequence in range(1, len(invoices) + 1)
    ]
    for invoice in invoices:
        assert invoice.issued_on == renewal.invoice_on
        assert invoice.amount == Fee.objects.get(year=renewal.year, category=fee_category(invoice.member)).amount
    # E-mailed as every invoice is, and marked sent on its day: loading the demo sends nobody anything.
    emails = OutboxEmail.objects.filter(kind="fees.invoice")
    assert emails.count() == len(invoices)
    assert {email.status for email in emails} == {OutboxEmail.Status.SENT}


def test_some_invoices_are_paid_some_part_paid_and_some_overdue(full_demo_site):
    today = timezone.localdate()
    invoices = renewal_invoices()
    paid = [invoice for invoice in invoices if invoice.balance == 0]
    part_paid = [invoice for invoice in invoices if 0 < invoice.paid < invoice.amount]
    overdue = [invoice for invoice in invoices if invoice.paid == 0 and invoice.due_on < today]
    assert paid and part_paid and overdue
    assert len(paid) + len(part_paid) + len(overdue) == len(invoices)
    for payment in Payment.objects.select_related("invoice"):
        assert re.fullmatch(rf"CEP {payment.invoice.number} / \S.*", payment.reference)
        assert payment.invoice.issued_on < payment.received_on < today


def test_the_invoice_list_shows_them_to_a_superuser(client, full_demo_site):
    client.force_login(get_user_model().objects.create_superuser(email="treasurer@cep-probation.org", password="x"))
    response = client.get("/admin/fees/invoices/")
    assert response.status_code == 200
    rows = [
        " ".join(row.get_text().split()) for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
    ]
    for invoice in renewal_invoices():
        assert any(invoice.number in row and invoice.member_name in row for row in rows), invoice.number


def test_loading_the_fees_again_adds_nothing(full_demo_site):
    def counts():
        return [model.objects.count() for model in (Fee, Renewal, Invoice, Payment, OutboxEmail)]

    before = counts()
    output = io.StringIO()
    demo_fees.load(output)
    assert output.getvalue() == ""
    assert counts() == before


def test_the_unpaid_were_reminded_once_and_the_fee_cycle_has_nothing_left_to_do(full_demo_site):
    reminded = InvoiceReminder.objects.select_related("invoice")
    assert reminded and {reminder.days_after_issue for reminder in reminded} == {30}
    for reminder in reminded:
        paid_by_then = sum(
            payment.amount
            for payment in reminder.invoice.payments.all()
            if payment.received_on <= reminder.invoice.issued_on + datetime.timedelta(days=30)
        )
        assert paid_by_then < reminder.invoice.amount
        assert reminder.queued_at.date() == reminder.invoice.issued_on + datetime.timedelta(days=30)
    emails = OutboxEmail.objects.filter(kind="fees.invoice-reminder")
    assert {email.status for email in emails} == {OutboxEmail.Status.SENT}

    assert cycle_run() == {"invoiced": 0, "reminded": 0, "lapsed": 0}
