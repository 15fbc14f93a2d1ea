"""The event index: upcoming and past events, filters, pagination, and input that names nothing."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import soup_of, utc

pytestmark = pytest.mark.django_db


KIND_CHIPS = 'nav.chips[aria-label="Filter events by kind"]'


def card_titles(page):
    return [link.get_text(strip=True) for link in page.select("main .event-card .card__title a")]


def listing(client, path="/events/", **query):
    response = client.get(path, query)
    assert response.status_code == 200
    return soup_of(response)


def test_upcoming_lists_events_not_yet_ended_soonest_first_including_one_under_way(client, calendar_of_events):
    page = listing(client)
    assert card_titles(page) == [
        "Expert meeting under way",
        "Webinar on risk assessment",
        "Spring conference in Lisbon",
    ]
    assert page.select_one(".event-count").get_text(strip=True) == "3 upcoming events"
    assert page.find("a", string="Upcoming events")["aria-current"] == "page"
    assert page.find("a", string="Past events")["href"] == "/events/past/"
    assert not page.find("a", string="Past events").has_attr("aria-current")


def test_past_lists_ended_events_newest_first(client, calendar_of_events):
    page = listing(client, "/events/past/")
    assert card_titles(page) == ["Autumn workshop", "General Assembly 2024"]
    assert page.find("a", string="Past events")["aria-current"] == "page"
    assert page.find("a", string="Upcoming events")["href"] == "/events/"


def test_cards_show_date_in_the_events_zone_kind_and_place(client, calendar_of_events):
    cards = {card.h3.get_text(strip=True): card for card in listing(client).select(".event-card")}
    webinar = cards["Webinar on risk assessment"]
    assert webinar.select_one(".card__eyebrow").get_text(strip=True) == "Webinar"
    assert webinar.time.get_text(strip=True) == "Thu 22 Jan 2026, 14:00–15:30 CET"
    assert webinar.time["datetime"] == "2026-01-22T14:00:00+01:00"
    assert webinar.select_one(".date-badge").get_text(" ", strip=True) == "22 Jan"
    assert webinar.select_one(".event-card__place").get_text(strip=True) == "Online"
    conference = cards["Spring conference in Lisbon"]
    assert conference.time.get_text(strip=True) == "Thu 19 Mar 2026, 09:00–17:00 WET"
    assert conference.select_one(".date-badge").get_text(" ", strip=True) == "19 Mar"
    assert conference.select_one(".event-card__place").get_text(strip=True) == "Lisbon"


def test_an_event_flips_from_upcoming_to_past_after_it_ends(client, calendar_of_events, frozen_now):
    frozen_now.move_to(utc(2026, 1, 12, 9, 31))  # the expert meeting ended at 09:30 UTC
    assert "Expert meeting under way" not in card_titles(listing(client))
    assert card_titles(listing(client, "/events/past/"))[0] == "Expert meeting under way"


@pytest.mark.parametrize(
    ("path", "query", "titles"),
    [
        ("/events/", {"kind": "conference"}, ["Spring conference in Lisbon"]),
        ("/events/", {"topic": "electronic-monitoring"}, ["Webinar on risk assessment"]),
        ("/events/past/", {"topic": "electronic-monitoring"}, ["Autumn workshop"]),
        ("/events/past/", {"year": "2024"}, ["General Assembly 2024"]),
        ("/events/", {"kind": "webinar", "topic": "prisons"}, []),
    ],
)
def test_filters_narrow_the_listing_and_keep_their_state(client, calendar_of_events, path, query, titles):
    page = listing(client, path, **query)
    assert card_titles(page) == titles
    chosen_kinds = [
        parse_qs(urlsplit(chip["href"]).query)["kind"] for chip in page.select(f'{KIND_CHIPS} a[aria-current="true"]')
    ]
    assert chosen_kinds == ([[query["kind"]]] if "kind" in query else [])
    form = page.select_one("details.more-filters form.event-filters")
    # The kind chosen with the chips is kept when the other filters are applied.
    hidden = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert hidden == ({"kind": query["kind"]} if "kind" in query else {})
    for name, value in query.items():
        if name != "kind":
            assert form.select_one(f'select[name="{name}"] option[selected]')["value"] == value
    assert page.select_one(KIND_CHIPS).find("a", string="Clear filters")["href"] == path
    if not titles:
        assert "No upcoming events match these filters." in page.select_one(".empty-state").get_text(" ", strip=True)


def test_filter_form_has_labelled_selects(client, calendar_of_events):
    page = listing(client, topic="prisons")
    chips = [(chip.get_text(strip=True), chip["href"]) for chip in page.select(f"{KIND_CHIPS} a.chip")]
    assert chips == [
        ("Webinar", "?topic=prisons&kind=webinar"),
        ("Workshop", "?topic=prisons&kind=workshop"),
        ("Conference", "?topic=prisons&kind=conference"),
        ("General Assembly", "?topic=prisons&kind=general-assembly"),
        ("Expert meeting", "?topic=prisons&kind=expert-meeting"),
        ("Other", "?topic=prisons&kind=other"),
    ]
    more = page.select_one("details.more-filters")
    assert more.summary.get_text(strip=True) == "More filters"
    form = more.select_one("form.event-filters")
    assert (form["method"], form["action"]) == ("get", "/events/")
    assert form.find("button", type="submit").get_text(strip=True) == "Apply"
    for select in form.select("select"):
        assert form.select_one(f'label[for="{select["id"]}"]')
    topics = [option.get_text(strip=True) for option in form.select('select[name="topic"] option')]
    assert topics == ["All topics", "Electronic monitoring", "Prisons"]
    years = [option["value"] for option in form.select('select[name="year"] option')]
    assert years == ["", "2026"]


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "bogus"},
        {"topic": "nope"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999"},
        {"kind": "\x00", "topic": "nope\x00", "year": "\x00", "page": "\x00"},
    ],
)
def test_input_that_names_nothing_gives_the_normal_listing(client, calendar_of_events, query):
    for path in ("/events/", "/events/past/"):
        page = listing(client, path, **query)
        assert card_titles(page), f"{path} {query!r}"


def test_pages_of_twelve_and_the_last_page_for_a_page_too_far(client, frozen_now, make_event):
    for number in range(14):
        make_event(f"Webinar {number:02}", start=utc(2026, 2, 1 + number, 13))
    first = listing(client)
    assert len(card_titles(first)) == 12
    assert first.select_one(".event-count").get_text(strip=True) == "14 upcoming events"
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert card_titles(listing(client, page="99999")) == ["Webinar 12", "Webinar 13"]


def test_empty_states(client, frozen_now, event_index):
    assert "No upcoming events have been announced yet." in listing(client).get_text()
    assert "No past events yet." in listing(client, "/events/past/").get_text()


def test_subscribe_link_carries_the_kind_and_topic_filters(client, calendar_of_events, event_index):
    page = listing(client, kind="webinar", topic="electronic-monitoring", year="2026")
    subscribe = page.find("a", string="Subscribe to this calendar")
    site_address = event_index.full_url.split("://", 1)[1]  # e.g. 127.0.0.1:8000/events/
    assert subscribe["href"] == f"webcal://{site_address}calendar/?kind=webinar&topic=electronic-monitoring"
    download = page.select_one(".event-subscribe").find_all("a")[1]
    assert download["href"] == "/events/calendar/?kind=webinar&topic=electronic-monitoring"


@pytest.mark.parametrize("route", ["", "past/", "calendar/"])
def test_routes_answer_get_only(client, calendar_of_events, route):
    assert client.post(f"/events/{route}").status_code == 405
    assert client.head(f"/events/{route}").status_code == 200
