"""Factories for the events app's models and pages, for tests that need more than the demo content."""

import datetime
from datetime import UTC

import factory
import wagtail_factories


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    introduction = "Webinars, workshops and conferences for probation professionals across Europe."

    class Meta:
        model = "events.EventIndexPage"


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Event {number}")
    kind = "webinar"
    start = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 22, 13, 0, tzinfo=datetime.UTC))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(minutes=90))
    time_zone = "Europe/Brussels"
    summary = factory.Faker("sentence")
    attendance = "online"
    description = []
    speakers = []
    documents = []
    recap = []
    recording = []
    presentations = []

    class Meta:
        model = "events.EventPage"


class RegistrationFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventPageFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda number: f"registrant{number}@probation.example")
    organisation = "Probation Service"
    country = "NL"
    status = "confirmed"

    class Meta:
        model = "events.Registration"


class EventSeriesFactory(factory.django.DjangoModelFactory):
    """The CEP Webinar Series 2026 by default: third Thursday of January, March, May and November, 14:00 Brussels."""

    title = factory.Sequence(lambda number: f"Webinar series {number}")
    slug = factory.LazyAttribute(lambda series: series.title.lower().replace(" ", "-"))
    description = factory.Faker("sentence")
    recurrence_rule = "FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;COUNT=4"
    first_start = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 15, 13, 0, tzinfo=datetime.UTC))
    duration_minutes = 60
    time_zone = "Europe/Brussels"
    kind = "webinar"
    attendance = "online"
    summary = factory.Faker("sentence")

    class Meta:
        model = "events.EventSeries"


# "Now" for most tests: a winter Monday, when Brussels is on CET (UTC+1).
NOW = datetime.datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
