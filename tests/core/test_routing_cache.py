"""Wagtail's routing comes from the cache (core/routing.py), yet every change to the tree shows on the next request.

Pages are cached at the edge only (docs/caching.md), so each request is routed and rendered from the routing cache.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from core.page_cache import content_generation
from core.routing import route_key
from tests.core.factories import StandardPageFactory, publish
from tests.events.factories import EventIndexPageFactory
from tests.members.factories import UserFactory
from tests.news.factories import NewsIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(demo_site):
    return publish(StandardPageFactory(parent=demo_site, title="Our history", slug="history"))


def test_a_routed_page_is_served_from_the_cache_without_the_routing_queries(client, about):
    with CaptureQueriesContext(connection) as first:
        assert client.get("/history/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/history/").status_code == 200

    assert len(second) < len(first)
    assert "Our history" in client.get("/history/").content.decode()


def test_a_page_changed_and_published_shows_at_the_next_request(client, about):
    client.get("/history/")

    about.title = "Our long history"
    publish(about)

    assert "Our long history" in client.get("/history/").content.decode()


def test_an_unpublished_page_is_not_found_at_the_next_request(client, about):
    assert client.get("/history/").status_code == 200

    about.unpublish()

    assert client.get("/history/").status_code == 404


def test_a_renamed_page_moves_to_its_new_address(client, about):
    assert client.get("/history/").status_code == 200

    about.slug = "our-history"
    publish(about)

    assert client.get("/history/").status_code == 404
    assert "Our history" in client.get("/our-history/").content.decode()


def test_a_moved_page_is_found_under_its_new_parent(client, demo_site, about):
    section = publish(StandardPageFactory(parent=demo_site, title="Who we are", slug="who-we-are"))
    assert client.get("/history/").status_code == 200

    about.move(section, pos="last-child")

    # Not served from the old route: Wagtail's redirect from the old address, made on the move, answers.
    assert client.get("/history/")["Location"] == "/who-we-are/history/"
    assert client.get("/who-we-are/history/").status_code == 200


def test_a_page_published_where_there_was_none_is_found(client, demo_site):
    assert client.get("/history/").status_code == 404
    assert client.get("/history/").status_code == 404

    publish(StandardPageFactory(parent=demo_site, title="Our history", slug="history"))

    assert client.get("/history/").status_code == 200


def test_sub_routes_of_routable_pages_still_resolve(client, demo_site):
    publish(EventIndexPageFactory(parent=demo_site, slug="events"))
    publish(NewsIndexPageFactory(parent=demo_site, slug="news"))

    for _ in range(2):
        assert client.get("/events/").status_code == 200
        assert client.get("/events/past/").status_code == 200
        assert client.get("/events/calendar/")["Content-Type"].startswith("text/calendar")
        assert client.get("/news/feed/")["Content-Type"].startswith("application/rss+xml")
        assert client.get("/events/no-such-route/").status_code == 404


def test_a_login_restricted_page_shown_to_a_member_still_refuses_an_anonymous_visitor(client, about):
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(UserFactory())
    assert client.get("/history/").status_code == 200

    client.logout()
    response = client.get("/history/")

    assert response.status_code == 302
    assert "/history/" in response["Location"]


def test_a_preview_shows_the_draft_not_the_routed_page(client, about):
    client.get("/history/")
    about.title = "A draft title"

    response = about.make_preview_request()

    assert "A draft title" in response.content.decode()
    assert "A draft title" not in client.get("/history/").content.decode()


def test_the_key_is_per_host_and_generation(rf):
    request = rf.get("/history/", HTTP_HOST="localhost")
    other_host = rf.get("/history/", HTTP_HOST="example.org")

    assert route_key(request, "history/") != route_key(other_host, "history/")
    assert str(content_generation()) in route_key(request, "history/")
