"""Where the core pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import StandardPage, VacancyIndexPage, VacancyPage
from home.models import HomePage


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_standard_pages(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_pages_nest_but_hold_nothing_else(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_vacancies_sit_in_their_index_under_the_home_page(self):
        self.assertAllowedParentPageTypes(VacancyIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(VacancyIndexPage, {VacancyPage})
        self.assertAllowedParentPageTypes(VacancyPage, {VacancyIndexPage})
        self.assertAllowedSubpageTypes(VacancyPage, set())
