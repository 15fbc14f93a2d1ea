"""A person who erases their account: the invoices of their individual membership stay for the accounts, without
their name, address and VAT number; an organisation's invoices stay as they are. Their download includes them."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from fees.contributions import ERASED_NAME
from fees.models import CreditNote, Invoice, Payment
from fees.pdf import invoice_pdf
from fees.services import invoice_cancel, invoice_issue, payment_record
from members.erasure import account_erase
from members.models import MemberOrganisation
from members.personal_data import personal_data_export
from tests.members.factories import MemberOrganisationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

JAN_15 = datetime.date(2027, 1, 15)


@pytest.fixture
def individual(renewal):
    member = MemberOrganisationFactory(
        name="Ana Pereira",
        kind="individual",
        membership_type="associate",
        billing_address="Rua das Flores 12\n1200-195 Lisboa",
        vat_number="PT123456789",
    )
    MembershipFactory(member=member, user__email="ana.pereira@example.pt")
    return member


def test_erasing_a_private_member_keeps_the_invoices_without_the_name(renewal, individual):
    person = individual.memberships.get().user
    wrong = invoice_issue(individual, renewal=renewal, today=JAN_15)
    invoice_cancel(wrong, reason="Issued before the address changed.", today=JAN_15)
    invoice = invoice_issue(individual, renewal=renewal, today=JAN_15)
    payment_record(invoice, amount=Decimal("75.00"), received_on=JAN_15, reference="PEREIRA FEE 2027", by=None)
    organisation = MemberOrganisationFactory(name="Probation Service of Flanders")
    MembershipFactory(member=organisation, user=person, role="staff")
    organisation_invoice = invoice_issue(organisation, renewal=renewal, today=JAN_15)

    account_erase(user=person)

    assert not MemberOrganisation.objects.filter(pk=individual.pk).exists()
    kept = Invoice.objects.filter(member=None).order_by("sequence")
    assert [(kept.number, kept.amount, kept.status) for kept in kept] == [
        ("2027-0001", Decimal("75.00"), "cancelled"),
        ("2027-0002", Decimal("75.00"), "issued"),
    ]
    for document in [*kept, CreditNote.objects.get()]:
        assert (document.member_name, document.billing_address, document.vat_number) == (ERASED_NAME, "", "")
    assert Payment.objects.get().invoice.number == "2027-0002"
    printed = PdfReader(io.BytesIO(invoice_pdf(kept[1]))).pages[0].extract_text()
    assert "Pereira" not in printed and "Lisboa" not in printed and "2027-0002" in printed
    organisation_invoice.refresh_from_db()
    assert (organisation_invoice.member, organisation_invoice.member_name) == (organisation, organisation.name)


def test_the_download_of_a_private_members_data_includes_their_invoices(renewal, individual):
    person = individual.memberships.get().user
    invoice = invoice_issue(individual, renewal=renewal, today=JAN_15)
    payment_record(invoice, amount=Decimal("25.00"), received_on=JAN_15, reference="PEREIRA PART", by=None)

    (exported,) = personal_data_export(person, registration_url=lambda registration: "")["invoices"]

    assert exported["number"] == "2027-0001"
    assert exported["member_name"] == "Ana Pereira"
    assert exported["billing_address"] == "Rua das Flores 12\n1200-195 Lisboa"
    assert (exported["amount"], exported["paid"], exported["status"]) == ("EUR 75.00", "EUR 25.00", "Issued")
