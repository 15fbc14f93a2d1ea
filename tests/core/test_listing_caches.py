"""The listings are kept in the cache (core/listing_cache.py), yet a publish or unpublish shows at the next request,
each filter and page is an entry of its own, and what is a member's own is never shared.

Pages are cached at the edge only (docs/caching.md), so each request renders the page from these cached parts.
"""

import datetime

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import NewsCategory
from news.queries import NEWS_PER_PAGE
from tests.core.factories import publish
from tests.events.factories import EventPageFactory, EventSeriesFactory, RegistrationFactory
from tests.members.factories import UserFactory
from tests.news.factories import NewsPageFactory
from tests.topics.factories import TopicIndexPageFactory, TopicPageFactory
from topics.models import TopicIndexPage

pytestmark = pytest.mark.django_db


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def topic(demo_site):
    topic_index = TopicIndexPage.objects.first() or publish(TopicIndexPageFactory(parent=demo_site))
    return publish(TopicPageFactory(parent=topic_index, title="Electronic monitoring", slug="electronic-monitoring"))


def upcoming(days=30) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


# ---------------------------------------------------------------------------
# The topic hub
# ---------------------------------------------------------------------------


def test_news_and_events_published_after_a_topic_was_shown_are_on_it_at_the_next_request(
    client, topic, news_index, event_index
):
    assert "Tagging in Europe" not in html(client, topic.url)

    publish(NewsPageFactory(parent=news_index, title="Tagging in Europe", topics=[topic]))
    publish(EventPageFactory(parent=event_index, title="Tagging webinar", start=upcoming(), topics=[topic]))

    page = html(client, topic.url)
    assert "Tagging in Europe" in page
    assert "Tagging webinar" in page


def test_news_unpublished_after_a_topic_was_shown_is_gone_from_it_at_the_next_request(client, topic, news_index):
    news = publish(NewsPageFactory(parent=news_index, title="Tagging in Europe", topics=[topic]))
    assert "Tagging in Europe" in html(client, topic.url)

    news.unpublish()

    assert "Tagging in Europe" not in html(client, topic.url)


def test_each_topic_lists_its_own_news(client, topic, news_index):
    other = publish(TopicPageFactory(parent=topic.get_parent(), title="Prisons", slug="prisons"))
    publish(NewsPageFactory(parent=news_index, title="Tagging in Europe", topics=[topic]))
    publish(NewsPageFactory(parent=news_index, title="Prison reform", topics=[other]))

    assert "Prison reform" not in html(client, topic.url)
    assert "Tagging in Europe" not in html(client, other.url)
    assert "Prison reform" in html(client, other.url)


# ---------------------------------------------------------------------------
# The news listing and a news item's related news
# ---------------------------------------------------------------------------


def test_news_published_or_unpublished_after_the_listing_was_shown_changes_it_at_the_next_request(client, news_index):
    assert "Breaking news" not in html(client, news_index.url)

    news = publish(NewsPageFactory(parent=news_index, title="Breaking news"))
    assert "Breaking news" in html(client, news_index.url)

    news.unpublish()
    assert "Breaking news" not in html(client, news_index.url)


def test_each_filter_of_the_news_listing_is_cached_apart(client, news_index):
    events_category = NewsCategory.objects.create(name="CEP events", slug="cep-events")
    publish(NewsPageFactory(parent=news_index, title="About an event", categories=[events_category]))
    publish(NewsPageFactory(parent=news_index, title="About something else"))

    assert "About something else" in html(client, news_index.url)
    filtered = html(client, f"{news_index.url}?category=cep-events")
    assert "About an event" in filtered
    assert "About something else" not in filtered
    # And the filtered entry did not replace the whole listing.
    assert "About something else" in html(client, news_index.url)


def test_each_page_of_the_news_listing_is_cached_apart(client, news_index):
    for day in range(1, NEWS_PER_PAGE + 2):
        publish(NewsPageFactory(parent=news_index, title=f"News of day {day:02}", date=datetime.date(2025, 1, day)))

    first, second = html(client, news_index.url), html(client, f"{news_index.url}?page=2")

    assert "News of day 13" in first and "News of day 01" not in first
    assert "News of day 01" in second and "News of day 13" not in second
    assert "Page 2 of 2" in second
    # Not a number, as before: the first page.
    assert "News of day 13" in html(client, f"{news_index.url}?page=last")
    # Past the end, as before: the last page.
    assert "News of day 01" in html(client, f"{news_index.url}?page=99")


