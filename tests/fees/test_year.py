"""A whole membership year, in frozen time, on a real Celery worker over Redis, against PostgreSQL and a real SMTP
server on loopback: the secretary sets the fee schedule and the renewal in the admin, the renewal invoices on its
day, one member pays, the other is reminded twice, lapses after the grace period and pays, and is restored.

Run locally with:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/cep_fees REDIS_URL=redis://127.0.0.1:6379/5 \\
    .venv/bin/pytest --create-db tests/fees/test_year.py
"""

import datetime
import io

import pytest
import time_machine
from pypdf import PdfReader

from django.contrib.auth.models import Group

from core.roles import MEMBERSHIP_SECRETARY, roles_sync
from fees.models import Fee, Invoice, Renewal
from fees.tasks import fee_cycle_run
from members.services import members_group_sync
from tests.fees.factories import InvoicingSettingsFactory
from tests.helpers import wait_for
from tests.members.factories import MemberOrganisationFactory, MembershipFactory, UserFactory
from tests.processes import wait_until_idle

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

FLANDERS, LATVIA = "director@flanders.example", "director@latvia.example"


def at(month, day, hour=9):
    return datetime.datetime(2027, month, day, hour, tzinfo=datetime.UTC)


def member_with_contact(name, email):
    member = MemberOrganisationFactory(name=name, billing_address=f"{name}\nMain Street 1")
    person = MembershipFactory(member=member, user__email=email).user
    members_group_sync([person.pk])
    return member, person


def attached_pdf_text(message) -> str:
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    return PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()


def test_a_whole_year_of_fees_on_a_real_worker(client, smtp_sink, real_broker, worker, members_area):
    def cycle_on(month, day):
        traveller.move_to(at(month, day))
        fee_cycle_run.delay()
        wait_until_idle(real_broker)

    def area_status(person):
        # Logged in afresh: a session from weeks ago has expired.
        client.force_login(person)
        return client.get(members_area.url).status_code

    def mail_to(address):
        return [(message["Subject"], message) for message in smtp_sink.to(address)]

    with time_machine.travel(at(1, 4), tick=True) as traveller:
        InvoicingSettingsFactory()
        flanders, _director = member_with_contact("Probation Service of Flanders", FLANDERS)
        latvia, latvian = member_with_contact("State Probation Service of Latvia", LATVIA)
        roles_sync()
        secretary = UserFactory(email="secretariat@cep-probation.org")
        secretary.groups.set([Group.objects.get(name=MEMBERSHIP_SECRETARY)])
        client.force_login(secretary)

        # 4 January: the secretary sets the year's fees and the renewal's day in the admin.
        for category, amount in [("full", "1250.00"), ("associate-organisation", "600.00")]:
            response = client.post(
                "/admin/fees/schedule/new/", {"year": 2027, "category": category, "amount": amount, "due_days": 30}
            )
            assert response.status_code == 302, response.content.decode()[:2000]
        response = client.post(
            "/admin/fees/renewals/new/", {"year": 2027, "invoice_on": "2027-01-15", "grace_days": 90}
        )
        assert response.status_code == 302
        assert Fee.objects.count() == 2 and Renewal.objects.get().invoiced_at is None

        cycle_on(1, 14)
        assert not Invoice.objects.exists()

        # 15 January: the renewal invoices both members, each e-mailed its invoice with the PDF.
        cycle_on(1, 15)
        wait_for(lambda: len(smtp_sink.received) >= 2)
        ((subject, message),) = mail_to(LATVIA)
        latvia_invoice = Invoice.objects.get(member=latvia)
        assert subject == f"CEP membership fee: invoice {latvia_invoice.number}"
        printed = attached_pdf_text(message)
        assert latvia_invoice.number in printed and "State Probation Service of Latvia" in printed
        assert "EUR 1,250.00" in printed

        # 3 February: Flanders pays; the secretary records the transfer.
        traveller.move_to(at(2, 3))
        flanders_invoice = Invoice.objects.get(member=flanders)
        client.force_login(secretary)
        response = client.post(
            f"/admin/fees/invoices/pay/{flanders_invoice.pk}/",
            {"amount": "1250,00", "received_on": "2027-02-03", "reference": f"FLANDERS {flanders_invoice.number}"},
        )
        assert response.url == f"/admin/fees/invoices/inspect/{flanders_invoice.pk}/"

        # 14 February and 16 March: Latvia, unpaid, is reminded 30 and 60 days after issue; Flanders is not.
        for month, day in [(2, 14), (2, 15), (3, 16), (3, 17)]:
            cycle_on(month, day)
        wait_for(lambda: len(smtp_sink.received) >= 4)

        # 15 May is the last day of the 90 days' grace after 14 February; on the 16th Latvia lapses.
        assert area_status(latvian) == 200
        cycle_on(5, 15)
        latvia.refresh_from_db()
        assert latvia.status == "confirmed"
        cycle_on(5, 16)
        wait_for(lambda: len(smtp_sink.received) >= 5)
        latvia.refresh_from_db()
        assert latvia.status == "lapsed"
        assert area_status(latvian) == 403

        # 1 June: Latvia pays; recording it restores the membership and the area.
        traveller.move_to(at(6, 1))
        client.force_login(secretary)
        response = client.post(
            f"/admin/fees/invoices/pay/{latvia_invoice.pk}/",
            {"amount": "1250.00", "received_on": "2027-06-01", "reference": "LV PROBATION FEE 2027"},
        )
        assert response.url == f"/admin/fees/invoices/inspect/{latvia_invoice.pk}/"
        wait_for(lambda: len(smtp_sink.received) >= 6)
        assert area_status(latvian) == 200
        cycle_on(6, 2)
        cycle_on(12, 31)

    assert [subject for subject, _message in mail_to(FLANDERS)] == [
        f"CEP membership fee: invoice {flanders_invoice.number}"
    ]
    assert [subject for subject, _message in mail_to(LATVIA)] == [
        f"CEP membership fee: invoice {latvia_invoice.number}",
        f"Reminder: CEP membership fee, invoice {latvia_invoice.number}",
        f"Reminder: CEP membership fee, invoice {latvia_invoice.number}",
        "Your CEP membership has lapsed",
        "Your CEP membership is restored",
    ]
    reminders = [message for subject, message in mail_to(LATVIA) if subject.startswith("Reminder")]
    assert all(latvia_invoice.number in attached_pdf_text(message) for message in reminders)
    latvia.refresh_from_db()
    assert latvia.status == "confirmed"
    assert list(latvia.status_changes.values_list("to_status", flat=True).order_by("changed_at")) == [
        "lapsed",
        "confirmed",
    ]
    assert len(smtp_sink.received) == 6
