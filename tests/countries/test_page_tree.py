"""Where Probation in Europe's pages may be created, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.test.utils import WagtailPageTestCase

from countries.models import CountryIndexPage, CountryPage
from home.models import HomePage


class TestPageTree(WagtailPageTestCase):
    def test_profiles_sit_in_the_one_country_index_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, CountryIndexPage)
        self.assertAllowedParentPageTypes(CountryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CountryIndexPage, {CountryPage})
        self.assertAllowedParentPageTypes(CountryPage, {CountryIndexPage})
        self.assertAllowedSubpageTypes(CountryPage, set())
        assert CountryIndexPage.max_count == 1
