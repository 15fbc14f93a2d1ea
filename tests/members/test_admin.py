"""Staff manage members, applications and people in the admin; the decisions are actions that call the services."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.core import mail

from members import services
from members.models import MEMBERS_GROUP_NAME, MemberOrganisation, MembershipStatusChange
from tests.members.factories import (
    MemberOrganisationFactory,
    MembershipApplicationFactory,
    MembershipFactory,
    UserFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/admin/membership/organisations/"
APPLICATIONS = "/admin/membership/applications/"
PEOPLE = "/admin/membership/people/"


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def some_members():
    return {
        "nl": MemberOrganisationFactory(name="Reclassering Nederland", country="NL", status="confirmed"),
        "ee": MemberOrganisationFactory(name="Estonian Probation", country="EE", status="provisional"),
        "uni": MemberOrganisationFactory(
            name="University of Glasgow", country="GB", membership_type="associate", status="confirmed"
        ),
        "no": MemberOrganisationFactory(name="Kriminalomsorgen", country="NO", status="applied"),
    }


@pytest.fixture
def application(applicant, organisation_data):
    return services.application_submit(applicant, data=organisation_data, statute=pdf_upload())


def listed_names(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {
        cell.get_text(strip=True) for cell in page.select("table.listing tbody td.title a, td.title .title-wrapper")
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def in_members_group(user) -> bool:
    return Group.objects.get(name=MEMBERS_GROUP_NAME).user_set.filter(pk=user.pk).exists()


# ---------------------------------------------------------------------------
# Listings, filters, export
# ---------------------------------------------------------------------------


def test_staff_list_member_organisations_and_filter_them(admin_client, some_members):
    html = admin_client.get(ORGANISATIONS).content.decode()
    for name in ["Reclassering Nederland", "Estonian Probation", "University of Glasgow", "Kriminalomsorgen"]:
        assert name in html
    provisional = admin_client.get(ORGANISATIONS, {"status": "provisional"}).content.decode()
    assert "Estonian Probation" in provisional and "Reclassering Nederland" not in provisional
    associates = admin_client.get(ORGANISATIONS, {"membership_type": "associate"}).content.decode()
    assert "University of Glasgow" in associates and "Kriminalomsorgen" not in associates
    norway = admin_client.get(ORGANISATIONS, {"country": "NO"}).content.decode()
    assert "Kriminalomsorgen" in norway and "Estonian Probation" not in norway
    found = admin_client.get(ORGANISATIONS, {"q": "glasgow"}).content.decode()
    assert "University of Glasgow" in found and "Reclassering Nederland" not in found


def test_the_csv_export_lists_the_filtered_members_with_their_main_contacts(admin_client, some_members):
    MembershipFactory(
        member=some_members["nl"],
        user=UserFactory(email="sanne.dejong@example.org", first_name="Sanne", last_name="de Jong"),
        role="main-contact",
    )
    MembershipFactory(member=some_members["nl"], user=UserFactory(email="staff@example.org"), role="staff")
    response = admin_client.get(ORGANISATIONS, {"export": "csv", "status": "confirmed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="cep-member-organisations.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["Name"] for row in rows} == {"Reclassering Nederland", "University of Glasgow"}
    dutch = next(row for row in rows if row["Name"] == "Reclassering Nederland")
    assert (dutch["Kind"], dutch["Membership type"], dutch["Status"], dutch["Country"]) == (
        "Organisation",
        "Full member",
        "Confirmed",
        "Netherlands",
    )
    assert dutch["Main contacts"] == "Sanne de Jong"
    assert dutch["Main contacts' e-mail addresses"] == "sanne.dejong@example.org"


def test_staff_list_applications_and_people(admin_client, application):
    assert "Estonian Prison Service – Probation Department" in admin_client.get(APPLICATIONS).content.decode()
    pending = admin_client.get(APPLICATIONS, {"decision": "pending"}).content.decode()
    assert "Estonian Prison Service" in pending
    assert "Estonian Prison Service" not in admin_client.get(APPLICATIONS, {"decision": "rejected"}).content.decode()
    people = admin_client.get(PEOPLE).content.decode()
    assert "applicant@example.org" in people
    export = admin_client.get(PEOPLE, {"export": "csv", "member__status": "applied"})
    assert "applicant@example.org" in b"".join(export.streaming_content).decode()


def test_staff_inspect_an_application_and_download_its_statute(admin_client, application):
    page = admin_client.get(f"{APPLICATIONS}inspect/{application.pk}/").content.decode()
    assert "To learn from probation services across Europe." in page
    assert "Approve (provisional access)" in page
    download = admin_client.get(f"{APPLICATIONS}statute/{application.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def test_opening_an_action_only_asks_for_confirmation(admin_client, application):
    for action in ["approve", "reject", "confirm"]:
        response = admin_client.get(f"{APPLICATIONS}{action}/{application.pk}/")
        assert response.status_code == 200
    assert "Reason" in admin_client.get(f"{APPLICATIONS}reject/{application.pk}/").content.decode()
    application.member.refresh_from_db()
    assert application.member.status == "applied"
    assert MembershipStatusChange.objects.count() == 1


def test_staff_approve_an_application(admin_client, application, applicant, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{APPLICATIONS}approve/{application.pk}/", follow=True)
    assert response.status_code == 200
    assert any("is now a provisional member" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.member.status == "provisional"
    assert application.decided_by == staff
    assert [message.to for message in mail.outbox] == [["applicant@example.org"]]
    assert in_members_group(applicant)


def test_rejecting_without_a_reason_shows_the_form_again(admin_client, application):
    response = admin_client.post(f"{APPLICATIONS}reject/{application.pk}/", {"reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    application.member.refresh_from_db()
    assert application.member.status == "applied"


def test_staff_reject_an_application_with_a_reason(admin_client, application, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"{APPLICATIONS}reject/{application.pk}/", {"reason": "Not a probation organisation."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.member.status, application.rejection_reason) == ("rejected", "Not a probation organisation.")
    assert "Not a probation organisation." in mail.outbox[0].body


def test_staff_confirm_a_provisional_member_after_the_general_assembly(admin_client, application, staff):
    services.application_approve(application, by=staff)
    member = application.member
    response = admin_client.post(f"{ORGANISATIONS}confirm/{member.pk}/", {"note": "General Assembly 2026, Riga."})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "confirmed"
    assert member.status_changes.latest("pk").note == "General Assembly 2026, Riga."


def test_staff_lapse_a_member(admin_client, some_members):
    contact = MembershipFactory(member=some_members["nl"]).user
    services.members_group_sync([contact])
    response = admin_client.post(f"{ORGANISATIONS}lapse/{some_members['nl'].pk}/", {"note": "Fees unpaid."})
    assert response.status_code == 302
    assert MemberOrganisation.objects.get(pk=some_members["nl"].pk).status == "lapsed"
    assert not in_members_group(contact)


def test_an_action_the_rules_refuse_is_a_message_not_an_error_page(admin_client, application):
    response = admin_client.post(f"{APPLICATIONS}confirm/{application.pk}/", follow=True)
    assert response.status_code == 200
    assert any("cannot become confirmed" in message for message in messages_of(response))
    application.member.refresh_from_db()
    assert application.member.status == "applied"


def test_the_listing_offers_only_the_actions_the_status_allows(admin_client, some_members):
    html = admin_client.get(ORGANISATIONS).content.decode()
    assert f"{ORGANISATIONS}confirm/{some_members['ee'].pk}/" in html
    assert f"{ORGANISATIONS}confirm/{some_members['nl'].pk}/" not in html
    assert f"{ORGANISATIONS}lapse/{some_members['nl'].pk}/" in html
    assert f"{ORGANISATIONS}lapse/{some_members['no'].pk}/" not in html


# ---------------------------------------------------------------------------
# Editing members and their people
# ---------------------------------------------------------------------------


def edit_form_data(member, people):
    data = {
        "name": member.name,
        "kind": member.kind,
        "country": member.country,
        "membership_type": member.membership_type,
        "website": member.website,
        "description": member.description,
        "listed_in_directory": "on",
        "memberships-TOTAL_FORMS": str(len(people)),
        "memberships-INITIAL_FORMS": str(sum(1 for person in people if person.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for number, person in enumerate(people):
        data.update(
            {
                f"memberships-{number}-id": person.get("id", ""),
                f"memberships-{number}-user": person["user"],
                f"memberships-{number}-role": person.get("role", "staff"),
                f"memberships-{number}-position": "",
                f"memberships-{number}-DELETE": "on" if person.get("delete") else "",
            }
        )
    return data


def test_adding_and_removing_a_person_in_the_admin_keeps_the_members_group_in_step(admin_client, some_members):
    member = some_members["nl"]
    person = UserFactory(email="new.colleague@example.org")
    response = admin_client.post(f"{ORGANISATIONS}edit/{member.pk}/", edit_form_data(member, [{"user": person.pk}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert in_members_group(person)

    membership = member.memberships.get()
    removal = edit_form_data(member, [{"id": membership.pk, "user": person.pk, "delete": True}])
    response = admin_client.post(f"{ORGANISATIONS}edit/{member.pk}/", removal)
    assert response.status_code == 302
    assert not member.memberships.exists()
    assert not in_members_group(person)


def test_deleting_a_member_takes_its_people_out_of_the_members_group(admin_client, some_members):
    person = MembershipFactory(member=some_members["nl"]).user
    services.members_group_sync([person])
    assert admin_client.get(f"{ORGANISATIONS}delete/{some_members['nl'].pk}/").status_code == 200
    assert admin_client.post(f"{ORGANISATIONS}delete/{some_members['nl'].pk}/").status_code == 302
    assert not MemberOrganisation.objects.filter(pk=some_members["nl"].pk).exists()
    assert not in_members_group(person)


def test_editing_a_member_never_changes_its_status(admin_client, some_members):
    member = some_members["ee"]
    data = {**edit_form_data(member, []), "status": "confirmed"}
    assert admin_client.post(f"{ORGANISATIONS}edit/{member.pk}/", data).status_code == 302
    member.refresh_from_db()
    assert member.status == "provisional"


def test_the_edit_and_inspect_views_show_the_status_history(admin_client, application, staff):
    services.application_approve(application, by=staff)
    member_pk = application.member.pk
    for url in [f"{ORGANISATIONS}edit/{member_pk}/", f"{ORGANISATIONS}inspect/{member_pk}/"]:
        page = BeautifulSoup(admin_client.get(url).content, "html.parser")
        rows = [row.get_text(" ", strip=True) for row in page.select("table.listing tbody tr")]
        assert any("Applied Provisional secretariat@cep-probation.org" in row for row in rows), url


def test_staff_enter_an_existing_member_at_its_status(admin_client):
    form = BeautifulSoup(admin_client.get(f"{ORGANISATIONS}new/").content, "html.parser")
    offered = [option["value"] for option in form.select('select[name="status"] option') if option["value"]]
    assert offered == ["applied", "provisional", "confirmed"]
    person = UserFactory(email="existing@example.org")
    data = {
        **edit_form_data(
            MemberOrganisation(
                name="Probation Service of Malta", kind="organisation", country="MT", membership_type="full"
            ),
            [{"user": person.pk, "role": "main-contact"}],
        ),
        "status": "confirmed",
    }
    response = admin_client.post(f"{ORGANISATIONS}new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    member = MemberOrganisation.objects.get(name="Probation Service of Malta")
    assert member.status == "confirmed" and member.confirmed_at is not None
    log = member.status_changes.get()
    assert (log.from_status, log.to_status, log.note) == ("", "confirmed", "Entered by staff in the admin.")
    assert in_members_group(person)


def test_an_individual_cannot_be_entered_as_a_full_member(admin_client):
    data = {
        **edit_form_data(
            MemberOrganisation(name="Marta Kowalska", kind="individual", country="PL", membership_type="full"), []
        ),
        "status": "confirmed",
    }
    response = admin_client.post(f"{ORGANISATIONS}new/", data)
    assert response.status_code == 200
    assert "Only organisations can be full members" in response.content.decode()
    assert not MemberOrganisation.objects.exists()


# ---------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------


def test_a_member_without_admin_access_gets_nothing(client, application):
    member = MembershipFactory(member=MemberOrganisationFactory(status="confirmed")).user
    client.force_login(member)
    for url in [ORGANISATIONS, APPLICATIONS, PEOPLE, f"{APPLICATIONS}statute/{application.pk}/"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Estonian Prison Service" not in response.content.decode()
    client.post(f"{APPLICATIONS}approve/{application.pk}/")
    application.member.refresh_from_db()
    assert application.member.status == "applied"


def test_an_anonymous_visitor_is_sent_to_the_login(client, application):
    response = client.post(f"{APPLICATIONS}approve/{application.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    application.member.refresh_from_db()
    assert application.member.status == "applied"


def test_an_editor_without_membership_permissions_cannot_decide(client, application):
    editor = UserFactory(email="editor@cep-probation.org")
    editors = Group.objects.create(name="Web editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    # The admin answers a missing permission with a redirect to its dashboard and a message.
    for response in [client.get(ORGANISATIONS), client.post(f"{APPLICATIONS}approve/{application.pk}/")]:
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == "/admin/"
    application.member.refresh_from_db()
    assert application.member.status == "applied"


def test_a_pending_application_offers_approval_in_the_listing(admin_client):
    application = MembershipApplicationFactory()
    assert f"{APPLICATIONS}approve/{application.pk}/" in admin_client.get(APPLICATIONS).content.decode()
