"""The fees panel of the dashboard: this year's invoicing, paid and owed, the overdue invoices; flat in queries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import EDITORS, MEMBERSHIP_SECRETARY, roles_sync
from fees.services import invoice_issue, payment_record
from tests.members.factories import MemberOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, role):
    roles_sync()
    person = UserFactory()
    person.groups.set([Group.objects.get(name=role)])
    client.force_login(person)


def panel_text(client):
    panel = BeautifulSoup(client.get("/admin/").content, "html.parser").find(id="cep_fees-section")
    return panel and " ".join(panel.get_text().split())


def invoices(count, renewal, day=None):
    return [invoice_issue(MemberOrganisationFactory(), renewal=renewal, today=day) for _ in range(count)]


@time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_the_secretary_sees_what_is_invoiced_paid_owed_and_overdue(client, renewal):
    first, second, third = invoices(3, renewal, datetime.date(2027, 1, 15))
    payment_record(first, amount=Decimal("1250.00"), received_on=datetime.date(2027, 2, 1), reference="A", by=None)
    payment_record(second, amount=Decimal("250.00"), received_on=datetime.date(2027, 2, 1), reference="B", by=None)
    log_in(client, MEMBERSHIP_SECRETARY)

    text = panel_text(client)

    assert "3 invoices issued in 2027" in text
    assert "EUR 1,500.00 paid of EUR 3,750.00" in text
    assert "EUR 2,250.00 still owed" in text
    assert f"{second.number} {second.member_name} 14 Feb 2027 EUR 1,000.00" in text
    assert f"{third.number} {third.member_name} 14 Feb 2027 EUR 1,250.00" in text
    assert first.number not in text


def test_an_editor_has_no_fees_panel(client, renewal):
    log_in(client, EDITORS)
    assert panel_text(client) is None


def test_the_panel_makes_as_many_queries_for_twenty_invoices_as_for_three(client, renewal):
    invoices(3, renewal)
    log_in(client, MEMBERSHIP_SECRETARY)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    invoices(17, renewal)
    with CaptureQueriesContext(connection) as many:
        assert "20 invoices issued in" in panel_text(client)
    assert len(many) == len(few)
