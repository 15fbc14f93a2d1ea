"""An events section under the demo home page: an index, topics, and events at known times."""

from datetime import timedelta

import pytest
import time_machine

from events.models import EventIndexPage
from tests.events.factories import NOW, EventIndexPageFactory, EventPageFactory
from tests.helpers import paragraphs, utc
from tests.topics.factories import TopicIndexPageFactory, TopicPageFactory
from topics.models import TopicIndexPage


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def event_index(demo_site):
    # The demo content may bring events of its own as that app's seed lands; these tests count only what they make.
    for index in EventIndexPage.objects.all():
        index.delete()
    return EventIndexPageFactory(parent=demo_site)


@pytest.fixture
def topic_index(demo_site):
    return TopicIndexPage.objects.first() or TopicIndexPageFactory(parent=demo_site)


@pytest.fixture
def make_event(event_index):
    def make(title, *, start, minutes=90, topics=(), **fields):
        return EventPageFactory(
            parent=event_index, title=title, start=start, end=start + timedelta(minutes=minutes),
            topics=list(topics), **fields,
        )  # fmt: skip

    return make


@pytest.fixture
def calendar_of_events(frozen_now, topic_index, make_event):
    """Two upcoming, one under way, two past, and a draft; two topics."""
    monitoring = TopicPageFactory(parent=topic_index, title="Electronic monitoring", slug="electronic-monitoring")
    prisons = TopicPageFactory(parent=topic_index, title="Prisons", slug="prisons")
    events = {
        "webinar": make_event(
            "Webinar on risk assessment", start=utc(2026, 1, 22, 13), kind="webinar", topics=[monitoring]
        ),
        "conference": make_event(
            "Spring conference in Lisbon",
            start=utc(2026, 3, 19, 9),
            minutes=8 * 60,
            kind="conference",
            attendance="in-person",
            time_zone="Europe/Lisbon",
            venue_name="Centro de Congressos",
            venue_address="Praça das Indústrias 1",
            venue_city="Lisbon",
            venue_country="PT",
            price="150.00",
            topics=[prisons],
        ),
        "under_way": make_event("Expert meeting under way", start=utc(2026, 1, 12, 8), kind="expert-meeting"),
        "workshop": make_event(
            "Autumn workshop",
            start=utc(2025, 10, 7, 12),
            kind="workshop",
            topics=[monitoring],
            recap=paragraphs("Forty officers shared their practice."),
        ),
        "assembly": make_event("General Assembly 2024", start=utc(2024, 6, 4, 8), kind="general-assembly"),
        "draft": make_event("Unannounced summer school", start=utc(2026, 6, 1, 8), live=False),
    }
    return {"events": events, "monitoring": monitoring, "prisons": prisons}
