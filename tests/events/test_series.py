"""Event series: staff give a rule, the site makes the dated events, and editing one date leaves the rest alone."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import EVENTS_TEAM, roles_sync
from events.models import EventPage, EventSeries
from events.series import recurrence_rule_check, series_events_create, series_occurrences
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventSeriesFactory
from tests.helpers import utc
from tests.topics.factories import TopicPageFactory

pytestmark = pytest.mark.django_db

WEBINAR_RULE = "FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;COUNT=4"


@pytest.fixture
def admin_client(client):
    client.force_login(
        get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    )
    return client


@pytest.fixture
def webinar_series(event_index, topic_index):
    topic = TopicPageFactory(parent=topic_index, title="Community Sanctions and Measures")
    return EventSeriesFactory(
        title="CEP Webinar Series 2026",
        slug="cep-webinar-series-2026",
        description="Short webinars on the third Thursday of January, March, May and November.",
        summary="A webinar of the CEP Webinar Series 2026.",
        topics=[topic],
    )


def series_form(**fields):
    return {
        "title": "CEP Webinar Series 2026",
        "slug": "cep-webinar-series-2026",
        "description": "Short webinars for probation practitioners.",
        "recurrence_rule": WEBINAR_RULE,
        "first_start": "2026-01-15 14:00",
        "time_zone": "Europe/Brussels",
        "duration_minutes": "60",
        "kind": "webinar",
        "attendance": "online",
        "summary": "A webinar of the CEP Webinar Series 2026.",
        **fields,
    }


def messages_of(response):
    """The admin's messages as an editor reads them (Wagtail renders buttons into them)."""
    return [
        " ".join(BeautifulSoup(str(message), "html.parser").get_text().split())
        for message in get_messages(response.wsgi_request)
    ]


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def local_times(events):
    return [event.local_start.strftime("%a %d %b %Y %H:%M %Z") for event in events]


# ---------------------------------------------------------------------------
# The rule's dates
# ---------------------------------------------------------------------------


def test_the_rule_gives_the_third_thursdays_at_14_00_brussels_time_all_year(db):
    series = EventSeriesFactory()
    occurrences = series_occurrences(series)
    assert [moment.strftime("%a %d %b %Y %H:%M %Z") for moment in occurrences] == [
        "Thu 15 Jan 2026 14:00 CET",
        "Thu 19 Mar 2026 14:00 CET",
        "Thu 21 May 2026 14:00 CEST",
        "Thu 19 Nov 2026 14:00 CET",
    ]
    # The wall-clock time stays; the moment in UTC moves with summer time.
    assert occurrences == [utc(2026, 1, 15, 13), utc(2026, 3, 19, 13), utc(2026, 5, 21, 12), utc(2026, 11, 19, 13)]


def test_until_as_a_date_includes_that_day(db):
    series = EventSeriesFactory(recurrence_rule="FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;UNTIL=20260521")
    assert series_occurrences(series)[-1] == utc(2026, 5, 21, 12)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=SOMETIMES;COUNT=4", "This is not a recurrence rule we can read (invalid 'FREQ': SOMETIMES)"),
        ("every third Thursday", "This is not a recurrence rule we can read"),
        ("DTSTART:20260115T140000\nRRULE:FREQ=MONTHLY;COUNT=4", "Leave DTSTART out of the rule"),
        ("FREQ=MONTHLY;BYDAY=3TH", "The rule never ends: add COUNT (how many events) or UNTIL (the last date)"),
        ("FREQ=WEEKLY;COUNT=61", "The rule gives more than 60 dates; a series can have at most 60."),
        ("FREQ=DAILY;UNTIL=20270101", "The rule gives more than 60 dates"),
        ("FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30;COUNT=4", "Events repeat at most daily"),
        ("FREQ=MONTHLY;UNTIL=20250101", "The rule gives no dates from the first start on."),
    ],
)
def test_a_rule_a_series_cannot_use_is_refused_with_a_reason(rule, message):
    with pytest.raises(ValidationError) as refused:
        recurrence_rule_check(rule, first_start=utc(2026, 1, 15, 13), time_zone="Europe/Brussels")
    assert message in " ".join(refused.value.messages)


