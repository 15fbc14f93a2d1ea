"""View restrictions still hold when pages are told apart by the cached restricted paths (core/visibility.py)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from tests.core.factories import StandardPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_page(demo_site):
    page = publish(StandardPageFactory(parent=demo_site, title="Board minutes", slug="board-minutes"))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_a_public_page_is_served_without_asking_for_view_restrictions(client, private_page):
    client.get("/about-us/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/about-us/").status_code == 200
    assert not [query for query in queries if "wagtailcore_pageviewrestriction" in query["sql"]]


def test_a_restricted_page_and_what_is_below_it_still_send_anonymous_visitors_to_log_in(client, private_page):
    below = publish(StandardPageFactory(parent=private_page, title="2026", slug="2026"))

    for page in (private_page, below):
        response = client.get(page.url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_an_alias_follows_the_restrictions_of_its_source_page(client, demo_site):
    source = publish(StandardPageFactory(parent=demo_site, title="Statute", slug="statute"))
    alias = source.create_alias(parent=demo_site, update_slug="statute-elsewhere")
    assert client.get(alias.url).status_code == 200

    # Wagtail checks an alias against its source's restrictions, so restricting the source restricts the alias.
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(alias.url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_restriction_added_later_applies_at_once(client, demo_site):
    page = publish(StandardPageFactory(parent=demo_site, title="Draft statute", slug="draft-statute"))
    assert client.get(page.url).status_code == 200

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(page.url).status_code == 302
