"""The event listings and the calendar feed cost the same number of queries with 10 events as with 100."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import image_create, utc
from tests.topics.factories import TopicPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # warms Wagtail's site caches and makes the renditions of any new listing images
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def add_events(frozen_now, topic_index, make_event):
    """Events like an editor's: a kind, a topic and a listing image each, half of them past."""
    topics = [TopicPageFactory(parent=topic_index, title=title) for title in ["Electronic monitoring", "Prisons"]]
    kinds = ["webinar", "workshop", "conference"]
    made = []

    def add(count):
        for _ in range(count):
            number = len(made)
            start = utc(2026, 1, 12, 8) + timedelta(days=number if number % 2 else -number - 1)
            made.append(
                make_event(
                    f"Event {number}",
                    start=start,
                    kind=kinds[number % 3],
                    topics=[topics[number % 2]],
                    image=image_create(f"Picture {number}"),
                    time_zone=["Europe/Brussels", "Europe/Lisbon"][number % 2],
                )
            )

    return add


@pytest.mark.parametrize(
    "path",
    [
        "/events/",
        "/events/?kind=webinar&topic=electronic-monitoring",
        "/events/past/?year=2026",
        "/events/calendar/",
    ],
)
def test_query_count_does_not_grow_with_the_events(client, add_events, record_property, path):
    add_events(10)
    with_ten = queries_for(client, path)
    add_events(90)
    with_hundred = queries_for(client, path)
    record_property("queries", {"path": path, "10 items": with_ten, "100 items": with_hundred})
    print(f"QUERIES {path}: {with_ten} with 10, {with_hundred} with 100")
    assert with_hundred == with_ten
