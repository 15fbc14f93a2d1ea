"""Payments staff record: they add up, an overpayment shows, and bad input changes nothing."""

import datetime
import threading
from decimal import Decimal

import pytest

from django.db import connections

from fees.models import Payment
from fees.services import FeeRefused, invoice_cancel, invoice_issue, payment_record
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.members.factories import MemberOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

FEB_3 = datetime.date(2027, 2, 3)


@pytest.fixture
def invoice(db):
    InvoicingSettingsFactory()
    FeeFactory(category="full", amount=Decimal("1250.00"))
    return invoice_issue(MemberOrganisationFactory(), renewal=RenewalFactory(), today=datetime.date(2027, 1, 15))


def pay(invoice, amount, reference="NL-TRF-0001", received_on=FEB_3):
    return payment_record(invoice, amount=Decimal(amount), received_on=received_on, reference=reference, by=None)


def test_partial_payments_add_up_and_an_overpayment_shows_as_owed_to_the_member(invoice):
    pay(invoice, "600.00", "NL-TRF-0001")
    assert invoice.balance == Decimal("650.00")
    pay(invoice, "650.00", "NL-TRF-0002")
    assert invoice.balance == Decimal("0.00")
    pay(invoice, "25.00", "NL-TRF-0003")
    assert invoice.balance == Decimal("-25.00")


@pytest.mark.parametrize(
    ("amount", "reference", "message"),
    [
        ("-100.00", "NL-TRF-0001", "A payment is an amount above zero"),
        ("0.00", "NL-TRF-0001", "A payment is an amount above zero"),
        ("100.00", "   ", "Give the transfer's reference"),
    ],
)
def test_a_payment_that_is_not_one_is_refused_and_nothing_is_stored(invoice, amount, reference, message):
    with pytest.raises(FeeRefused, match=message):
        pay(invoice, amount, reference)
    assert not Payment.objects.exists()


def test_a_payment_for_a_cancelled_invoice_is_refused(invoice):
    invoice_cancel(invoice, reason="Issued to the wrong member.", today=FEB_3)
    with pytest.raises(FeeRefused, match="is cancelled: record the payment against its replacement"):
        pay(invoice, "1250.00")
    assert not Payment.objects.exists()


def test_the_same_transfer_recorded_twice_is_one_payment(invoice):
    pay(invoice, "1250.00")
    with pytest.raises(
        FeeRefused, match=r"This payment \(EUR 1,250.00, NL-TRF-0001, 03 Feb 2027\) is recorded already"
    ):
        pay(invoice, "1250.00")
    assert Payment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_recording_the_same_transfer_at_once_make_one_payment(invoice):
    start = threading.Barrier(2)
    outcomes = []

    def record(person):
        try:
            start.wait()
            payment_record(invoice, amount=Decimal("1250.00"), received_on=FEB_3, reference="NL-TRF-0001", by=person)
            outcomes.append("recorded")
        except FeeRefused as refusal:
            outcomes.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(UserFactory(),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "This payment (EUR 1,250.00, NL-TRF-0001, 03 Feb 2027) is recorded already.",
        "recorded",
    ]
    assert Payment.objects.count() == 1
