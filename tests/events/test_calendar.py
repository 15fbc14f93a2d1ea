"""The month view of the events: a table of days, Monday first, with the live, public events of each day."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import soup_of, utc

pytestmark = pytest.mark.django_db


def month_page(client, path="/events/month/2026/01/"):
    response = client.get(path)
    assert response.status_code == 200
    return soup_of(response)


def titles_by_day(page) -> dict[str, list[str]]:
    """Each in-month day's date (`2026-01-22`) and the titles of the events shown on it."""
    days = {}
    for cell in page.select("table.month td.month__day:not(.month__day--outside)"):
        links = cell.select(".month__events a")
        days[cell.time["datetime"]] = [link.contents[-1].strip() for link in links]
    return days


@pytest.fixture
def summit(calendar_of_events, make_event):
    """Three days in Brussels, from Tuesday 27 January 2026 at 09:00 CET to Thursday at 17:00."""
    return make_event("Winter summit", start=utc(2026, 1, 27, 8), minutes=(2 * 24 + 8) * 60)


def test_the_month_shows_each_event_on_its_days_in_the_events_zone(client, summit):
    days = titles_by_day(month_page(client))
    assert len(days) == 31
    assert days["2026-01-12"] == ["Expert meeting under way"]
    assert days["2026-01-22"] == ["Webinar on risk assessment"]
    assert days["2026-01-27"] == days["2026-01-28"] == days["2026-01-29"] == ["Winter summit"]
    assert days["2026-01-26"] == days["2026-01-30"] == []
    shown = {title for titles in days.values() for title in titles}
    assert shown == {"Expert meeting under way", "Webinar on risk assessment", "Winter summit"}


def test_an_event_shows_its_start_time_on_its_first_day_and_continues_after(client, summit):
    page = month_page(client)
    webinar = page.select_one('td:has(> time[datetime="2026-01-22"]) a')
    assert webinar.time.get_text() == "14:00 CET"
    assert webinar["href"] == "/events/webinar-on-risk-assessment/"
    later_day = page.select_one('td:has(> time[datetime="2026-01-28"]) a')
    assert later_day.select_one(".month__continued").get_text() == "Continued"


def test_drafts_and_other_months_events_are_left_out(client, calendar_of_events):
    june = titles_by_day(month_page(client, "/events/month/2026/06/"))
    assert not any(june.values())  # the summer school is a draft
    assert "No events in June 2026." in month_page(client, "/events/month/2026/06/").get_text()
    march = titles_by_day(month_page(client, "/events/month/2026/03/"))
    assert [title for titles in march.values() for title in titles] == ["Spring conference in Lisbon"]


def test_an_event_spanning_two_months_shows_only_its_days_in_the_month(client, calendar_of_events, make_event):
    make_event("New year retreat", start=utc(2026, 1, 30, 8), minutes=4 * 24 * 60)
    january = titles_by_day(month_page(client))
    february = titles_by_day(month_page(client, "/events/month/2026/02/"))
    assert [day for day, titles in january.items() if "New year retreat" in titles] == ["2026-01-30", "2026-01-31"]
    assert [day for day, titles in february.items() if "New year retreat" in titles] == [
        "2026-02-01",
        "2026-02-02",
        "2026-02-03",
    ]


def test_the_table_has_a_caption_and_monday_first_weekday_headers(client, calendar_of_events):
    page = month_page(client)
    table = page.select_one("table.month")
    assert table.caption.get_text(strip=True) == "January 2026"
    headers = table.select("thead th")
    assert [header.get_text() for header in headers][:2] == ["Monday", "Tuesday"]
    assert all(header["scope"] == "col" for header in headers) and len(headers) == 7
    first_week = table.select("tbody tr")[0].select("td")
    # 1 January 2026 is a Thursday: Monday to Wednesday belong to December and are left blank.
    assert [cell.get_text(strip=True) for cell in first_week[:3]] == ["", "", ""]
    assert first_week[3].time["datetime"] == "2026-01-01"


def test_today_is_marked_and_the_plain_address_shows_this_month(client, calendar_of_events):
    page = month_page(client, "/events/month/")
    assert page.select_one("table.month caption").get_text(strip=True) == "January 2026"
    today = page.select('td[aria-current="date"]')
    assert len(today) == 1 and today[0].time["datetime"] == "2026-01-12"
    assert not month_page(client, "/events/month/2026/02/").select('[aria-current="date"]')


def test_previous_and_next_month_links_and_the_way_back_to_the_list(client, calendar_of_events):
    page = month_page(client)
    previous, following = page.select_one('a[rel="prev"]'), page.select_one('a[rel="next"]')
    assert previous["href"] == "/events/month/2025/12/"
    assert previous.get_text() == "← December 2025"
    assert following["href"] == "/events/month/2026/02/"
    assert following.get_text() == "February 2026 →"
    toggle = page.select_one('nav[aria-label="Show the events as"]')
    assert toggle.find("a", string="List")["href"] == "/events/"
    assert toggle.find("a", string="Calendar")["aria-current"] == "page"


def test_the_list_links_to_the_month_view(client, calendar_of_events):
    toggle = month_page(client, "/events/").select_one('nav[aria-label="Show the events as"]')
    assert toggle.find("a", string="Calendar")["href"] == "/events/month/"
    assert toggle.find("a", string="List")["aria-current"] == "page"


@pytest.mark.parametrize(
    "path",
    [
        "/events/month/2026/13/",
        "/events/month/2026/00/",
        "/events/month/0000/01/",
        "/events/month/1979/12/",
        "/events/month/2037/01/",
        "/events/month/2026/1/",
        "/events/month/99999/01/",
        "/events/month/2026/",
    ],
)
def test_a_month_that_is_none_or_out_of_range_is_404(client, calendar_of_events, path):
    assert client.get(path).status_code == 404


def test_the_last_month_served_has_no_next_link(client, calendar_of_events):
    page = month_page(client, "/events/month/2036/12/")
    assert page.select_one('a[rel="prev"]')
    assert not page.select_one('a[rel="next"]')


def queries_for(client, path):
    client.get(path)  # warms Wagtail's site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_events_of_the_month(client, frozen_now, make_event):
    made = []

    def add(count):
        for _ in range(count):
            made.append(make_event(f"Event {len(made)}", start=utc(2026, 1, 1, 8) + timedelta(hours=23 * len(made))))

    add(3)
    with_three = queries_for(client, "/events/month/2026/01/")
    add(27)
    with_thirty = queries_for(client, "/events/month/2026/01/")
    assert with_thirty == with_three