def test_the_news_listing_runs_fewer_queries_from_the_cache(client, news_index):
    for _ in range(3):
        publish(NewsPageFactory(parent=news_index))
    with CaptureQueriesContext(connection) as cold:
        html(client, news_index.url)
    with CaptureQueriesContext(connection) as warm:
        html(client, news_index.url)

    assert len(warm) < len(cold)


def test_related_news_published_after_a_news_item_was_shown_is_on_it_at_the_next_request(client, topic, news_index):
    news = publish(NewsPageFactory(parent=news_index, title="Tagging in Europe", topics=[topic]))
    assert "Tagging in Asia" not in html(client, news.url)

    publish(NewsPageFactory(parent=news_index, title="Tagging in Asia", topics=[topic]))

    assert "Tagging in Asia" in html(client, news.url)


def test_a_category_renamed_after_a_news_item_was_shown_is_renamed_on_it_at_the_next_request(client, news_index):
    category = NewsCategory.objects.create(name="CEP events", slug="cep-events")
    news = publish(NewsPageFactory(parent=news_index, title="About an event", categories=[category]))
    assert "CEP events" in html(client, news.url)

    category.name = "Our events"
    category.save()

    page = html(client, news.url)
    assert "Our events" in page and "CEP events" not in page


# ---------------------------------------------------------------------------
# The event listings and an event's page
# ---------------------------------------------------------------------------


def test_an_event_published_or_unpublished_after_the_listing_was_shown_changes_it_at_the_next_request(
    client, event_index
):
    assert "Autumn webinar" not in html(client, event_index.url)

    event = publish(EventPageFactory(parent=event_index, title="Autumn webinar", start=upcoming()))
    assert "Autumn webinar" in html(client, event_index.url)

    event.unpublish()
    assert "Autumn webinar" not in html(client, event_index.url)


def test_each_filter_and_page_of_the_event_listings_is_cached_apart(client, event_index):
    publish(EventPageFactory(parent=event_index, title="Autumn webinar", kind="webinar", start=upcoming()))
    publish(EventPageFactory(parent=event_index, title="Spring conference", kind="conference", start=upcoming(60)))
    publish(EventPageFactory(parent=event_index, title="Last year's workshop", start=upcoming(-365)))

    everything = html(client, event_index.url)
    conferences = html(client, f"{event_index.url}?kind=conference")
    past = html(client, f"{event_index.url}past/")

    assert "Autumn webinar" in everything and "Spring conference" in everything
    assert "Spring conference" in conferences and "Autumn webinar" not in conferences
    assert "Last year&#x27;s workshop" in past and "Autumn webinar" not in past
    assert "Last year&#x27;s workshop" not in html(client, event_index.url)


def test_a_date_added_to_a_series_after_one_of_its_events_was_shown_is_on_it_at_the_next_request(client, event_index):
    series = EventSeriesFactory(title="Probation talks", slug="probation-talks")
    first = publish(EventPageFactory(parent=event_index, title="Talk one", start=upcoming(), series=series))
    assert html(client, first.url).count('class="series-dates__item') == 1

    publish(EventPageFactory(parent=event_index, title="Talk two", start=upcoming(37), series=series))

    assert html(client, first.url).count('class="series-dates__item') == 2


def test_a_members_own_registration_is_not_shown_to_another_member(client, event_index):
    event = publish(
        EventPageFactory(parent=event_index, title="Webinar", start=upcoming(), takes_registrations=True, capacity=10)
    )
    registered, other = UserFactory(), UserFactory()
    RegistrationFactory(event=event, user=registered, email=registered.email, status="confirmed")
    other_client = Client()
    other_client.force_login(other)
    client.force_login(registered)

    assert "You are registered." in html(client, event.url)
    assert "You are registered." not in html(other_client, event.url)


def test_the_places_left_change_at_the_next_request_after_a_registration(client, event_index):
    event = publish(
        EventPageFactory(parent=event_index, title="Webinar", start=upcoming(), takes_registrations=True, capacity=3)
    )
    assert "3 places left" in html(client, event.url)

    RegistrationFactory(event=event, status="confirmed")

    assert "2 places left" in html(client, event.url)


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------


@pytest.mark.usefixtures("search_index")
def test_a_page_published_after_a_search_is_found_by_the_next_search(client, news_index):
    assert "Tagging in Europe" not in html(client, "/search/?q=tagging")

    publish(NewsPageFactory(parent=news_index, title="Tagging in Europe"))

    assert "Tagging in Europe" in html(client, "/search/?q=tagging")
    assert "Tagging in Europe" not in html(client, "/search/?q=prisons")
