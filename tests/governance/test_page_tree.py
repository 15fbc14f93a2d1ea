"""Where the governance pages may be created, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection (tests/conftest.py)."""

from wagtail.test.utils import WagtailPageTestCase

from governance.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    GeneralAssemblyIndexPage,
    GeneralAssemblyPage,
    GovernancePage,
)
from home.models import HomePage


class TestPageTree(WagtailPageTestCase):
    def test_the_governance_page_sits_once_under_home_and_holds_the_assemblies_and_the_reports(self):
        self.assertCanCreateAt(HomePage, GovernancePage)
        self.assertAllowedParentPageTypes(GovernancePage, {HomePage})
        self.assertAllowedSubpageTypes(GovernancePage, {GeneralAssemblyIndexPage, AnnualReportIndexPage})
        pairs = [(GeneralAssemblyIndexPage, GeneralAssemblyPage), (AnnualReportIndexPage, AnnualReportPage)]
        for index, child in pairs:
            self.assertAllowedParentPageTypes(index, {GovernancePage})
            self.assertAllowedSubpageTypes(index, {child})
            self.assertAllowedParentPageTypes(child, {index})
            self.assertAllowedSubpageTypes(child, set())
            assert index.max_count == 1
        assert GovernancePage.max_count == 1
