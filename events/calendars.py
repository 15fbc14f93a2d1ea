"""iCalendar (RFC 5545) files: one event, or the feed of upcoming events, each in the event's own time zone."""

from datetime import timedelta

from icalendar import Calendar, Event

from django.utils import timezone

PRODUCT_ID = "-//Confederation of European Probation//cep-probation.org//EN"
UID_DOMAIN = "cep-probation.org"


def event_component(event, *, request=None) -> Event:
    page_url = event.get_full_url(request)
    component = Event()
    component.add("uid", f"{event.calendar_uid}@{UID_DOMAIN}")
    component.add("sequence", event.calendar_sequence)
    component.add("dtstamp", timezone.now())
    # Local times with TZID, so a calendar shows 14:00 Brussels time even after the zone's rules change.
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", event.title)
    component.add("description", f"{event.summary}\n\n{page_url}")
    component.add("url", page_url)
    component.add("location", event_location(event))
    component.add("categories", [event.get_kind_display()])
    return component


def event_location(event) -> str:
    if event.attendance == event.Attendance.ONLINE:
        return "Online"
    place = ", ".join(
        part for part in (event.venue_name, event.venue_address, event.venue_city, event.venue_country) if part
    )
    return place or "Online"


def calendar_build(events, *, request=None, name: str = "", method: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, request=request))
    if events:
        # Only the years the events span, or every zone would carry seventy years of transitions.
        first = min(event.start for event in events).date() - timedelta(days=366)
        last = max(event.end for event in events).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar
