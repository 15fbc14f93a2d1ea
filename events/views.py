"""The routes of the event index (upcoming and past listings, the calendar feed) and an event's own `.ics` file.

`EventIndexPage` and `EventPage` serve them through `RoutablePageMixin`.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .calendars import calendar_build
from .models import EventPage
from .queries import EVENTS_PER_PAGE, EventFilters, past_events, upcoming_events

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def with_query(url: str, query: dict | None) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def topic_options() -> list:
    from topics.models import TopicPage

    # A list, not a queryset: the form and the filter check both read it, for one query.
    return list(TopicPage.objects.live().public().order_by("title").only("id", "title", "slug"))


def filters_from(request, topics) -> EventFilters:
    return EventFilters.from_query(request.GET, topic_slugs={topic.slug for topic in topics})


def calendar_query(filters: EventFilters) -> dict:
    """The feed takes kind and topic; a year makes no sense for a subscription to what is coming."""
    return {name: value for name, value in (("kind", filters.kind), ("topic", filters.topic)) if value}


def calendar_response(calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def event_list(request, *, index_page, past: bool):
    topics = topic_options()
    filters = filters_from(request, topics)
    children = EventPage.objects.child_of(index_page)
    listed = past_events(children) if past else upcoming_events(children)
    years = [moment.year for moment in listed.datetimes("start", "year", order="DESC")]
    events_page = Paginator(filters.apply(listed), EVENTS_PER_PAGE).get_page(request.GET.get("page"))

    index_url = index_page.get_url(request)
    calendar_path = index_page.reverse_subpage("calendar")
    feed_query = calendar_query(filters)
    full_calendar_url = with_query(index_page.get_full_url(request) + calendar_path, feed_query)
    context = index_page.get_context(request)
    context.update(
        {
            "past": past,
            "events_page": events_page,
            "filters": filters,
            "kinds": EventPage.Kind.choices,
            "topics": topics,
            "years": years,
            "filter_kind_label": EventPage.Kind(filters.kind).label if filters.kind else "",
            "filter_topic": next((topic for topic in topics if topic.slug == filters.topic), None),
            "listing_url": index_url + index_page.reverse_subpage("past" if past else "upcoming"),
            "upcoming_url": index_url,
            "past_url": index_url + index_page.reverse_subpage("past"),
            "calendar_url": with_query(index_url + calendar_path, feed_query),
            "webcal_url": "webcal://" + full_calendar_url.split("://", 1)[-1],
        }
    )
    return TemplateResponse(request, "events/event_index_page.html", context)


@require_safe
def event_calendar(request, *, index_page):
    filters = filters_from(request, topic_options())
    # Only kind and topic: a subscription is to what is coming, whatever the year.
    filters = EventFilters(kind=filters.kind, topic=filters.topic)
    events = filters.apply(upcoming_events(EventPage.objects.child_of(index_page)))
    calendar = calendar_build(events, request=request, name="CEP events")
    return calendar_response(calendar, filename="cep-events.ics")


@require_safe
def event_ics(request, event):
    return calendar_response(calendar_build([event], request=request), filename=f"{event.slug}.ics")
