"""The demo's membership page and members: what a new install shows."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group

from members.models import MEMBERS_GROUP_NAME, MemberOrganisation, Membership, MembershipApplication, MembershipPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def test_the_demo_has_the_membership_page_with_both_types(client, full_demo_site):
    page = MembershipPage.objects.child_of(full_demo_site).get()
    assert page.live and page.slug == "membership"
    assert [block.value["name"] for block in page.membership_types] == ["Full members", "Associate members"]
    assert [block.value["votes"] for block in page.membership_types] == [True, False]
    html = BeautifulSoup(client.get("/membership/").content, "html.parser").get_text()
    assert "The Board meets in April and October" in html
    assert "provisional access" in html


def test_the_demo_has_members_across_countries_in_every_stage(full_demo_site):
    members = MemberOrganisation.objects.all()
    assert 8 <= members.count() <= 10
    assert members.values("country").distinct().count() >= 8
    statuses = list(members.values_list("status", flat=True))
    assert statuses.count("provisional") == 1 and statuses.count("applied") == 1
    assert statuses.count("confirmed") >= 6
    individual = members.get(kind="individual")
    assert individual.membership_type == "associate"
    assert individual.memberships.get().role == "individual"
    assert members.filter(kind="organisation", membership_type="associate").exists()
    # The waiting and the provisional members came through an application with a statute.
    for application in MembershipApplication.objects.select_related("member"):
        assert application.member.status in ("applied", "provisional")
        assert application.statute.read().startswith(b"%PDF-")


def test_demo_people_cannot_log_in_and_have_example_addresses(full_demo_site):
    for membership in Membership.objects.select_related("user"):
        assert membership.user.email.endswith("@example.org")
        assert not membership.user.has_usable_password()


def test_the_members_group_holds_the_people_of_active_members_only(full_demo_site):
    in_group = set(Group.objects.get(name=MEMBERS_GROUP_NAME).user_set.values_list("email", flat=True))
    assert "sanne.dejong@example.org" in in_group  # confirmed
    assert "kadri.tamm@example.org" in in_group  # provisional
    assert "ingrid.hansen@example.org" not in in_group  # applied


def test_the_demo_directory_lists_the_listed_organisations_by_country(client, full_demo_site):
    page = BeautifulSoup(client.get("/membership/directory/").content, "html.parser")
    names = [name.get_text(strip=True) for name in page.select(".member-card__name")]
    assert "Reclassering Nederland" in names
    assert "Kriminalomsorgen (Norwegian Correctional Service)" not in names  # still applying
    assert "Community Justice Scotland" not in names  # chose not to be listed
    assert "Marta Kowalska" not in names  # individuals are never listed
    assert page.select(".member-card__logo")
