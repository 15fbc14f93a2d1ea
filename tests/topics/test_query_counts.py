"""The topic page and the resource library cost the same number of queries however much is tagged."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.topics import builders

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # new items need their renditions made once; that is not what is measured
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def tag_more(index, topic, start, stop, *, only_resources=False):
    """Items of every kind tagged with the topic, with images and files where they have them."""
    for number in range(start, stop):
        date = datetime.date(2020, 1, 1) + datetime.timedelta(days=number)
        builders.resource(
            index["resources"], [topic], title=f"Resource {number}", publication_date=date, languages=["en", "fr"]
        )
        if only_resources:
            continue
        builders.news_item(index["news"], [topic], title=f"News {number}", date=date)
        builders.project(
            index["projects"], [topic], title=f"Project {number}", image=builders.image(f"project-{number}")
        )
        builders.expert_group(index["expert_groups"], [topic], title=f"Expert group {number}")


@pytest.fixture
def topic(index):
    return builders.topic(
        index["topics"], title="Electronic monitoring", slug="electronic-monitoring", image=builders.image("topic")
    )


def test_topic_page_queries_do_not_grow_with_what_is_tagged(client, index, topic):
    tag_more(index, topic, 0, 10)
    with_ten = queries_for(client, topic.url)
    tag_more(index, topic, 10, 40)
    with_forty = queries_for(client, topic.url)
    print(f"topic page: {with_ten} queries with 10 items of each kind, {with_forty} with 40")
    assert with_forty == with_ten


@pytest.mark.parametrize("query", ["", "?topic=electronic-monitoring&language=en&type=report&page=2"])
def test_resource_library_queries_do_not_grow_with_the_resources(client, index, topic, query):
    tag_more(index, topic, 0, 10, only_resources=True)
    path = f"{index['resources'].url}{query}"
    with_ten = queries_for(client, path)
    tag_more(index, topic, 10, 50, only_resources=True)
    with_fifty = queries_for(client, path)  # three pages of resources
    print(f"resource library{query}: {with_ten} queries with 10 resources, {with_fifty} with 50")
    assert with_fifty == with_ten


def test_resource_page_queries_do_not_grow_with_its_languages(client, index, topic):
    two_languages = builders.resource(index["resources"], [topic], title="Two", slug="two", languages=["en", "fr"])
    six_languages = builders.resource(
        index["resources"], [topic], title="Six", slug="six", languages=["en", "fr", "de", "nl", "ro", "pt"]
    )
    assert queries_for(client, six_languages.url) == queries_for(client, two_languages.url)


def test_the_cached_topic_page_carries_the_renditions_of_its_cards(client, index, topic):
    # The hub is kept in the cache, so its cards' pictures must be made before it is stored: else every request
    # would look for them (and make them) again.
    for number in range(3):
        date = datetime.date(2024, 1, 1) + datetime.timedelta(days=number)
        builders.news_item(
            index["news"], [topic], title=f"News {number}", date=date, listing_image=builders.image(f"news-{number}")
        )
        builders.project(
            index["projects"], [topic], title=f"Project {number}", image=builders.image(f"project-{number}")
        )
    client.get(topic.url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(topic.url).content.decode()
    assert page.count("<picture>") == 1 + 3 + 3  # the topic's own, the news and the projects
    assert [query["sql"] for query in queries if "wagtailimages_rendition" in query["sql"]] == []
