"""Invoices and credit notes: numbered without gaps per year, never changed once issued, one per member and renewal."""

import datetime
import threading
from decimal import Decimal

import pytest

from django.db import connections, transaction

from fees.models import CreditNote, Invoice
from fees.services import FeeRefused, invoice_cancel, invoice_issue, payment_record, renewal_invoice
from tests.fees.factories import RenewalFactory
from tests.members.factories import MemberOrganisationFactory

pytestmark = pytest.mark.django_db

JAN_15 = datetime.date(2027, 1, 15)


def test_a_renewal_invoices_every_active_member_its_categorys_fee_with_numbers_in_order(renewal):
    full = MemberOrganisationFactory(name="Probation Service of Flanders", status="confirmed")
    associate = MemberOrganisationFactory(name="Restorative Justice Network", membership_type="associate")
    individual = MemberOrganisationFactory(
        name="Ilse Peeters", kind="individual", membership_type="associate", status="provisional"
    )
    MemberOrganisationFactory(status="applied")
    MemberOrganisationFactory(status="lapsed")

    made = renewal_invoice(renewal, today=JAN_15)

    assert [(invoice.number, invoice.member_name, invoice.amount) for invoice in made] == [
        ("2027-0001", "Probation Service of Flanders", Decimal("1250.00")),
        ("2027-0002", "Restorative Justice Network", Decimal("600.00")),
        ("2027-0003", "Ilse Peeters", Decimal("75.00")),
    ]
    assert {invoice.member for invoice in made} == {full, associate, individual}
    assert made[0].due_on == datetime.date(2027, 2, 14)
    assert made[0].description == "CEP membership fee 2027: Full member"
    assert made[0].seller.splitlines()[:2] == ["Confederation of European Probation", "Postbus 8215"]
    renewal.refresh_from_db()
    assert renewal.invoiced_at is not None


def test_running_the_renewal_again_invoices_nobody_twice(renewal):
    MemberOrganisationFactory.create_batch(3)
    renewal_invoice(renewal, today=JAN_15)
    late_member = MemberOrganisationFactory()

    again = renewal_invoice(renewal, today=JAN_15)

    assert [invoice.member for invoice in again] == [late_member]
    assert list(Invoice.objects.order_by("sequence").values_list("number", flat=True)) == [
        "2027-0001", "2027-0002", "2027-0003", "2027-0004",
    ]  # fmt: skip


def test_numbers_start_again_each_year_and_a_rolled_back_issue_gives_its_number_back(renewal):
    member = MemberOrganisationFactory()
    late = invoice_issue(member, renewal=renewal, today=datetime.date(2026, 12, 30))
    with pytest.raises(RuntimeError), transaction.atomic():
        invoice_issue(MemberOrganisationFactory(), renewal=renewal, today=JAN_15)
        raise RuntimeError("the mail could not be queued")
    first_of_year = invoice_issue(MemberOrganisationFactory(), renewal=renewal, today=JAN_15)

    assert (late.number, first_of_year.number) == ("2026-0001", "2027-0001")


def test_an_issued_invoice_keeps_the_details_it_was_issued_with(renewal):
    member = MemberOrganisationFactory(
        name="Probation Service of Flanders", billing_address="Kerkstraat 1\n1000 Brussels", vat_number="BE0123456789"
    )
    invoice = invoice_issue(member, renewal=renewal, today=JAN_15)
    member.name, member.billing_address, member.vat_number = "Renamed", "Elsewhere", ""
    member.save()

    invoice.refresh_from_db()
    assert (invoice.member_name, invoice.billing_address, invoice.vat_number) == (
        "Probation Service of Flanders",
        "Kerkstraat 1\n1000 Brussels",
        "BE0123456789",
    )


def test_no_fee_for_the_year_gives_a_clear_refusal_and_no_invoice(renewal):
    member = MemberOrganisationFactory()
    with pytest.raises(FeeRefused, match="There is no 2028 fee for full members yet."):
        invoice_issue(member, renewal=RenewalFactory(year=2028), today=JAN_15)
    assert not Invoice.objects.exists()


def test_a_credit_note_cancels_an_invoice_once_and_numbers_in_its_own_series(renewal):
    invoice = invoice_issue(MemberOrganisationFactory(), renewal=renewal, today=JAN_15)

    note = invoice_cancel(invoice, reason="The member left before the year began.", today=JAN_15)

    assert (note.number, note.amount, note.member_name) == ("CN-2027-0001", invoice.amount, invoice.member_name)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    with pytest.raises(FeeRefused, match="is cancelled already"):
        invoice_cancel(invoice, reason="Again", today=JAN_15)
    assert CreditNote.objects.count() == 1
    # Its place in the renewal is free for a replacement invoice.
    assert invoice_issue(invoice.member, renewal=renewal, today=JAN_15).number == "2027-0002"


def test_an_invoice_with_payments_or_without_a_reason_is_not_cancelled(renewal):
    invoice = invoice_issue(MemberOrganisationFactory(), renewal=renewal, today=JAN_15)
    with pytest.raises(FeeRefused, match="Say why"):
        invoice_cancel(invoice, reason="  ", today=JAN_15)
    payment_record(invoice, amount=Decimal("100.00"), received_on=JAN_15, reference="TRF-1", by=None)
    with pytest.raises(FeeRefused, match="has payments"):
        invoice_cancel(invoice, reason="Wrong amount", today=JAN_15)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED and not CreditNote.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_invoices_issued_at_once_by_several_workers_get_every_number_once(renewal):
    members = MemberOrganisationFactory.create_batch(12)
    start = threading.Barrier(4)
    errors = []

    def issue(share):
        try:
            start.wait()
            for member in share:
                invoice_issue(member, renewal=renewal, today=JAN_15)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(members[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 13))
