"""A member's invoices on the account page of each of its people, and their PDF for them alone."""

import datetime
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fees.services import invoice_cancel, invoice_issue, payment_record
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.members.factories import MemberOrganisationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

JAN_15 = datetime.date(2027, 1, 15)


@pytest.fixture
def member(demo_site):
    InvoicingSettingsFactory()
    FeeFactory(category="full", amount=Decimal("1250.00"))
    return MemberOrganisationFactory(name="Probation Service of Flanders")


def person_of(member, role="staff"):
    return MembershipFactory(member=member, role=role).user


def yearly_invoice(member, year):
    FeeFactory(year=year, category="full")
    return invoice_issue(member, renewal=RenewalFactory(year=year), today=JAN_15)


def fees_section(client):
    response = client.get("/account/")
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").find(id="fees")
    return section and [" ".join(item.get_text().split()) for item in section.select("li")]


def test_each_person_of_the_member_sees_its_invoices_with_what_is_left_to_pay(client, member):
    invoice = invoice_issue(member, renewal=RenewalFactory(), today=JAN_15)
    payment_record(invoice, amount=Decimal("1000.00"), received_on=JAN_15, reference="TRF-1", by=None)
    client.force_login(person_of(member))

    assert fees_section(client) == [
        "Invoice 2027-0001, 15 January 2027: CEP membership fee 2027: Full member for Probation Service of Flanders, "
        "EUR 1,250.00. EUR 250.00 to pay by 14 February 2027, with the reference 2027-0001. "
        "Download invoice 2027-0001 (PDF)"
    ]


def test_a_paid_and_a_cancelled_invoice_say_so(client, member):
    cancelled = invoice_issue(member, renewal=RenewalFactory(), today=JAN_15)
    invoice_cancel(cancelled, reason="Wrong category.", today=JAN_15)
    paid = invoice_issue(member, renewal=RenewalFactory(), today=JAN_15)
    payment_record(paid, amount=Decimal("1250.00"), received_on=JAN_15, reference="TRF-1", by=None)
    client.force_login(person_of(member))

    states = fees_section(client)

    assert states[0].endswith("EUR 1,250.00. Paid. Download invoice 2027-0002 (PDF)")
    assert states[1].endswith("EUR 1,250.00. Cancelled by a credit note. Download invoice 2027-0001 (PDF)")


def test_the_pdf_is_theirs_alone(client, member):
    invoice = invoice_issue(member, renewal=RenewalFactory(), today=JAN_15)
    url = f"/account/invoices/{invoice.number}.pdf"

    assert client.get(url).status_code == 302  # to the login
    client.force_login(person_of(MemberOrganisationFactory()))
    assert client.get(url).status_code == 404
    assert fees_section(client) is None

    client.force_login(person_of(member))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Probation Service of Flanders" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_the_account_page_makes_as_many_queries_for_ten_invoices_as_for_two(client, member):
    person = person_of(member)
    client.force_login(person)
    years = iter(range(2020, 2030))
    for _ in range(2):
        yearly_invoice(member, next(years))
    client.get("/account/")
    with CaptureQueriesContext(connection) as few:
        client.get("/account/")
    for _ in range(8):
        yearly_invoice(member, next(years))
    with CaptureQueriesContext(connection) as many:
        assert len(fees_section(client)) == 10
    assert len(many) == len(few)
