"""A page's database queries must not grow with the content it shows or links to."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from demo.site import navigation_include
from tests.core.factories import StandardPageFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def grow_the_site(home, count):
    """More pages, all of them in the menu and footer, and a longer About Us page."""
    pages = []
    for number in range(count):
        page = StandardPageFactory(parent=home, title=f"Section {number}", slug=f"section-{number}")
        page.save_revision().publish()
        pages.append(page)
    site = Site.objects.get(is_default_site=True)
    navigation_include(site, pages)
    navigation_include(site, pages, field="footer_links")


@pytest.mark.parametrize("path", ["/", "/about-us/", "/search/?q=probation"])
def test_query_count_stays_the_same_as_the_site_grows(client, demo_site, path):
    client.get(path)  # the first request fills Wagtail's per-site caches
    with_demo_content = queries_for(client, path)
    grow_the_site(demo_site, 10)
    client.get(path)
    assert queries_for(client, path) == with_demo_content


HOME_PAGE_QUERY_BUDGET = 15


@pytest.mark.parametrize("site_fixture", ["demo_site", "full_demo_site"])
def test_the_home_page_takes_at_most_15_queries_for_a_visitor_and_for_a_member(client, request, site_fixture):
    # Pages are cached at the edge only, so every request renders the page.
    request.getfixturevalue(site_fixture)
    client.get("/")  # the first request fills the caches of the menus and the home sections
    assert queries_for(client, "/") <= HOME_PAGE_QUERY_BUDGET
    client.force_login(UserFactory())
    client.get("/")
    assert queries_for(client, "/") <= HOME_PAGE_QUERY_BUDGET