def test_the_first_start_must_be_a_date_of_the_rule(db):
    series = EventSeriesFactory.build(first_start=utc(2026, 1, 8, 13))  # the second Thursday
    with pytest.raises(ValidationError) as refused:
        series.full_clean()
    assert refused.value.message_dict == {
        "first_start": ["The first start is not a date of the rule: its first date is Thursday 15 January 2026, 14:00."]
    }


# ---------------------------------------------------------------------------
# Making the events
# ---------------------------------------------------------------------------


def test_the_series_makes_one_published_event_per_date(webinar_series):
    created = series_events_create(webinar_series)
    events = list(EventPage.objects.filter(series=webinar_series).order_by("start"))
    assert created == events
    assert [event.title for event in events] == [
        "CEP Webinar Series 2026: 15 January 2026",
        "CEP Webinar Series 2026: 19 March 2026",
        "CEP Webinar Series 2026: 21 May 2026",
        "CEP Webinar Series 2026: 19 November 2026",
    ]
    assert [event.slug for event in events][:2] == [
        "cep-webinar-series-2026-15-january-2026",
        "cep-webinar-series-2026-19-march-2026",
    ]
    assert local_times(events) == [
        "Thu 15 Jan 2026 14:00 CET",
        "Thu 19 Mar 2026 14:00 CET",
        "Thu 21 May 2026 14:00 CEST",
        "Thu 19 Nov 2026 14:00 CET",
    ]
    may = events[2]
    assert (may.start, may.end, may.series_occurrence) == (utc(2026, 5, 21, 12), utc(2026, 5, 21, 13), may.start)
    assert all(event.live and not event.has_unpublished_changes for event in events)
    assert {(event.kind, event.attendance, event.time_zone, event.summary) for event in events} == {
        ("webinar", "online", "Europe/Brussels", "A webinar of the CEP Webinar Series 2026.")
    }
    assert [topic.title for topic in may.topics.all()] == ["Community Sanctions and Measures"]


def test_making_the_events_twice_makes_nothing_new(webinar_series):
    assert len(series_events_create(webinar_series)) == 4
    assert series_events_create(webinar_series) == []
    assert EventPage.objects.filter(series=webinar_series).count() == 4


def test_an_in_person_series_makes_drafts_for_an_editor_to_give_a_venue(webinar_series):
    webinar_series.attendance = "in-person"
    webinar_series.save()
    created = series_events_create(webinar_series)
    assert len(created) == 4
    assert not any(EventPage.objects.get(pk=event.pk).live for event in created)


def test_moving_one_date_then_saving_the_series_again_leaves_every_date_as_it_was(admin_client, webinar_series):
    series_events_create(webinar_series)
    march = EventPage.objects.get(series=webinar_series, start=utc(2026, 3, 19, 13))
    march.start, march.end = utc(2026, 3, 26, 14), utc(2026, 3, 26, 15)
    march.title = "CEP webinar on electronic monitoring"
    march.save_revision().publish()
    before = {event.pk: (event.title, event.start) for event in EventPage.objects.filter(series=webinar_series)}

    response = admin_client.post(
        reverse("wagtailsnippets_events_eventseries:edit", args=[webinar_series.pk]),
        series_form(description="Now with a longer description."),
    )

    assert response.status_code == 302
    after = {event.pk: (event.title, event.start) for event in EventPage.objects.filter(series=webinar_series)}
    assert after == before
    assert after[march.pk] == ("CEP webinar on electronic monitoring", utc(2026, 3, 26, 14))
    assert messages_of(response) == ["Event series 'CEP Webinar Series 2026' updated. Edit"]


