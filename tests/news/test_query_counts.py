"""The news index and the home page cost the same number of queries with 10 news items as with 100."""

from datetime import date, timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import VODCAST_TYPE_SLUG
from tests.helpers import image_create
from tests.news.factories import NewsCategoryFactory, NewsTypeFactory
from tests.topics.factories import TopicPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # warms Wagtail's site caches and makes the renditions of any new listing images
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def add_news(news_index, topic_index, make_news):
    """News items like an editor's: two categories, a type, a topic and a listing image each."""
    categories = [NewsCategoryFactory(name=name) for name in ["CEP Events", "Members' News", "Projects"]]
    types = [NewsTypeFactory(name=name) for name in ["News", "Recap"]]
    topics = [TopicPageFactory(parent=topic_index, title=title) for title in ["Electronic monitoring", "Prisons"]]
    made = []

    def add(count):
        for _ in range(count):
            number = len(made)
            made.append(
                make_news(
                    f"News item {number}",
                    on=date(2020, 1, 1) + timedelta(days=number),
                    categories=[categories[number % 3], categories[(number + 1) % 3]],
                    news_type=types[number % 2],
                    topics=[topics[number % 2]],
                    listing_image=image_create(f"Picture {number}"),
                )
            )

    return add


@pytest.mark.parametrize(
    "path",
    ["/", "/news/", "/news/?category=cep-events", "/news/?category=members-news&type=news&year=2020", "/news/feed/"],
)
def test_query_count_does_not_grow_with_the_news(client, add_news, record_property, path):
    add_news(10)
    with_ten = queries_for(client, path)
    add_news(90)
    with_hundred = queries_for(client, path)
    record_property("queries", {"path": path, "10 items": with_ten, "100 items": with_hundred})
    assert with_hundred == with_ten


def test_vodcast_query_count_does_not_grow_with_the_episodes(client, news_index, make_news, record_property):
    """A page of episodes, each with its picture, costs the same for ten episodes as for a full page of a hundred."""
    vodcast = NewsTypeFactory(name="Vodcast episode", slug=VODCAST_TYPE_SLUG)

    def add(first, count):
        for number in range(first, first + count):
            make_news(
                f"Division_Y episode {number}",
                on=date(2020, 1, 1) + timedelta(days=number),
                news_type=vodcast,
                series="Division_Y",
                episode_number=number,
                guest=f"Guest {number}",
                listing_image=image_create(f"Episode {number}"),
            )

    add(1, 10)
    with_ten = queries_for(client, "/news/vodcast/")
    add(11, 90)
    with_hundred = queries_for(client, "/news/vodcast/")
    record_property("queries", {"path": "/news/vodcast/", "10 items": with_ten, "100 items": with_hundred})
    assert with_hundred == with_ten
