"""Every membership transition: what it allows and refuses, the log row, the e-mail and the "Members" group."""

import pytest
import time_machine

from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from members import services
from members.models import (
    MEMBERS_GROUP_NAME,
    MemberOrganisation,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
)
from members.queries import members_of_user, user_is_member
from members.services import TransitionNotAllowed
from tests.members.factories import MemberOrganisationFactory, MembershipFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

BOARD_MEETING = "2026-04-15T08:00:00+00:00"
GENERAL_ASSEMBLY = "2026-10-08T13:00:00+00:00"


def in_members_group(user) -> bool:
    return Group.objects.get(name=MEMBERS_GROUP_NAME).user_set.filter(pk=user.pk).exists()


@pytest.fixture
def submitted(applicant, organisation_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(applicant, data=organisation_data, statute=pdf_upload())
    return application


def test_the_members_group_exists_after_migrating():
    assert Group.objects.filter(name=MEMBERS_GROUP_NAME).exists()


def test_applying_creates_an_applied_member_its_main_contact_and_the_application(submitted, applicant):
    member = submitted.member
    assert (member.name, member.kind, member.country, member.status) == (
        "Estonian Prison Service – Probation Department",
        "organisation",
        "EE",
        "applied",
    )
    assert member.applied_at is not None
    assert Membership.objects.get(member=member, user=applicant).role == "main-contact"
    assert submitted.statute.name.startswith("member-statutes/") and submitted.statute.name.endswith(".pdf")
    assert submitted.statute.read().startswith(b"%PDF-")
    log = MembershipStatusChange.objects.get(member=member)
    assert (log.from_status, log.to_status, log.changed_by) == ("", "applied", applicant)


def test_the_applicant_is_told_the_application_arrived_but_is_not_yet_a_member(submitted, applicant):
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["applicant@example.org"]
    assert "The Board considers applications at its meetings in April and October" in mail.outbox[0].body
    assert not user_is_member(applicant)
    assert not in_members_group(applicant)


def test_an_individual_applies_as_an_associate_without_a_statute(applicant, django_capture_on_commit_callbacks):
    data = {
        "applied_as": "individual",
        "membership_type": "associate",
        "country": "PL",
        "contact_name": "Kadri Tamm",
        "motivation": "I research probation.",
    }
    application = services.application_submit(applicant, data=data, statute=None)
    member = application.member
    assert (member.kind, member.name, member.membership_type) == ("individual", "Kadri Tamm", "associate")
    assert Membership.objects.get(member=member).role == "individual"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"applied_as": "individual", "membership_type": "full"}, "Only organisations can be full members"),
        ({"motivation": ""}, "motivation"),
        ({"membership_type": "honorary"}, "Not a kind or type of membership"),
    ],
)
def test_an_application_that_breaks_the_rules_is_refused(applicant, organisation_data, changes, message):
    with pytest.raises(ValidationError, match=message):
        services.application_submit(applicant, data={**organisation_data, **changes}, statute=pdf_upload())
    assert not MemberOrganisation.objects.exists()


def test_an_organisation_must_send_its_statute(applicant, organisation_data):
    with pytest.raises(ValidationError, match="statute"):
        services.application_submit(applicant, data=organisation_data, statute=None)
    assert not MembershipApplication.objects.exists()


