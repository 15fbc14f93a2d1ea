"""Editors type an event's times in the event's own zone, whatever the site's or their own zone."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventPage
from tests.helpers import utc

pytestmark = pytest.mark.django_db


def edit_from_the_admin(client, event, **fields):
    client.force_login(
        get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    )
    form = nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "start": "2026-01-22 14:00",
            "end": "2026-01-22 15:30",
            "time_zone": "Europe/Brussels",
            "summary": event.summary,
            "attendance": "online",
            "venue_name": "",
            "venue_address": "",
            "venue_city": "",
            "venue_country": "",
            "online_link": "",
            "description": streamfield([]),
            "programme": rich_text(""),
            "speakers": streamfield([]),
            "price": "",
            "eligibility": "",
            "documents": streamfield([]),
            "recap": streamfield([]),
            "recording": streamfield([]),
            "presentations": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
            **fields,
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=(event.pk,)), form)


def form_errors(response):
    return response.context["form"].errors if response.context and "form" in response.context else None


def test_edit_form_shows_the_saved_times_in_the_events_zone(client, calendar_of_events):
    event = calendar_of_events["events"]["conference"]  # 09:00 UTC, Lisbon
    client.force_login(
        get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    )
    form = client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))).context["form"]
    assert form["start"].value().strftime("%Y-%m-%d %H:%M") == "2026-03-19 09:00"


@pytest.mark.parametrize(
    ("time_zone", "typed_start", "stored_start"),
    [
        ("Europe/Brussels", "2026-01-22 14:00", utc(2026, 1, 22, 13)),
        ("Europe/Lisbon", "2026-01-22 14:00", utc(2026, 1, 22, 14)),
        ("Europe/Helsinki", "2026-07-01 10:00", utc(2026, 7, 1, 7)),
    ],
)
def test_typed_times_are_read_in_the_events_zone(client, calendar_of_events, time_zone, typed_start, stored_start):
    event = calendar_of_events["events"]["webinar"]
    end = typed_start[:11] + "23:00"
    response = edit_from_the_admin(client, event, time_zone=time_zone, start=typed_start, end=end)
    assert response.status_code == 302, form_errors(response)
    saved = EventPage.objects.get(pk=event.pk)
    assert (saved.start, saved.time_zone) == (stored_start, time_zone)
    assert saved.local_start.strftime("%Y-%m-%d %H:%M") == typed_start


def test_an_end_before_the_start_is_refused(client, calendar_of_events):
    event = calendar_of_events["events"]["webinar"]
    response = edit_from_the_admin(client, event, start="2026-01-22 14:00", end="2026-01-22 13:00")
    assert response.status_code == 200
    assert "end" in form_errors(response)
    assert EventPage.objects.get(pk=event.pk).start == utc(2026, 1, 22, 13)


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ({"registration_opens": "2026-01-20 09:00", "registration_deadline": "2026-01-19 09:00"},
         "registration_deadline", "Registration must close after it opens."),
        ({"registration_deadline": "2026-01-23 09:00"}, "registration_deadline",
         "Registration must close before the event ends."),
        ({"registration_opens": "2026-01-22 14:00"}, "registration_opens",
         "Registration must open before the event starts."),
    ],
)  # fmt: skip
def test_registration_dates_out_of_order_are_refused(client, calendar_of_events, dates, field, message):
    event = calendar_of_events["events"]["webinar"]
    response = edit_from_the_admin(client, event, takes_registrations="on", **dates)
    assert form_errors(response)[field] == [message]
    event.refresh_from_db()
    assert (event.registration_opens, event.registration_deadline) == (None, None)


def admin_messages(response):
    """As an editor reads them: Wagtail's messages are HTML."""
    return [
        " ".join(BeautifulSoup(str(message), "html.parser").get_text().split())
        for message in get_messages(response.wsgi_request)
    ]


@pytest.mark.parametrize("registration", [{}, {"takes_registrations": "on"}])
def test_an_upcoming_event_saved_without_registration_warns_the_editor(client, calendar_of_events, registration):
    event = calendar_of_events["events"]["webinar"]
    next_year = timezone.localdate().year + 1
    response = edit_from_the_admin(
        client, event, start=f"{next_year}-01-22 14:00", end=f"{next_year}-01-22 15:30", **registration
    )
    assert response.status_code == 302
    warned = [text for text in admin_messages(response) if "takes no registrations" in text]
    assert warned == ([] if registration else [
        f"'{event.title}' takes no registrations on this site: its page shows no form. If people should register "
        "here, tick 'Registration on this page'."
    ])  # fmt: skip
