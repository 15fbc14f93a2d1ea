"""Where the projects pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage


class TestPageTree(WagtailPageTestCase):
    def test_the_project_index_sits_under_the_home_page_and_holds_only_projects(self):
        self.assertCanCreateAt(HomePage, ProjectIndexPage)
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})

    def test_a_project_sits_only_under_the_project_index_and_holds_nothing(self):
        self.assertCanCreateAt(ProjectIndexPage, ProjectPage)
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertAllowedParentPageTypes(ProjectPage, {ProjectIndexPage})
        self.assertAllowedSubpageTypes(ProjectPage, set())
