"""An event's `.ics` file and the feed of upcoming events, as a calendar application reads them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import EventPage
from tests.helpers import utc

pytestmark = pytest.mark.django_db


def calendar_at(client, path, **query):
    response = client.get(path, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return [event.get("summary") for event in calendar.walk("VEVENT")]


def test_event_ics_has_local_times_in_the_events_zone_and_its_vtimezone(client, calendar_of_events):
    event = calendar_of_events["events"]["webinar"]
    calendar = calendar_at(client, f"{event.url}calendar/")
    assert calendar["VERSION"] == "2.0"
    assert "Confederation of European Probation" in calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert vevent["DTSTART"].to_ical() == b"20260122T140000"
    assert vevent.start == datetime(2026, 1, 22, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    assert vevent.end == datetime(2026, 1, 22, 15, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Brussels"]
    assert vevent["UID"] == f"{event.calendar_uid}@cep-probation.org"
    assert vevent["SEQUENCE"] == 0
    assert vevent["SUMMARY"] == "Webinar on risk assessment"
    assert vevent["LOCATION"] == "Online"
    assert vevent["URL"] == event.full_url
    assert event.full_url in vevent["DESCRIPTION"]
    assert event.summary in vevent["DESCRIPTION"]
    assert vevent.categories == ["Webinar"]
    assert "DTSTAMP" in vevent


def test_event_ics_keeps_its_uid_and_counts_time_changes_only(client, calendar_of_events):
    event = calendar_of_events["events"]["webinar"]
    uid = calendar_at(client, f"{event.url}calendar/").walk("VEVENT")[0]["UID"]

    event.title = "Webinar on risk and need assessment"
    event.save_revision().publish()
    (vevent,) = calendar_at(client, f"{event.url}calendar/").walk("VEVENT")
    assert (vevent["UID"], vevent["SEQUENCE"], vevent["SUMMARY"]) == (uid, 0, "Webinar on risk and need assessment")

    event = EventPage.objects.get(pk=event.pk)
    event.start, event.end = utc(2026, 1, 22, 14), utc(2026, 1, 22, 15, 30)
    event.save_revision().publish()
    (vevent,) = calendar_at(client, f"{event.url}calendar/").walk("VEVENT")
    assert (vevent["UID"], vevent["SEQUENCE"]) == (uid, 1)
    assert vevent["DTSTART"].to_ical() == b"20260122T150000"


def test_event_ics_of_an_event_in_lisbon_has_lisbon_time_and_the_venue(client, calendar_of_events):
    calendar = calendar_at(client, f"{calendar_of_events['events']['conference'].url}calendar/")
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Lisbon"
    assert vevent["DTSTART"].to_ical() == b"20260319T090000"
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Lisbon"]
    assert vevent["LOCATION"] == "Centro de Congressos, Praça das Indústrias 1, Lisbon, PT"
    assert vevent.categories == ["Conference"]


def test_event_ics_never_gives_the_online_link(client, frozen_now, make_event):
    event = make_event("Closed webinar", start=utc(2026, 2, 1, 13), online_link="https://meet.example.org/room-9")
    response = client.get(f"{event.url}calendar/")
    assert b"meet.example.org" not in response.content


def test_feed_lists_only_upcoming_live_events_with_one_vtimezone_per_zone(client, calendar_of_events):
    calendar = calendar_at(client, "/events/calendar/")
    assert summaries(calendar) == [
        "Expert meeting under way",
        "Webinar on risk assessment",
        "Spring conference in Lisbon",
    ]
    assert sorted(timezone.tz_name for timezone in calendar.timezones) == ["Europe/Brussels", "Europe/Lisbon"]
    assert calendar.get_missing_tzids() == set()


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"kind": "conference"}, ["Spring conference in Lisbon"]),
        ({"topic": "electronic-monitoring"}, ["Webinar on risk assessment"]),
        ({"kind": "webinar", "topic": "prisons"}, []),
        ({"kind": "bogus", "topic": "nope\x00"}, ["Expert meeting under way", "Webinar on risk assessment",
                                                 "Spring conference in Lisbon"]),
    ],
)  # fmt: skip
def test_feed_respects_kind_and_topic(client, calendar_of_events, query, titles):
    assert summaries(calendar_at(client, "/events/calendar/", **query)) == titles


def test_ics_of_a_draft_or_unknown_page_is_not_found(client, calendar_of_events):
    draft = calendar_of_events["events"]["draft"]
    assert client.get(f"/events/{draft.slug}/calendar/").status_code == 404
    assert client.get("/events/no-such-event/calendar/").status_code == 404
    assert client.get("/about-us/calendar/").status_code == 404
