"""The fee cycle (fees.cycle): a renewal invoices on its day, an unpaid invoice is reminded 30 and 60 days after
issue, each reminder once, a member still unpaid after the grace period lapses and loses the members' area at once,
and paying the invoice restores it."""

import datetime
from decimal import Decimal

import pytest

from django.conf import settings

from core.models import OutboxEmail
from fees.cycle import cycle_run
from fees.models import Invoice, InvoiceReminder
from fees.services import payment_record
from members.models import MembershipStatusChange
from members.services import members_group_sync, membership_lapse
from tests.members.factories import MemberOrganisationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

JAN_15 = datetime.date(2027, 1, 15)
# Issued 15 January, due 14 February; reminded 14 February and 16 March; lapses after 90 days' grace, 15 May.
FEB_14, MAR_16, MAY_15 = datetime.date(2027, 2, 14), datetime.date(2027, 3, 16), datetime.date(2027, 5, 15)


def day(date, days=0):
    return date + datetime.timedelta(days=days)


def member_with_contact(name, email, **fields):
    member = MemberOrganisationFactory(name=name, **fields)
    person = MembershipFactory(member=member, user__email=email).user
    members_group_sync([person.pk])  # as the approval of the member's application did
    return member


def mails(kind):
    return list(OutboxEmail.objects.filter(kind=kind).order_by("pk").values_list("to", "subject"))


def pay(invoice, amount, reference="NL-TRF-0001"):
    return payment_record(invoice, amount=Decimal(amount), received_on=day(JAN_15, 20), reference=reference, by=None)


@pytest.fixture
def flanders(renewal):
    return member_with_contact("Probation Service of Flanders", "director@flanders.example")


def test_the_renewal_invoices_on_its_day_and_not_before_nor_twice(renewal, flanders):
    assert cycle_run(day(JAN_15, -1)) == {"invoiced": 0, "reminded": 0, "lapsed": 0}

    assert cycle_run(JAN_15)["invoiced"] == 1
    assert cycle_run(JAN_15)["invoiced"] == 0
    (invoice,) = Invoice.objects.all()
    assert (invoice.number, invoice.member, invoice.issued_on) == ("2027-0001", flanders, JAN_15)
    assert mails("fees.invoice") == [("director@flanders.example", "CEP membership fee: invoice 2027-0001")]


def test_an_unpaid_invoice_is_reminded_30_and_60_days_after_issue_each_once(renewal, flanders):
    cycle_run(JAN_15)
    for today in (day(FEB_14, -1), FEB_14, FEB_14, day(MAR_16, -1), MAR_16, day(MAR_16, 10)):
        cycle_run(today)

    assert list(InvoiceReminder.objects.values_list("days_after_issue", flat=True).order_by("pk")) == [30, 60]
    assert (
        mails("fees.invoice-reminder")
        == [
            ("director@flanders.example", "Reminder: CEP membership fee, invoice 2027-0001"),
        ]
        * 2
    )
    second = OutboxEmail.objects.filter(kind="fees.invoice-reminder").last()
    assert "EUR 1,250.00 is still to pay, and was due on 14 February 2027" in " ".join(second.body.split())
    assert "If the fee is still unpaid on 15 May 2027, the membership lapses" in " ".join(second.body.split())
    assert second.attachments == [{"source": "fees.invoice", "id": Invoice.objects.get().pk}]


def test_a_paid_invoice_is_not_reminded_and_a_part_paid_one_is_for_what_is_left(renewal, flanders):
    member_with_contact("Probation Service of Latvia", "director@latvia.example")
    cycle_run(JAN_15)
    flanders_invoice, latvia_invoice = Invoice.objects.order_by("sequence")
    pay(flanders_invoice, "1250.00")
    pay(latvia_invoice, "1000.00")

    cycle_run(FEB_14)

    assert mails("fees.invoice-reminder") == [
        ("director@latvia.example", "Reminder: CEP membership fee, invoice 2027-0002"),
    ]
    body = " ".join(OutboxEmail.objects.get(kind="fees.invoice-reminder").body.split())
    assert "EUR 250.00 of EUR 1,250.00 is still to pay, by 14 February 2027" in body


