"""Where the news pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import StandardPage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage


class TestNewsPageTree(WagtailPageTestCase):
    def test_news_index_sits_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)

    def test_news_items_sit_under_the_news_index_only_and_hold_nothing(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsPage)
        self.assertAllowedSubpageTypes(NewsPage, set())
