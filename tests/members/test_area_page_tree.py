"""Where the members area pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.test.utils import WagtailPageTestCase

from members.area import MembersAreaPage, MembersCallPage
from members.models import MembershipPage


class TestPageTree(WagtailPageTestCase):
    def test_the_area_sits_once_under_the_membership_page_and_holds_calls(self):
        self.assertCanCreateAt(MembershipPage, MembersAreaPage)
        self.assertAllowedParentPageTypes(MembersAreaPage, {MembershipPage})
        self.assertAllowedSubpageTypes(MembersAreaPage, {MembersCallPage})
        self.assertAllowedParentPageTypes(MembersCallPage, {MembersAreaPage})
        self.assertAllowedSubpageTypes(MembersCallPage, set())
        assert MembersAreaPage.max_count == 1