def test_a_page_deleted_by_an_editor_is_made_again_and_nothing_else(webinar_series):
    created = series_events_create(webinar_series)
    created[1].delete()
    remade = series_events_create(webinar_series)
    assert [event.title for event in remade] == ["CEP Webinar Series 2026: 19 March 2026"]


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MONTHLY;BYDAY=3TH", "The rule never ends: add COUNT (how many events) or UNTIL (the last date)"),
        ("every third Thursday", "This is not a recurrence rule we can read."),
        ("FREQ=WEEKLY;COUNT=100", "The rule gives more than 60 dates"),
    ],
)
def test_a_bad_rule_is_shown_on_the_form_and_nothing_is_made(admin_client, event_index, rule, message):
    response = admin_client.post(reverse("wagtailsnippets_events_eventseries:add"), series_form(recurrence_rule=rule))
    assert response.status_code == 200
    assert message in response.context["form"].errors["recurrence_rule"][0]
    assert message in response.content.decode()
    assert not EventSeries.objects.exists()
    assert not EventPage.objects.exists()


def test_creating_a_series_in_the_admin_makes_its_events(admin_client, event_index):
    response = admin_client.post(reverse("wagtailsnippets_events_eventseries:add"), series_form())
    assert response.status_code == 302
    series = EventSeries.objects.get()
    # Typed in the series' zone: 14:00 in Brussels is 13:00 UTC in winter.
    assert series.first_start == utc(2026, 1, 15, 13)
    assert messages_of(response) == [
        "Event series 'CEP Webinar Series 2026' created. Edit",
        "Created 4 events of CEP Webinar Series 2026. See the events",
    ]
    events = EventPage.objects.child_of(event_index).filter(series=series).order_by("start")
    assert local_times(events) == [
        "Thu 15 Jan 2026 14:00 CET",
        "Thu 19 Mar 2026 14:00 CET",
        "Thu 21 May 2026 14:00 CEST",
        "Thu 19 Nov 2026 14:00 CET",
    ]
    assert all(event.live for event in events)


def test_the_events_team_makes_a_series_whose_events_wait_for_the_communications_review(client, event_index):
    roles_sync()
    member_of_the_team = get_user_model().objects.create_user(email="events@cep-probation.org", password="x")
    member_of_the_team.groups.set([Group.objects.get(name=EVENTS_TEAM)])
    client.force_login(member_of_the_team)

    response = client.post(reverse("wagtailsnippets_events_eventseries:add"), series_form())

    assert messages_of(response)[1] == (
        "Created 4 events of CEP Webinar Series 2026 and submitted them for review: a moderator publishes them. "
        "See the events"
    )
    events = EventPage.objects.filter(series__title="CEP Webinar Series 2026")
    assert [event.live for event in events] == [False] * 4
    assert {event.current_workflow_task.name for event in events} == {"Moderators review"}


def test_the_edit_form_shows_the_first_start_in_the_series_zone(admin_client, event_index):
    series = EventSeriesFactory(first_start=utc(2026, 1, 15, 8), time_zone="Europe/Helsinki")  # 10:00 in Helsinki
    form = admin_client.get(reverse("wagtailsnippets_events_eventseries:edit", args=[series.pk])).context["form"]
    assert form["first_start"].value().strftime("%Y-%m-%d %H:%M") == "2026-01-15 10:00"


def test_the_admin_list_shows_each_series_with_its_number_of_events(admin_client, webinar_series):
    series_events_create(webinar_series)
    page = html(admin_client.get(reverse("wagtailsnippets_events_eventseries:list")))
    row = page.select_one("tbody tr")
    cells = [" ".join(cell.get_text().split()) for cell in row.select("td")]
    assert any("CEP Webinar Series 2026" in cell for cell in cells)
    assert "15 Jan 2026, 14:00 CET" in cells
    assert "4" in cells


