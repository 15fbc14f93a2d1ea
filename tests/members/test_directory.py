"""The member directory: the public sees listed organisations without people; members and staff see contacts."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import image_create
from tests.members.factories import MemberOrganisationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/membership/directory/"


def directory(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def members(membership_page):
    """A listed member in each of two countries, and every kind of member the directory must leave out."""
    listed = MemberOrganisationFactory(
        name="Reclassering Nederland",
        country="NL",
        website="https://www.reclassering.nl",
        description="Probation across the Netherlands.",
    )
    MembershipFactory(
        member=listed,
        user=UserFactory(email="sanne.dejong@example.org", first_name="Sanne", last_name="de Jong"),
        role="main-contact",
        position="International officer",
    )
    MembershipFactory(member=listed, user=UserFactory(email="colleague@example.org"), role="staff")
    provisional = MemberOrganisationFactory(name="Estonian Probation", country="EE", status="provisional")
    MembershipFactory(member=provisional, user=UserFactory(email="kadri.tamm@example.org"))
    MemberOrganisationFactory(name="Unlisted Service", listed_in_directory=False)
    MemberOrganisationFactory(name="Waiting Service", status="applied")
    MemberOrganisationFactory(name="Former Service", status="lapsed")
    MemberOrganisationFactory(name="Refused Service", status="rejected")
    MemberOrganisationFactory(name="Marta Kowalska", kind="individual", membership_type="associate")
    return listed


def test_the_public_sees_listed_active_organisations_by_country_and_no_people(client, members):
    page = directory(client)
    assert [heading.get_text() for heading in page.select("main h2")] == ["Estonia", "Netherlands"]
    names = [heading.get_text(strip=True) for heading in page.select(".member-card__name")]
    assert names == ["Estonian Probation", "Reclassering Nederland"]
    text = page.get_text()
    assert "Probation across the Netherlands." in text
    assert page.select_one('a[href="https://www.reclassering.nl"]').get_text() == "Reclassering Nederland"
    assert "provisional, until the General Assembly confirms" in text
    assert "sanne.dejong@example.org" not in text and "Sanne" not in text
    assert not page.select(".member-card__contacts")
    assert "Members who log in also see" in text


def test_a_member_sees_the_main_contacts(client, members):
    member = UserFactory()
    MembershipFactory(user=member, member=MemberOrganisationFactory(status="confirmed", listed_in_directory=False))
    client.force_login(member)
    response = client.get(DIRECTORY)
    page = BeautifulSoup(response.content, "html.parser")
    contacts = page.select(".member-card__contacts li")
    texts = [contact.get_text(" ", strip=True) for contact in contacts]
    assert "Sanne de Jong, International officer: sanne.dejong@example.org" in texts
    # Staff of an organisation are members too, but not its contacts in the directory.
    assert "colleague@example.org" not in page.get_text()
    assert "private" in response["Cache-Control"]


def test_members_see_every_active_organisation_the_public_only_the_listed_ones(client, members):
    assert "Unlisted Service" not in directory(client).get_text()
    client.force_login(MembershipFactory(member=MemberOrganisationFactory(status="confirmed")).user)
    names = [heading.get_text(strip=True) for heading in directory(client).select(".member-card__name")]
    assert "Unlisted Service" in names
    assert "Refused Service" not in names and "Marta Kowalska" not in names


def test_staff_who_manage_members_see_the_contacts(client, members):
    staff = UserFactory(email="secretariat@cep-probation.org")
    group = Group.objects.create(name="Secretariat")
    group.permissions.add(Permission.objects.get(codename="view_memberorganisation"))
    staff.groups.add(group)
    client.force_login(staff)
    assert "sanne.dejong@example.org" in directory(client).get_text()


@pytest.mark.parametrize("status", ["applied", "lapsed", "rejected"])
def test_a_person_whose_membership_is_not_active_sees_no_people(client, members, status):
    person = MembershipFactory(member=MemberOrganisationFactory(status=status)).user
    client.force_login(person)
    assert "sanne.dejong@example.org" not in directory(client).get_text()


def test_the_directory_says_so_when_no_one_is_listed(client, membership_page):
    empty = directory(client).select_one("main div.empty-state")
    assert empty.select_one(".empty-state__title").get_text(strip=True) == "No member organisations are listed yet"


def test_country_chips_lead_to_each_country_and_logos_are_pictures(client, members):
    MemberOrganisationFactory(name="Probation Service Ireland", country="IE", logo=image_create("Irish logo"))
    page = directory(client)
    chips = page.select('nav.chips[aria-label="Countries"] a.chip')
    assert [(chip.get_text(" ", strip=True), chip["href"]) for chip in chips] == [
        ("Estonia (1)", "#country-estonia"),
        ("Ireland (1)", "#country-ireland"),
        ("Netherlands (1)", "#country-netherlands"),
    ]
    for chip in chips:
        assert page.find(id=chip["href"][1:]).get_text(strip=True) == chip.contents[0].strip()
    cards = {card.select_one(".member-card__name").get_text(strip=True): card for card in page.select(".member-card")}
    picture = cards["Probation Service Ireland"].select_one(".member-card__logo-frame picture")
    (webp,) = picture.select("source")
    assert webp["type"] == "image/webp"
    assert webp["srcset"].split()[0].endswith(".max-320x320.format-webp.webp")
    logo = picture.img
    assert logo["src"].startswith("/media/images/irish-logo.")
    assert logo["src"].endswith(".max-320x320.format-png.png")
    assert (logo["alt"], logo["loading"]) == ("", "lazy")
    assert cards["Reclassering Nederland"].select("picture, img") == []


def test_the_directory_only_answers_reads(client, membership_page):
    assert client.post(DIRECTORY).status_code == 405


def queries_for(client, path):
    client.get(path)  # makes the renditions of any new logos
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def add_members():
    countries = ["NL", "BE", "IE", "CZ", "EE", "ES", "NO"]
    made = []

    def add(count):
        for _ in range(count):
            number = len(made)
            member = MemberOrganisationFactory(
                country=countries[number % len(countries)],
                logo=image_create(f"Logo {number}") if number % 2 else None,
                status=["confirmed", "provisional"][number % 2],
            )
            MembershipFactory(member=member, role="main-contact")
            MembershipFactory(member=member, role="staff")
            made.append(member)

    return add


@pytest.mark.parametrize("visitor", ["public", "member"])
def test_query_count_does_not_grow_with_the_members(client, membership_page, add_members, record_property, visitor):
    if visitor == "member":
        client.force_login(MembershipFactory(member=MemberOrganisationFactory(listed_in_directory=False)).user)
    add_members(10)
    with_ten = queries_for(client, DIRECTORY)
    add_members(90)
    with_hundred = queries_for(client, DIRECTORY)
    record_property("queries", {"path": DIRECTORY, "visitor": visitor, "10 items": with_ten, "100 items": with_hundred})
    print(f"QUERIES {DIRECTORY} ({visitor}): {with_ten} with 10, {with_hundred} with 100")
    assert with_hundred == with_ten
