"""An event as a visitor reads it: times in its zone, past or not, JSON-LD."""

import json

import pytest
import time_machine

from tests.helpers import soup_of, utc

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://meet.example.org/secret-room-4711"


def json_ld_of(response):
    return json.loads(soup_of(response).select_one('script[type="application/ld+json"]').string)


def test_event_shows_its_times_in_brussels_time(client, calendar_of_events):
    response = client.get(calendar_of_events["events"]["webinar"].url)
    assert response.status_code == 200
    page = soup_of(response)
    assert [h1.get_text(strip=True) for h1 in page.select("h1")] == ["Webinar on risk assessment"]
    facts = {div.dt.get_text(strip=True): div.dd for div in page.select(".event-facts > div")}
    assert facts["When"].get_text(strip=True) == "22 Jan 2026, 14:00 CET–15:30 CET"
    assert facts["When"].time["datetime"] == "2026-01-22T14:00:00+01:00"
    assert facts["Where"].get_text(strip=True) == "Online"
    assert facts["Price"].get_text(strip=True) == "Free of charge"
    assert facts["Topic"].a["href"] == calendar_of_events["monitoring"].url
    assert "Past event" not in page.get_text()


def test_event_in_lisbon_shows_lisbon_time_whatever_the_site_zone(client, calendar_of_events):
    page = soup_of(client.get(calendar_of_events["events"]["conference"].url))
    facts = {div.dt.get_text(strip=True): div.dd for div in page.select(".event-facts > div")}
    # 09:00 UTC is 09:00 in Lisbon in March before the clocks change (WET), while Brussels would say 10:00.
    assert facts["When"].get_text(strip=True) == "19 Mar 2026, 09:00 WET–17:00 WET"
    assert "Centro de Congressos" in facts["Where"].get_text()
    assert "Praça das Indústrias 1" in facts["Where"].get_text()
    assert "Lisbon, Portugal" in facts["Where"].get_text()
    assert facts["Price"].get_text(strip=True) == "€150.00"


def test_event_in_lisbon_summer_shows_west(client, frozen_now, make_event):
    event = make_event("Summer school", start=utc(2026, 7, 1, 8), time_zone="Europe/Lisbon")
    facts = soup_of(client.get(event.url)).select_one(".event-facts").get_text(" ", strip=True)
    assert "1 Jul 2026, 09:00 WEST" in facts


def test_event_flips_to_past_after_its_end_and_shows_its_recap(client, frozen_now, make_event):
    from tests.helpers import paragraphs

    event = make_event(
        "Workshop on probation", start=utc(2026, 1, 12, 8), recap=paragraphs("Forty officers shared their practice.")
    )
    page = soup_of(client.get(event.url))
    assert "Past event" not in page.get_text()
    assert "Forty officers" not in page.get_text()
    with time_machine.travel(utc(2026, 1, 12, 9, 31), tick=False):
        page = soup_of(client.get(event.url))
    assert page.select_one("article header .eyebrow .label").get_text(strip=True) == "Past event"
    assert (
        page.find(id="event-recap-heading")
        .find_parent("section")
        .get_text(" ", strip=True)
        .endswith("Forty officers shared their practice.")
    )


def test_event_links_to_its_own_calendar_file(client, calendar_of_events):
    event = calendar_of_events["events"]["webinar"]
    link = soup_of(client.get(event.url)).find("a", string="Add to calendar (.ics)")
    assert link["href"] == f"{event.url}calendar/"


@pytest.mark.parametrize(
    ("attendance", "mode", "location_types"),
    [
        ("online", "https://schema.org/OnlineEventAttendanceMode", ["VirtualLocation"]),
        ("in-person", "https://schema.org/OfflineEventAttendanceMode", ["Place"]),
        ("hybrid", "https://schema.org/MixedEventAttendanceMode", ["VirtualLocation", "Place"]),
    ],
)
def test_json_ld_describes_the_event_without_its_online_link(
    client, frozen_now, make_event, attendance, mode, location_types
):
    event = make_event(
        "Webinar </script><script>alert(1)</script>",
        start=utc(2026, 1, 22, 13),
        attendance=attendance,
        venue_city="Brussels",
        venue_country="BE",
        online_link=ONLINE_LINK,
    )
    response = client.get(event.url)
    assert ONLINE_LINK not in response.content.decode()
    assert b"</script><script>alert" not in response.content
    data = json_ld_of(response)
    assert data["@type"] == "Event"
    assert data["name"] == "Webinar </script><script>alert(1)</script>"
    assert data["startDate"] == "2026-01-22T14:00:00+01:00"
    assert data["endDate"] == "2026-01-22T15:30:00+01:00"
    assert data["eventAttendanceMode"] == mode
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [location["@type"] for location in locations] == location_types
    for location in locations:
        if location["@type"] == "VirtualLocation":
            assert location["url"] == event.full_url
        else:
            assert location["address"]["addressLocality"] == "Brussels"
    assert data["organizer"]["name"] == "Confederation of European Probation"
    assert data["isAccessibleForFree"] is True
    assert "offers" not in data


def test_json_ld_of_a_paid_event_has_an_offer(client, calendar_of_events):
    data = json_ld_of(client.get(calendar_of_events["events"]["conference"].url))
    assert data["isAccessibleForFree"] is False
    assert (data["offers"]["price"], data["offers"]["priceCurrency"]) == ("150.00", "EUR")


def test_speakers_are_shown(client, frozen_now, make_event):
    speakers = json.dumps(
        [{"type": "speaker", "value": {"name": "Anna Novak", "role": "Probation officer, Ljubljana"}}]
    )
    event = make_event("Webinar with speakers", start=utc(2026, 1, 22, 13), speakers=speakers)
    section = soup_of(client.get(event.url)).find(id="event-speakers-heading").find_parent("section")
    assert section.select_one(".speaker__name").get_text(strip=True) == "Anna Novak"
    assert section.select_one(".speaker__role").get_text(strip=True) == "Probation officer, Ljubljana"
