"""The fees in the admin, as the Membership secretary uses them: the invoices, a payment, a credit note."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import EDITORS, MEMBERSHIP_SECRETARY, roles_sync
from fees.cycle import cycle_run
from fees.models import CreditNote, Invoice, Payment
from fees.services import invoice_issue, renewal_invoice
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.members.factories import MemberOrganisationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

INVOICES = "/admin/fees/invoices/"


def staff(client, role):
    roles_sync()
    person = UserFactory()
    person.groups.set([Group.objects.get(name=role)])
    client.force_login(person)
    return person


def invoices(count):
    InvoicingSettingsFactory()
    FeeFactory(category="full", amount=Decimal("1250.00"))
    renewal = RenewalFactory()
    return [
        invoice_issue(MemberOrganisationFactory(), renewal=renewal, today=datetime.date(2027, 1, 15))
        for _ in range(count)
    ]


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def pay(client, invoice, amount, reference="NL-TRF-0001", received_on="2027-02-03"):
    return client.post(
        f"{INVOICES}pay/{invoice.pk}/", {"amount": amount, "received_on": received_on, "reference": reference}
    )


def test_the_secretary_records_part_payments_and_sees_what_is_left(client):
    (invoice,) = invoices(1)
    secretary = staff(client, MEMBERSHIP_SECRETARY)

    response = pay(client, invoice, "1 000,00")

    assert response.status_code == 302
    assert Payment.objects.get().recorded_by == secretary
    page = text(client.get(f"{INVOICES}inspect/{invoice.pk}/"))
    assert "Paid EUR 1,000.00 of EUR 1,250.00: EUR 250.00 still to pay, due 14 February 2027." in page
    assert pay(client, invoice, "300", reference="NL-TRF-0002").status_code == 302
    assert "Overpaid: CEP owes the member EUR 50.00." in text(client.get(f"{INVOICES}inspect/{invoice.pk}/"))


@pytest.mark.parametrize("amount", ["1.250,00", "twelve hundred", "-100", "12,5,0", ""])
def test_an_amount_in_the_wrong_format_is_explained_and_nothing_is_recorded(client, amount):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)

    response = pay(client, invoice, amount)

    assert response.status_code == 400
    assert "e.g. 1250.00" in text(response) or "This field is required." in text(response)
    assert not Payment.objects.exists()


def test_the_same_transfer_twice_is_refused_with_a_message(client):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)
    pay(client, invoice, "1250.00")

    response = pay(client, invoice, "1250.00")

    assert response.status_code == 409
    assert "is recorded already" in text(response)
    assert Payment.objects.count() == 1


def test_a_credit_note_cancels_the_invoice_and_no_payment_is_taken_for_it_afterwards(client):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)

    response = client.post(f"{INVOICES}cancel/{invoice.pk}/", {"reason": "Issued to the wrong member."})

    assert response.status_code == 302
    note = CreditNote.objects.get()
    page = text(client.get(f"{INVOICES}inspect/{invoice.pk}/"))
    assert f"Cancelled by credit note {note.number}" in page and "Record a payment" not in page
    assert pay(client, invoice, "1250.00").status_code == 409
    assert not Payment.objects.exists()


def test_invoices_are_never_typed_in_and_are_not_the_editors_business(client):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)
    assert client.get(f"{INVOICES}new/").status_code == 404
    assert client.get(f"{INVOICES}edit/{invoice.pk}/").status_code == 404
    staff(client, EDITORS)
    assert client.get(INVOICES).status_code == 302  # the admin's refusal: back to the dashboard
    refused = pay(client, invoice, "1250.00")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert client.post(f"{INVOICES}cancel/{invoice.pk}/", {"reason": "Mine now"}).status_code == 302
    assert not Payment.objects.exists() and not CreditNote.objects.exists()


def test_the_invoice_list_makes_as_many_queries_for_30_invoices_as_for_3(client):
    invoices(3)
    staff(client, MEMBERSHIP_SECRETARY)
    client.get(INVOICES)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INVOICES).status_code == 200
    invoices(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(INVOICES)
    assert response.status_code == 200 and "2027-0030" in text(response)
    assert len(many) == len(few)


def test_the_invoice_page_adds_up_the_payments_once(client):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)
    pay(client, invoice, "1000.00")
    pay(client, invoice, "250.00", reference="NL-TRF-0002")

    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(f"{INVOICES}inspect/{invoice.pk}/"))

    assert "Paid in full." in page
    sums = [query["sql"] for query in queries if "SUM(" in query["sql"].upper()]
    assert len(sums) == 1, sums


def test_the_accountant_gets_the_filtered_invoices_as_csv_with_what_is_paid_and_left(client):
    first, second = invoices(2)
    staff(client, MEMBERSHIP_SECRETARY)
    pay(client, first, "1000.00")

    response = client.get(INVOICES, {"year": 2027, "export": "csv"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Invoice,Issued,Due,Member,Member's VAT number,Description,Currency,Amount,Paid,Left to pay,Status"
    )
    assert rows[1].startswith(f"2027-0002,2027-01-15,2027-02-14,{second.member_name},,")
    assert rows[1].endswith(",EUR,1250.00,0.00,1250.00,Issued")
    assert rows[2].endswith(",EUR,1250.00,1000.00,250.00,Issued")


@time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_the_secretary_invoices_a_member_who_joined_after_the_renewal(client):
    (invoice,) = invoices(1)
    renewal = invoice.renewal
    renewal_invoice(renewal)  # the renewal has run: everyone is invoiced
    staff(client, MEMBERSHIP_SECRETARY)
    newcomer = MemberOrganisationFactory(name="Probation Service of Cyprus", status="provisional")

    listing = client.get("/admin/fees/renewals/")
    assert f"/admin/fees/renewals/invoice/{renewal.pk}/" in listing.content.decode()
    page = text(client.get(f"/admin/fees/renewals/invoice/{renewal.pk}/"))
    assert "1 active member has no 2027 invoice yet" in page
    assert "Probation Service of Cyprus (Full member, provisional)" in page

    response = client.post(f"/admin/fees/renewals/invoice/{renewal.pk}/", follow=True)

    assert "1 invoice issued and e-mailed." in text(response)
    assert (Invoice.objects.get(member=newcomer).number, Invoice.objects.get(member=newcomer).issued_on) == (
        "2027-0002",
        datetime.date(2027, 4, 1),
    )
    assert "Every active member has its 2027 invoice." in text(
        client.get(f"/admin/fees/renewals/invoice/{renewal.pk}/")
    )


def test_a_member_without_a_fee_for_the_year_is_left_open_until_the_fee_is_set(client):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)
    MemberOrganisationFactory(name="Ana Pereira", kind="individual", membership_type="associate")

    response = client.post(f"/admin/fees/renewals/invoice/{invoice.renewal.pk}/", follow=True)

    assert "1 member could not be invoiced: add the 2027 fee for their category" in text(response)
    invoice.renewal.refresh_from_db()
    assert invoice.renewal.invoiced_at is None
    FeeFactory(category="associate-individual", amount=Decimal("75.00"))
    assert cycle_run(datetime.date(2027, 1, 16))["invoiced"] == 1
    invoice.renewal.refresh_from_db()
    assert invoice.renewal.invoiced_at is not None


def test_an_editor_cannot_run_a_renewal(client):
    (invoice,) = invoices(1)
    staff(client, EDITORS)
    MemberOrganisationFactory()
    assert client.post(f"/admin/fees/renewals/invoice/{invoice.renewal.pk}/").status_code in (302, 403)
    assert Invoice.objects.count() == 1


def test_the_invoice_shows_its_reminders_and_the_lapse_it_caused(client):
    (invoice,) = invoices(1)
    MembershipFactory(member=invoice.member)
    for day in (datetime.date(2027, 2, 14), datetime.date(2027, 3, 16), datetime.date(2027, 5, 16)):
        cycle_run(day)
    staff(client, MEMBERSHIP_SECRETARY)

    page = text(client.get(f"{INVOICES}inspect/{invoice.pk}/"))

    assert "Reminders 30 days after issue, e-mailed on" in page and "60 days after issue, e-mailed on" in page
    assert f"The membership of {invoice.member_name} lapsed for this invoice on" in page
    assert "Amount EUR 1,250.00" in page


def test_a_renewal_with_invoices_keeps_its_year(client):
    (invoice,) = invoices(1)
    staff(client, MEMBERSHIP_SECRETARY)
    renewal = invoice.renewal

    response = client.post(
        f"/admin/fees/renewals/edit/{renewal.pk}/", {"year": 2028, "invoice_on": "2027-01-15", "grace_days": 60}
    )

    assert response.status_code == 200
    assert "The 2027 invoices are issued: add a new renewal for 2028 instead." in text(response)
    renewal.refresh_from_db()
    assert (renewal.year, renewal.grace_days) == (2027, 90)
    response = client.post(
        f"/admin/fees/renewals/edit/{renewal.pk}/", {"year": 2027, "invoice_on": "2027-01-15", "grace_days": 60}
    )
    assert response.status_code == 302