# ---------------------------------------------------------------------------
# The public pages
# ---------------------------------------------------------------------------


def test_the_series_page_lists_every_date_and_marks_the_past_ones(client, webinar_series):
    series_events_create(webinar_series)
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=UTC), tick=False):
        response = client.get("/events/series/cep-webinar-series-2026/")
    assert response.status_code == 200
    page = html(response)
    assert page.h1.get_text() == "CEP Webinar Series 2026"
    assert "Short webinars on the third Thursday" in page.select_one(".page-header .lead").get_text()
    assert page.select_one("#series-dates-heading").get_text() == "4 dates, 2 to come"
    items = [" ".join(item.get_text().split()) for item in page.select(".series-dates li")]
    assert items == [
        "Thursday 15 January 2026, 14:00 CET CEP Webinar Series 2026: 15 January 2026 Past",
        "Thursday 19 March 2026, 14:00 CET CEP Webinar Series 2026: 19 March 2026 Past",
        "Thursday 21 May 2026, 14:00 CEST CEP Webinar Series 2026: 21 May 2026 Upcoming",
        "Thursday 19 November 2026, 14:00 CET CEP Webinar Series 2026: 19 November 2026 Upcoming",
    ]
    crumbs = [item.get_text(strip=True) for item in page.select(".breadcrumbs li")]
    assert crumbs == ["Home", "Events", "CEP Webinar Series 2026"]


def test_the_series_page_leaves_out_drafts(client, webinar_series):
    created = series_events_create(webinar_series)
    created[0].unpublish()
    page = html(client.get("/events/series/cep-webinar-series-2026/"))
    assert len(page.select(".series-dates li")) == 3


def test_an_unknown_series_is_not_found(client, event_index):
    assert client.get("/events/series/no-such-series/").status_code == 404


def test_an_event_of_a_series_links_to_the_other_dates(client, webinar_series):
    events = series_events_create(webinar_series)
    page = html(client.get(events[1].url))
    section = page.select_one(".series-dates-section")
    assert " ".join(section.h2.get_text().split()) == "Part of CEP Webinar Series 2026"
    assert section.h2.a["href"] == "/events/series/cep-webinar-series-2026/"
    links = section.select(".series-dates a")
    assert [link["href"] for link in links] == [event.url for event in events]
    assert [link.get_text() for link in links] == [
        "Thursday 15 January 2026, 14:00 CET",
        "Thursday 19 March 2026, 14:00 CET",
        "Thursday 21 May 2026, 14:00 CEST",
        "Thursday 19 November 2026, 14:00 CET",
    ]
    assert [link.get("aria-current") for link in links] == [None, "page", None, None]
    # First in the page's main column, before the picture and the description.
    assert page.select_one(".page-layout__main > *") == section


def test_an_event_outside_a_series_has_no_series_section(client, make_event):
    event = make_event("Webinar on risk assessment", start=utc(2026, 1, 22, 13))
    assert html(client.get(event.url)).select_one(".series-dates-section") is None


def event_page_queries(client, event):
    client.get(event.url)  # warms Wagtail's site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.url)
    assert response.status_code == 200
    return len(queries)


def test_the_event_page_costs_the_same_queries_however_many_dates_its_series_has(client, event_index):
    short = EventSeriesFactory(title="Short series", recurrence_rule="FREQ=MONTHLY;BYDAY=3TH;COUNT=2")
    long = EventSeriesFactory(title="Long series", recurrence_rule="FREQ=MONTHLY;BYDAY=3TH;COUNT=24")
    short_event = series_events_create(short)[0]
    long_event = series_events_create(long)[0]
    assert event_page_queries(client, long_event) == event_page_queries(client, short_event)


# ---------------------------------------------------------------------------
# The demo content
# ---------------------------------------------------------------------------


