"""Where the contact pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.test.utils import WagtailPageTestCase

from core.models import ContactPage, StandardPage
from home.models import HomePage


class TestContactPageTree(WagtailPageTestCase):
    def test_the_contact_page_sits_under_the_home_page_and_holds_nothing(self):
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanNotCreateAt(StandardPage, ContactPage)
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, set())
