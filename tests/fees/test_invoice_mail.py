"""A renewal's invoice reaches the member's main contacts by e-mail, with its PDF, through the outbox."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from django.core import mail

from core.mail import emails_send
from core.models import OutboxEmail
from fees.services import renewal_invoice
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.members.factories import MemberOrganisationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_main_contact_gets_the_invoice_with_its_pdf_and_no_one_else():
    InvoicingSettingsFactory()
    FeeFactory(category="full", amount=Decimal("1250.00"))
    member = MemberOrganisationFactory(name="Probation Service of Flanders")
    for email, role in [("director@flanders.example", "main-contact"), ("staff@flanders.example", "staff")]:
        MembershipFactory(member=member, user=UserFactory(email=email), role=role)

    (invoice,) = renewal_invoice(RenewalFactory(), today=datetime.date(2027, 1, 15))
    emails_send(list(OutboxEmail.objects.filter(kind="fees.invoice").values_list("pk", flat=True)))

    (message,) = mail.outbox
    assert message.to == ["director@flanders.example"]
    assert message.subject == "CEP membership fee: invoice 2027-0001"
    assert "EUR 1,250.00, due on 14 February 2027" in message.body
    assert "giving the reference 2027-0001" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("cep-invoice-2027-0001.pdf", "application/pdf")
    printed = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "2027-0001" in printed and "Probation Service of Flanders" in printed and invoice.number in printed
