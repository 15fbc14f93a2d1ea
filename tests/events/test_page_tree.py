"""Where the events pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import StandardPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage


class TestEventPageTree(WagtailPageTestCase):
    def test_event_index_sits_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertCanNotCreateAt(Page, EventIndexPage)

    def test_events_sit_under_the_event_index_only_and_hold_nothing(self):
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertAllowedSubpageTypes(EventPage, set())
