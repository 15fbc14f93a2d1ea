"""The membership page: where it sits in the tree and what a visitor reads on it."""

import io

import pytest
from bs4 import BeautifulSoup

from wagtail.test.utils import WagtailPageTestCase

from core.models import StandardPage
from demo import site as site_content
from home.models import HomePage
from members.models import MembersAreaPage, MembershipPage
from tests.members.factories import MembershipPageFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_the_membership_page_sits_once_under_the_home_page_and_holds_the_members_area(self):
        self.assertCanCreateAt(HomePage, MembershipPage)
        self.assertCanNotCreateAt(StandardPage, MembershipPage)
        self.assertAllowedParentPageTypes(MembershipPage, {HomePage})
        self.assertAllowedSubpageTypes(MembershipPage, {MembersAreaPage})
        assert MembershipPage.max_count == 1


def test_the_page_shows_both_membership_types_with_their_entitlements_and_votes(client, membership_page):
    response = client.get("/membership/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Membership"
    types = page.select(".membership-type")
    assert [section.select_one("h3").get_text() for section in types] == ["Full members", "Associate members"]
    full, associate = (section.get_text(" ", strip=True) for section in types)
    assert "Public or non-profit bodies that provide probation." in full
    assert "Votes at the General Assembly." in full
    assert "universities and private persons" in associate
    assert "No vote at the General Assembly." in associate
    assert "without a vote" in associate
    entitlements = [item.get_text() for item in types[0].select(".membership-type__entitlements li")]
    assert "A vote at the General Assembly" in entitlements


def test_the_page_says_how_to_apply_and_links_to_the_directory(client, membership_page):
    page = BeautifulSoup(client.get("/membership/").content, "html.parser")
    how_to_apply = page.select_one('section[aria-labelledby="how-to-apply-heading"]')
    assert "meets in April and October" in how_to_apply.get_text()
    hero = page.select_one(".page-hero")
    assert hero.h1.get_text() == "Membership"
    buttons = [(link.get_text(strip=True), link["href"]) for link in hero.select("a.btn")]
    assert buttons == [("Apply online", "/membership/apply/"), ("Member directory", "/membership/directory/")]
    assert client.get("/membership/apply/").status_code == 200
    assert page.select_one(".membership-directory-link a")["href"] == "/membership/directory/"
    assert page.select_one(".membership-directory-link").get_text(strip=True) == "See the member directory"
    assert len(page.select("h1")) == 1


class TestRendering(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home, _about = site_content.load(io.StringIO())
        cls.page = MembershipPageFactory(parent=home)

    def test_the_page_and_its_directory_render(self):
        self.assertPageIsRenderable(self.page)
        self.assertPageIsRenderable(self.page, route_path="/directory/")