def test_the_demo_has_the_2026_webinars_as_a_series_with_january_moved(client, full_demo_site):
    series = EventSeries.objects.get(slug="cep-webinar-series-2026")
    assert (series.title, series.recurrence_rule) == ("CEP Webinar Series 2026", WEBINAR_RULE)
    events = list(EventPage.objects.filter(series=series).order_by("start"))
    assert [event.slug for event in events] == [
        "first-cep-webinar-2026",
        "cep-webinar-series-2026-march",
        "cep-webinar-series-2026-may",
        "cep-webinar-series-2026-november",
    ]
    assert local_times(events) == [
        "Thu 22 Jan 2026 14:00 CET",
        "Thu 19 Mar 2026 14:00 CET",
        "Thu 21 May 2026 14:00 CEST",
        "Thu 19 Nov 2026 14:00 CET",
    ]
    january = events[0]
    assert january.title == "First CEP webinar 2026: Alternatives to Detention"
    assert january.series_occurrence == utc(2026, 1, 15, 13)  # the rule's date, kept when the page was moved
    assert january.local_end.strftime("%H:%M") == "15:00"
    assert "More than a hundred participants" in str(january.recap)
    assert [topic.title for topic in january.topics.all()] == ["Alternatives to Pre-trial Detention"]
    assert all(event.live for event in events)

    page = html(client.get("/events/series/cep-webinar-series-2026/"))
    assert len(page.select(".series-dates li")) == 4
    assert "Thursday 22 January 2026, 14:00 CET" in page.select_one(".series-dates li").get_text()


def test_staff_find_event_series_under_events_in_the_admin_menu(admin_client, event_index):
    response = admin_client.get(reverse("wagtailsnippets_events_eventseries:add"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields) >= {
        "title", "slug", "description", "recurrence_rule", "first_start", "duration_minutes", "time_zone", "kind",
        "attendance", "summary", "topics",
    }  # fmt: skip
    menu = response.content.decode()
    assert '"name": "events-admin"' in menu and '"label": "Events"' in menu and '"label": "Event series"' in menu


@pytest.mark.slow  # loads the demo content
def test_an_install_with_the_webinars_from_before_series_gets_them_linked_not_copied(demo_site):
    index = EventIndexPageFactory(parent=demo_site)
    earlier = {
        "first-cep-webinar-2026": utc(2026, 1, 22, 13),
        "cep-webinar-series-2026-march": utc(2026, 3, 19, 13),
        "cep-webinar-series-2026-may": utc(2026, 5, 21, 12),
        "cep-webinar-series-2026-november": utc(2026, 11, 19, 13),
    }
    for slug, start in earlier.items():
        EventPageFactory(parent=index, slug=slug, start=start).save_revision().publish()

    call_command("load_demo_content", stdout=io.StringIO())

    series = EventSeries.objects.get(slug="cep-webinar-series-2026")
    webinars = EventPage.objects.filter(slug__startswith="cep-webinar-series-2026") | EventPage.objects.filter(
        slug="first-cep-webinar-2026"
    )
    assert {event.slug: (event.start, event.series_id) for event in webinars} == {
        slug: (start, series.pk) for slug, start in earlier.items()
    }
    assert EventPage.objects.filter(series=series).count() == 4


def test_changing_the_time_makes_new_dates_and_says_the_old_ones_no_longer_fit(admin_client, webinar_series):
    old_events = series_events_create(webinar_series)
    response = admin_client.post(
        reverse("wagtailsnippets_events_eventseries:edit", args=[webinar_series.pk]),
        series_form(first_start="2026-01-15 16:00"),
    )
    assert response.status_code == 302
    assert messages_of(response)[1:] == [
        "Created 4 events of CEP Webinar Series 2026. See the events",
        "4 events of the series are on a date its rule no longer gives, and left as they are; "
        "delete any that should go.",
    ]
    assert EventPage.objects.filter(pk__in=[event.pk for event in old_events], live=True).count() == 4