def test_approving_gives_provisional_access_logs_who_and_when_and_emails_the_applicant(
    submitted, applicant, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with time_machine.travel(BOARD_MEETING), django_capture_on_commit_callbacks(execute=True):
        services.application_approve(submitted, by=staff)
    submitted.refresh_from_db()
    member = submitted.member
    assert member.status == "provisional"
    assert member.provisional_at.isoformat().startswith("2026-04-15T08:00")
    assert (submitted.decision, submitted.decided_by) == ("approved", staff)
    log = member.status_changes.latest("pk")
    assert (log.from_status, log.to_status, log.changed_by) == ("applied", "provisional", staff)
    assert log.changed_at == member.provisional_at
    assert [message.to for message in mail.outbox] == [["applicant@example.org"]]
    assert "provisional membership" in mail.outbox[0].body
    assert user_is_member(applicant) and in_members_group(applicant)


def test_an_application_is_approved_only_once(submitted, staff):
    services.application_approve(submitted, by=staff)
    with pytest.raises(TransitionNotAllowed, match="already decided"):
        services.application_approve(submitted, by=staff)
    assert MembershipStatusChange.objects.filter(to_status="provisional").count() == 1


def test_rejecting_needs_a_reason(submitted, staff):
    with pytest.raises(ValidationError, match="reason"):
        services.application_reject(submitted, by=staff, reason="   ")
    submitted.member.refresh_from_db()
    assert submitted.member.status == "applied"


def test_rejecting_logs_the_reason_and_tells_the_applicant(
    submitted, applicant, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(submitted, by=staff, reason="The organisation does not work in probation.")
    submitted.refresh_from_db()
    assert submitted.member.status == "rejected" and submitted.member.rejected_at is not None
    assert (submitted.decision, submitted.rejection_reason) == (
        "rejected",
        "The organisation does not work in probation.",
    )
    log = submitted.member.status_changes.first()
    assert (log.to_status, log.changed_by, log.note) == (
        "rejected",
        staff,
        "The organisation does not work in probation.",
    )
    assert mail.outbox[0].to == ["applicant@example.org"]
    assert "The organisation does not work in probation." in mail.outbox[0].body
    assert not in_members_group(applicant)


def test_the_general_assembly_can_still_refuse_a_provisional_member(submitted, applicant, staff):
    services.application_approve(submitted, by=staff)
    assert in_members_group(applicant)
    services.application_reject(submitted, by=staff, reason="The General Assembly voted against.")
    assert not in_members_group(applicant)
    assert not user_is_member(applicant)


def test_confirming_after_the_general_assembly_emails_the_main_contacts(
    submitted, applicant, staff, django_capture_on_commit_callbacks
):
    services.application_approve(submitted, by=staff)
    mail.outbox.clear()
    with time_machine.travel(GENERAL_ASSEMBLY), django_capture_on_commit_callbacks(execute=True):
        services.membership_confirm(submitted.member, by=staff)
    member = MemberOrganisation.objects.get(pk=submitted.member.pk)
    assert member.status == "confirmed"
    assert member.confirmed_at.date().isoformat() == "2026-10-08"
    assert [change.to_status for change in member.status_changes.order_by("pk")] == [
        "applied",
        "provisional",
        "confirmed",
    ]
    assert mail.outbox[0].to == ["applicant@example.org"]
    assert "has confirmed the membership" in mail.outbox[0].body
    assert in_members_group(applicant)


def test_only_a_provisional_member_can_be_confirmed(submitted, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionNotAllowed) as refusal:
        services.membership_confirm(submitted.member, by=staff)
    assert "is applied; it cannot become confirmed" in str(refusal.value)
    assert mail.outbox == []
    assert submitted.member.status_changes.count() == 1


@pytest.mark.parametrize("status", ["applied", "rejected", "lapsed"])
def test_a_member_that_is_not_active_cannot_lapse(status, staff):
    member = MemberOrganisationFactory(status=status)
    with pytest.raises(TransitionNotAllowed):
        services.membership_lapse(member, by=staff, note="Fees unpaid.")
    assert not member.status_changes.exists()


def test_lapsing_takes_members_access_away_from_everyone_of_the_member(staff, django_capture_on_commit_callbacks):
    member = MemberOrganisationFactory(status="confirmed")
    contact = MembershipFactory(member=member, role="main-contact").user
    colleague = MembershipFactory(member=member, role="staff").user
    services.members_group_sync([contact, colleague])
    assert in_members_group(contact) and in_members_group(colleague)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_lapse(member, by=staff, note="Fees for 2026 unpaid.")
    member.refresh_from_db()
    assert member.status == "lapsed" and member.lapsed_at is not None
    assert not in_members_group(contact) and not in_members_group(colleague)
    # Only the main contact is written to, with the note.
    assert [message.to for message in mail.outbox] == [[contact.email]]
    assert "Fees for 2026 unpaid." in mail.outbox[0].body
    log = member.status_changes.get()
    assert (log.from_status, log.to_status, log.changed_by, log.note) == (
        "confirmed",
        "lapsed",
        staff,
        "Fees for 2026 unpaid.",
    )


def test_a_transition_that_fails_sends_no_email_and_changes_nothing(
    submitted, staff, django_capture_on_commit_callbacks
):
    services.application_reject(submitted, by=staff, reason="Not eligible.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionNotAllowed):
        services.application_approve(submitted, by=staff)
    assert mail.outbox == []
    submitted.member.refresh_from_db()
    assert submitted.member.status == "rejected"


def test_a_person_in_two_members_stays_in_the_group_while_one_is_active(staff):
    person = UserFactory()
    lapsing = MembershipFactory(user=person, member=MemberOrganisationFactory(status="confirmed")).member
    MembershipFactory(user=person, member=MemberOrganisationFactory(status="provisional"))
    services.members_group_sync([person])
    services.membership_lapse(lapsing, by=staff)
    assert in_members_group(person) and user_is_member(person)
    assert members_of_user(person).count() == 2


@pytest.mark.parametrize(
    ("status", "in_group"),
    [("applied", False), ("provisional", True), ("confirmed", True), ("rejected", False), ("lapsed", False)],
)
def test_the_group_holds_provisional_and_confirmed_members_only(status, in_group):
    person = MembershipFactory(member=MemberOrganisationFactory(status=status)).user
    services.members_group_sync([person.pk])
    assert in_members_group(person) is in_group
    assert user_is_member(person) is in_group


def test_the_whole_group_can_be_rebuilt_from_the_memberships():
    member = MembershipFactory(member=MemberOrganisationFactory(status="confirmed")).user
    stray = UserFactory()
    Group.objects.get(name=MEMBERS_GROUP_NAME).user_set.add(stray)
    services.members_group_sync_all()
    assert in_members_group(member) and not in_members_group(stray)
