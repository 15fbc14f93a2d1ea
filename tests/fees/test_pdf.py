"""The invoice and credit note as PDF files, read back as an accountant's software would: number, member, amount."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from django.contrib.auth.models import Group

from core.roles import EDITORS, MEMBERSHIP_SECRETARY, roles_sync
from fees.pdf import credit_note_pdf, invoice_pdf
from fees.services import invoice_cancel, invoice_issue
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.members.factories import MemberOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(db):
    InvoicingSettingsFactory()
    FeeFactory(category="full", amount=Decimal("1250.00"))
    member = MemberOrganisationFactory(
        name="Służba Kuratorska – Sąd Okręgowy w Łodzi",
        billing_address="ul. Pomorska 37\n90-203 Łódź\nPoland",
        vat_number="PL7250012345",
    )
    return invoice_issue(member, renewal=RenewalFactory(), today=datetime.date(2027, 1, 15))


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_the_invoice_pdf_names_its_number_the_member_in_its_own_letters_and_the_amount(invoice):
    text = text_of(invoice_pdf(invoice))

    for printed in [
        "Invoice",
        "Number: 2027-0001",
        "Date: 15 January 2027",
        "Due: 14 February 2027",
        "Służba Kuratorska – Sąd Okręgowy w Łodzi",
        "90-203 Łódź",
        "VAT PL7250012345",
        "CEP membership fee 2027: Full member",
        "Total EUR 1,250.00",
        "IBAN NL91 ABNA 0417 1643 00, BIC ABNANL2A",
        "reference 2027-0001",
        "Confederation of European Probation",
        "Chamber of Commerce 40476749",
    ]:
        assert printed in text, printed


def test_the_same_invoice_gives_the_same_words_every_time(invoice):
    assert text_of(invoice_pdf(invoice)) == text_of(invoice_pdf(invoice))


def test_the_credit_note_pdf_names_the_invoice_it_cancels_and_why(invoice):
    note = invoice_cancel(invoice, reason="The member left before the year began.", today=datetime.date(2027, 2, 1))
    text = text_of(credit_note_pdf(note))
    for printed in ["Credit note", "Number: CN-2027-0001", "Cancels: 2027-0001", "The member left", "EUR 1,250.00"]:
        assert printed in text, printed


def test_the_secretary_downloads_it_and_an_editor_does_not(client, invoice):
    roles_sync()
    for role, expected in [(MEMBERSHIP_SECRETARY, 200), (EDITORS, 302)]:
        person = UserFactory()
        person.groups.set([Group.objects.get(name=role)])
        client.force_login(person)
        response = client.get(f"/admin/fees/invoices/pdf/{invoice.pk}/")
        assert response.status_code == expected, role
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(f"/admin/fees/invoices/pdf/{invoice.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cep-invoice-2027-0001.pdf"'
    assert "2027-0001" in text_of(response.content)