def test_a_job_that_missed_both_days_sends_the_nearer_reminder_only(renewal, flanders):
    cycle_run(JAN_15)
    cycle_run(day(MAR_16, 3))
    cycle_run(day(MAR_16, 4))
    assert list(InvoiceReminder.objects.values_list("days_after_issue", flat=True)) == [60]


def test_an_unpaid_member_lapses_after_the_grace_period_audited_told_and_out_of_the_area(
    client, renewal, flanders, members_area
):
    cycle_run(JAN_15)
    person = flanders.memberships.get().user
    client.force_login(person)
    assert client.get(members_area.url).status_code == 200

    assert cycle_run(MAY_15)["lapsed"] == 0
    assert cycle_run(day(MAY_15, 1))["lapsed"] == 1
    assert cycle_run(day(MAY_15, 2))["lapsed"] == 0

    flanders.refresh_from_db()
    assert flanders.status == "lapsed"
    change = MembershipStatusChange.objects.filter(member=flanders).latest("changed_at")
    assert (change.from_status, change.to_status, change.changed_by) == ("confirmed", "lapsed", None)
    assert "invoice 2027-0001, EUR 1,250.00, was not paid within 90 days of its due date" in change.note
    assert mails("members.membership-lapsed") == [("director@flanders.example", "Your CEP membership has lapsed")]
    assert client.get(members_area.url).status_code == 403


def test_paying_the_invoice_in_full_restores_the_membership_and_the_area(client, renewal, flanders, members_area):
    cycle_run(JAN_15)
    cycle_run(day(MAY_15, 1))
    client.force_login(flanders.memberships.get().user)
    invoice = Invoice.objects.get()

    pay(invoice, "600.00")
    flanders.refresh_from_db()
    assert flanders.status == "lapsed"
    assert client.get(members_area.url).status_code == 403

    pay(invoice, "650.00", reference="NL-TRF-0002")
    flanders.refresh_from_db()
    assert flanders.status == "confirmed"
    assert client.get(members_area.url).status_code == 200
    change = MembershipStatusChange.objects.filter(member=flanders).latest("changed_at")
    assert (change.from_status, change.to_status, change.note) == ("lapsed", "confirmed", "Invoice 2027-0001 is paid.")
    assert mails("members.membership-restored") == [("director@flanders.example", "Your CEP membership is restored")]
    # Paid, it is neither reminded nor lapsed again.
    assert cycle_run(day(MAY_15, 30)) == {"invoiced": 0, "reminded": 0, "lapsed": 0}


def test_a_provisional_member_is_restored_as_provisional(renewal):
    member = member_with_contact("Probation Service of Malta", "director@malta.example", status="provisional")
    cycle_run(JAN_15)
    cycle_run(day(MAY_15, 1))
    pay(Invoice.objects.get(member=member), "1250.00")
    member.refresh_from_db()
    assert member.status == "provisional"


def test_a_member_lapsed_by_staff_meanwhile_is_neither_reminded_nor_lapsed_again(renewal, flanders):
    cycle_run(JAN_15)
    membership_lapse(flanders, by=None, note="Left CEP.")
    assert cycle_run(day(MAY_15, 1)) == {"invoiced": 0, "reminded": 0, "lapsed": 0}
    # Paying this invoice does not bring back a member who left for another reason.
    pay(Invoice.objects.get(), "1250.00")
    flanders.refresh_from_db()
    assert flanders.status == "lapsed"


def test_beat_runs_the_cycle_every_hour():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["fees.tasks.fee_cycle_run"].minute == {15}
    assert len(schedule["fees.tasks.fee_cycle_run"].hour) == 24
