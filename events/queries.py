"""Read-side queries for events: upcoming and past listings, the home page sections and the topic hub."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wagtail.images import get_image_model

from core.images import CARD_IMAGE, renditions
from core.visibility import public

from .models import EventPage

EVENTS_PER_PAGE = 12


def events_for_listing(queryset: QuerySet) -> QuerySet:
    """Live, public events with their topics and listing images fetched up front."""
    images = get_image_model().objects.prefetch_renditions(*renditions(CARD_IMAGE))
    return public(queryset.live()).prefetch_related("topics", Prefetch("image", queryset=images))


def not_ended(queryset: QuerySet) -> QuerySet:
    """Events that have not ended yet, soonest first: an event under way is still 'upcoming'."""
    return queryset.filter(end__gte=timezone.now()).order_by("start", "pk")


def events_overlapping(queryset: QuerySet, start, end) -> QuerySet:
    """Live, public events under way at some moment in [start, end), soonest first; a month view needs no images."""
    return public(queryset.live()).filter(start__lt=end, end__gt=start).order_by("start", "pk")


def upcoming_events(queryset: QuerySet) -> QuerySet:
    return not_ended(events_for_listing(queryset))


def past_events(queryset: QuerySet) -> QuerySet:
    return events_for_listing(queryset.filter(end__lt=timezone.now())).order_by("-start", "-pk")


@dataclass(frozen=True)
class EventFilters:
    """`?kind=…&topic=…&year=…`; a value that names nothing known is ignored."""

    kind: str = ""
    topic: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query, *, topic_slugs) -> "EventFilters":
        def value(name):
            return query.get(name, "").replace("\x00", "").strip()[:255]

        kind, topic, year = value("kind"), value("topic"), value("year")
        return cls(
            kind=kind if kind in EventPage.Kind.values else "",
            topic=topic if topic in topic_slugs else "",
            year=int(year) if year.isascii() and year.isdigit() and 1900 <= int(year) <= 2999 else None,
        )

    @property
    def active(self):
        return bool(self.kind or self.topic or self.year)

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.topic:
            queryset = queryset.filter(topics__slug=self.topic)
        if self.year:
            queryset = queryset.filter(start__year=self.year)
        return queryset


def upcoming_for_home(*, limit: int, highlighted_only: bool = False, highlighted_first: bool = False) -> list:
    """The next live, public events, without topics or images: the home page's event cards show neither."""
    queryset = public(EventPage.objects.live())
    if highlighted_only:
        queryset = queryset.filter(highlighted=True)
    events = not_ended(queryset)
    if highlighted_first:
        events = events.order_by("-highlighted", "start", "pk")
    return list(events[:limit])


def upcoming_for_countries(countries, *, limit: int) -> list:
    """The next events tagged with any of the countries (profiles), soonest first."""
    ids = EventPage.objects.filter(countries__in=list(countries)).values("pk")
    return list(upcoming_events(EventPage.objects.filter(pk__in=ids))[:limit])


def upcoming_for_topics(topics, *, limit: int) -> list:
    """The next events tagged with any of the topics, soonest first."""
    ids = EventPage.objects.filter(topics__in=list(topics)).values("pk")
    return list(upcoming_events(EventPage.objects.filter(pk__in=ids))[:limit])
