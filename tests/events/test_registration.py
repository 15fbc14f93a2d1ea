"""Registering for an event: the form on its page, places and the waiting list, the e-mails, the registrant's page."""

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import registrations
from events.models import Registration
from events.registrations import Availability, registration_state
from tests.events.factories import RegistrationFactory
from tests.helpers import soup_of, utc

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://meet.example.org/secret-room-4711"


def form_data(**fields):
    return {
        "name": "Anna Novak",
        "email": "anna.novak@probation.example",
        "organisation": "Slovenian Probation Service",
        "country": "SI",
        "is_member": "on",
        "reminders_consent": "on",
        "website": "",
        **fields,
    }


@pytest.fixture
def event(frozen_now, make_event):
    """An online webinar on 22 January 2026, 14:00 Brussels time, taking registrations for two places."""
    return make_event(
        "Webinar on risk assessment",
        start=utc(2026, 1, 22, 13),
        takes_registrations=True,
        capacity=2,
        online_link=ONLINE_LINK,
    )


def sent_page_path(event):
    return f"{event.url}register/sent/"


def confirmation_link_path(message) -> str:
    match = re.search(r"Confirm your registration: https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match[1]


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """Post the form as a visitor would, then confirm from the e-mail as its owner would; the e-mails go out when
    each request's transaction commits. The confirmation link's e-mail is taken out of the outbox."""

    def post(event, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{event.url}register/", form_data(**fields))
        if response.status_code == 303 and response["Location"] == sent_page_path(event):
            to = [form_data(**fields)["email"]]
            links = [message for message in mail.outbox if message.to == to and "Confirm your" in message.subject]
            for message in links:
                mail.outbox.remove(message)
                with django_capture_on_commit_callbacks(execute=True):
                    Client().post(confirmation_link_path(message), {"action": "confirm"})
        return response

    return post


def registration_page_path(registration):
    return f"{registration.event.url}registration/{registration.token}/"


def ics_event_of(message):
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    return vevent


# ---- Where registration stands ----


@pytest.mark.parametrize(
    ("fields", "availability", "message"),
    [
        ({"takes_registrations": False}, Availability.NOT_TAKING, "This event does not take registrations"),
        (
            {"registration_opens": utc(2026, 1, 14, 8)},
            Availability.NOT_OPEN_YET,
            "Registration opens on 14 Jan 2026, 09:00 CET.",
        ),
        ({"capacity": None}, Availability.OPEN, "Register by 22 Jan 2026, 14:00 CET."),
        ({}, Availability.OPEN, "Register by 22 Jan 2026, 14:00 CET. 2 places left."),
        (
            {"registration_deadline": utc(2026, 1, 15, 11)},
            Availability.OPEN,
            "Register by 15 Jan 2026, 12:00 CET. 2 places left.",
        ),
        ({"registration_deadline": utc(2026, 1, 12, 8)}, Availability.CLOSED, "Registration is closed."),
    ],
)
def test_registration_state_follows_the_dates_set_in_the_events_zone(event, fields, availability, message):
    for name, value in fields.items():
        setattr(event, name, value)
    state = registration_state(event)
    assert state.availability == availability
    assert state.message.startswith(message)


def test_deadline_is_shown_in_the_events_own_zone(frozen_now, make_event):
    event = make_event(
        "Lisbon webinar", start=utc(2026, 1, 22, 13), time_zone="Europe/Lisbon", takes_registrations=True
    )
    event.registration_deadline = utc(2026, 1, 15, 11)
    assert registration_state(event).message == "Register by 15 Jan 2026, 11:00 WET."
    assert registration_state(event).deadline == datetime(2026, 1, 15, 11, tzinfo=ZoneInfo("Europe/Lisbon"))


def test_registration_closes_when_the_event_starts_and_an_ended_event_is_past(event):
    with time_machine.travel(utc(2026, 1, 22, 13), tick=False):
        assert registration_state(event).availability == Availability.CLOSED
    with time_machine.travel(utc(2026, 1, 22, 15), tick=False):
        assert registration_state(event).message == "This event is over."


def test_a_full_event_offers_its_waiting_list_or_says_it_is_full(event):
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status="cancelled")
    assert registration_state(event).message == "The event is full: join the waiting list by 22 Jan 2026, 14:00 CET."
    event.waitlist = False
    assert registration_state(event).message == "The event is full."


def test_event_page_shows_the_state_and_the_form(client, event):
    RegistrationFactory(event=event)
    page = soup_of(client.get(event.url))
    section = page.find(id="register")
    assert section.select_one(".registration__state").get_text(strip=True) == (
        "Register by 22 Jan 2026, 14:00 CET. 1 place left."
    )
    form = section.find("form")
    assert form["action"] == f"{event.url}register/#register"
    labels = {label.get_text(" ", strip=True) for label in form.find_all("label")}
    assert {"Name *", "E-mail address *", "Organisation", "Country", "My organisation is a CEP member"} <= labels
    assert "Send me reminders before the event" in labels
    assert form.find("button").get_text(strip=True) == "Register"
    # What the details are for, beside the button that sends them.
    note = form.find("button").find_next_sibling(class_="privacy-note")
    assert "We use these details only for your registration and this event." in note.get_text()


def test_the_honeypot_is_hidden_from_people(client, event):
    trap = soup_of(client.get(event.url)).select_one(".form-trap")
    assert trap["aria-hidden"] == "true"
    assert trap.label.get_text(strip=True) == "Leave this field empty"
    assert trap.input["tabindex"] == "-1"
    assert trap.input["autocomplete"] == "off"


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"registration_opens": utc(2026, 1, 14, 8)}, "Registration opens on 14 Jan 2026, 09:00 CET."),
        ({"registration_deadline": utc(2026, 1, 12, 8)}, "Registration is closed."),
    ],
)
def test_event_page_without_open_registration_shows_why_and_no_form(client, event, fields, shown):
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    section = soup_of(client.get(event.url)).find(id="register")
    assert section.select_one(".registration__state").get_text(strip=True) == shown
    assert section.find("form") is None


def test_event_page_without_registration_has_no_section(client, frozen_now, make_event):
    event = make_event("Conference", start=utc(2026, 3, 19, 9), takes_registrations=False)
    assert soup_of(client.get(event.url)).find(id="register") is None


# ---- Registering ----


def test_registering_books_a_place_and_sends_the_confirmation_with_the_calendar_file(register, event):
    response = register(event)
    registration = Registration.objects.get()
    assert response.status_code == 303
    assert response["Location"] == sent_page_path(event)
    assert (registration.name, registration.email, registration.organisation) == (
        "Anna Novak",
        "anna.novak@probation.example",
        "Slovenian Probation Service",
    )
    assert (registration.country, registration.is_member, registration.reminders_consent) == ("SI", True, True)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.calendar_sequence == event.calendar_sequence

    (message,) = mail.outbox
    assert message.subject == "You are registered: Webinar on risk assessment"
    assert message.to == ["anna.novak@probation.example"]
    assert ONLINE_LINK in message.body
    assert registration_page_path(registration) in message.body
    vevent = ics_event_of(message)
    assert vevent["UID"] == f"{event.calendar_uid}@cep-probation.org"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert vevent.start == datetime(2026, 1, 22, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    assert sorted(registration.emails.values_list("kind", flat=True)) == ["confirm-address", "confirmation"]


def test_the_last_place_goes_to_the_first_and_the_next_joins_the_waiting_list(register, event):
    RegistrationFactory(event=event)
    register(event, email="first@probation.example")
    page = soup_of(Client().get(event.url))
    assert page.select_one(".registration__state").get_text(strip=True).startswith("The event is full")
    assert page.select_one("#register button").get_text(strip=True) == "Join the waiting list"

    response = register(event, name="Second Person", email="second@probation.example")
    assert response.status_code == 303
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["first@probation.example"] == "confirmed"
    assert statuses["second@probation.example"] == "waitlisted"
    waitlisted = [message for message in mail.outbox if message.to == ["second@probation.example"]]
    (message,) = waitlisted
    assert message.subject == "On the waiting list: Webinar on risk assessment"
    assert ONLINE_LINK not in message.body
    assert message.attachments == []


def test_a_full_event_without_waiting_list_refuses_with_409_and_creates_nothing(register, event):
    event.waitlist = False
    event.save()
    RegistrationFactory.create_batch(2, event=event)
    response = register(event)
    assert response.status_code == 409
    assert "Sorry, the event is full and has no waiting list." in soup_of(response).select_one(".error-summary").text
    assert Registration.objects.count() == 2
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "now", "message"),
    [
        ({"registration_opens": utc(2026, 1, 14, 8)}, None, "Registration opens on 14 Jan 2026, 09:00 CET."),
        ({"registration_deadline": utc(2026, 1, 12, 8)}, None, "Registration is closed."),
        ({}, utc(2026, 1, 23, 9), "This event is over."),
        ({"takes_registrations": False}, None, "This event does not take registrations on this site."),
    ],
)
def test_closed_not_yet_open_or_past_events_refuse_with_403_and_create_nothing(register, event, fields, now, message):
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    with time_machine.travel(now or utc(2026, 1, 12, 9), tick=False):
        response = register(event)
    assert response.status_code == 403
    assert message in soup_of(response).select_one(".error-summary").get_text(" ", strip=True)
    assert not Registration.objects.exists()
    assert mail.outbox == []


def post_form(event, **fields):
    return Client().post(f"{event.url}register/", form_data(**fields))


def test_a_registration_from_the_form_holds_no_place_until_its_owner_confirms_from_the_email(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(event)
    assert (response.status_code, response["Location"]) == (303, sent_page_path(event))
    sent = Client().get(response["Location"])
    assert "Check your inbox" in sent.content.decode()
    pending = Registration.objects.get()
    assert pending.status == Registration.Status.PENDING
    assert registration_state(event).places_left == 2  # nothing is taken yet

    (message,) = mail.outbox
    assert message.to == ["anna.novak@probation.example"]
    assert message.subject == "Confirm your registration: Webinar on risk assessment"
    assert ONLINE_LINK not in message.body and message.attachments == []
    link = confirmation_link_path(message)
    # Opening the link (as a mail scanner does) changes nothing; the button does.
    page = client.get(link)
    assert "Confirm my registration" in page.content.decode()
    assert Registration.objects.get().status == Registration.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link, {"action": "confirm"})
    assert "your registration is confirmed" in confirmed.content.decode()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert registration_state(event).places_left == 1
    assert [message.subject for message in mail.outbox[1:]] == ["You are registered: Webinar on risk assessment"]
    # A second click finds it confirmed, and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"action": "confirm"})
    assert len(mail.outbox) == 2


def test_a_stranger_cannot_fill_an_event_with_other_peoples_addresses(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            assert post_form(event, email=f"someone{number}@probation.example").status_code == 303
    assert registration_state(event).availability == Availability.OPEN
    assert registration_state(event).places_left == 2
    assert not Registration.objects.filter(status__in=["confirmed", "waitlisted"]).exists()


def test_an_address_already_registered_gets_the_same_answer_and_its_owner_a_notice(
    event, django_capture_on_commit_callbacks
):
    owner = RegistrationFactory(
        event=event, name="Jan de Vries", email="Jan.de.Vries@Reclassering.example", organisation="Reclassering NL"
    )
    with django_capture_on_commit_callbacks(execute=True):
        new = post_form(event, name="Someone Else", email="new.person@probation.example")
        known = post_form(event, name="Someone Else", email="jan.de.vries@reclassering.EXAMPLE", organisation="")
        again = post_form(event, name="Someone Else", email="jan.de.vries@reclassering.EXAMPLE", organisation="")

    assert new.status_code == known.status_code == again.status_code == 303
    assert new["Location"] == known["Location"] == again["Location"] == sent_page_path(event)
    assert Registration.objects.filter(email__iexact=owner.email).count() == 1
    owner.refresh_from_db()
    assert (owner.name, owner.status) == ("Jan de Vries", "confirmed")
    notices = [message for message in mail.outbox if message.to == [owner.email]]
    (notice,) = notices  # one a day, however often the address is typed
    assert notice.subject == "You are already registered: Webinar on risk assessment"
    assert "nothing has changed" in notice.body


def test_a_hold_nobody_confirms_expires_and_its_link_says_so(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(event)
    link = confirmation_link_path(mail.outbox[0])
    later = timezone.now() + timedelta(hours=settings.EVENT_REGISTRATION_CONFIRM_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.post(link, {"action": "confirm"})
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert Registration.objects.get().status == Registration.Status.PENDING
        out = io.StringIO()
        call_command("expire_registration_holds", stdout=out)
        assert out.getvalue() == "Unconfirmed registrations deleted: 1.\n"
        assert not Registration.objects.exists()
        # The address may register again.
        with django_capture_on_commit_callbacks(execute=True):
            assert post_form(event).status_code == 303
        assert Registration.objects.get().status == Registration.Status.PENDING


def test_a_hold_confirmed_once_the_event_is_full_joins_the_waiting_list(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(event)
    RegistrationFactory.create_batch(2, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirmation_link_path(mail.outbox[0]), {"action": "confirm"})
    assert Registration.objects.get(email="anna.novak@probation.example").status == Registration.Status.WAITLISTED


def test_a_cancelled_address_may_register_again(register, event):
    RegistrationFactory(event=event, email="anna.novak@probation.example", status="cancelled")
    assert register(event).status_code == 303
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_the_database_refuses_a_second_registration_made_at_the_same_moment(event, monkeypatch):
    RegistrationFactory(event=event, email="anna.novak@probation.example")
    # As if the other request committed between our check and our insert: only the constraint is left to catch it.
    monkeypatch.setattr("django.db.models.query.QuerySet.exists", lambda queryset: False)
    with pytest.raises(registrations.AlreadyRegistered):
        registrations.registration_create(event, name="Anna", email="ANNA.NOVAK@probation.example")
    monkeypatch.undo()
    assert Registration.objects.count() == 1


def test_a_filled_honeypot_is_thanked_but_nothing_is_kept(register, event):
    response = register(event, website="http://spam.example")
    assert response.status_code == 303
    assert response["Location"] == f"{event.url}#register"
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_missing_fields_give_400_with_linked_errors_and_create_nothing(register, event):
    response = register(event, name="", email="not-an-address")
    assert response.status_code == 400
    page = soup_of(response)
    summary = page.select_one(".error-summary")
    links = {link["href"]: link.get_text(strip=True) for link in summary.find_all("a")}
    assert links == {
        "#id_name": "Name: This field is required.",
        "#id_email": "E-mail address: Enter a valid email address.",
    }
    name_input = page.find("input", id="id_name")
    assert name_input["aria-invalid"] == "true"
    assert page.find(id=name_input["aria-describedby"]).get_text(strip=True) == "This field is required."
    assert "id_email_error" in page.find("input", id="id_email")["aria-describedby"].split()
    # What was typed is kept.
    assert page.find("input", id="id_organisation")["value"] == "Slovenian Probation Service"
    assert not Registration.objects.exists()


def test_too_many_posts_from_one_address_get_429(register, event, settings):
    settings.EVENT_REGISTRATION_RATE = "2/h"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate"}}
    assert register(event, email="one@probation.example").status_code == 303
    assert register(event, email="two@probation.example").status_code == 303
    response = register(event, email="three@probation.example")
    assert response.status_code == 429
    assert soup_of(response).h1.get_text(strip=True) == "Too many registrations"
    assert not Registration.objects.filter(email="three@probation.example").exists()


def test_opening_the_register_address_leads_to_the_form(client, event):
    response = client.get(f"{event.url}register/")
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}#register"


@pytest.mark.parametrize("path", ["/events/register/", "/events/no-such-event/register/", "/about-us/register/"])
def test_posting_to_anything_but_an_event_is_404(client, event, path):
    assert client.post(path, form_data()).status_code == 404
    assert not Registration.objects.exists()


def test_a_logged_in_person_finds_the_form_filled_in_and_then_their_registration(client, register, event):
    user = get_user_model().objects.create_user(
        email="marta.kowalska@probation.example", first_name="Marta", last_name="Kowalska"
    )
    client.force_login(user)
    form = soup_of(client.get(event.url)).select_one("#register form")
    assert form.find("input", id="id_name")["value"] == "Marta Kowalska"
    assert form.find("input", id="id_email")["value"] == "marta.kowalska@probation.example"

    register(event, name="Marta Kowalska", email="marta.kowalska@probation.example")
    registration = Registration.objects.get()
    assert registration.user == user
    section = soup_of(client.get(event.url)).find(id="register")
    assert section.find("form") is None
    assert section.select_one(".registration__own").get_text(" ", strip=True).startswith("You are registered.")
    assert section.select_one(".registration__own a")["href"] == registration_page_path(registration)


def test_the_public_event_page_never_shows_the_online_link(client, register, event):
    assert ONLINE_LINK not in client.get(event.url).content.decode()
    user = get_user_model().objects.create_user(email="anna.novak@probation.example")
    client.force_login(user)
    register(event)
    assert ONLINE_LINK not in client.get(event.url).content.decode()
    assert ONLINE_LINK not in register(event).content.decode()  # the 409 page too


def test_event_page_queries_do_not_grow_with_registrations(client, event):
    event.capacity = 500
    event.save()

    def queries():
        client.get(event.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(event.url).status_code == 200
        return len(captured)

    RegistrationFactory.create_batch(10, event=event)
    with_ten = queries()
    RegistrationFactory.create_batch(90, event=event)
    assert queries() == with_ten


# ---- The registrant's own page ----


def test_registrant_page_shows_the_registration_and_the_join_link_to_confirmed_people(client, event):
    registration = RegistrationFactory(event=event, name="Anna Novak")
    response = client.get(registration_page_path(registration))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    page = soup_of(response)
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    facts = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in page.select(".page-facts > div")}
    assert facts["Status"] == "Confirmed: your place is booked"
    assert facts["When"] == "22 Jan 2026, 14:00 CET – 15:30 CET"
    assert page.find("a", string="Join online")["href"] == ONLINE_LINK
    assert page.find("a", string="Add to calendar (.ics)")["href"] == f"{event.url}calendar/"
    assert page.find("button", string="Cancel my registration")


def test_registrant_page_gives_no_join_link_to_the_waiting_list_or_after_the_event(client, event):
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    response = client.get(registration_page_path(waiting))
    assert ONLINE_LINK not in response.content.decode()
    assert "On the waiting list (number 1)" in soup_of(response).select_one(".registration-status").text
    confirmed = RegistrationFactory(event=event)
    with time_machine.travel(utc(2026, 1, 23, 9), tick=False):
        response = client.get(registration_page_path(confirmed))
    assert ONLINE_LINK not in response.content.decode()
    assert soup_of(response).find("button", string="Cancel my registration") is None


@pytest.mark.parametrize("token", ["no-such-token", "x" * 43])
def test_an_unknown_token_is_404(client, event, token):
    RegistrationFactory(event=event)
    assert client.get(f"{event.url}registration/{token}/").status_code == 404
    assert client.post(f"{event.url}registration/{token}/").status_code == 404


def test_a_token_works_only_on_its_own_event(client, event, make_event):
    other = make_event("Another webinar", start=utc(2026, 2, 5, 13), takes_registrations=True)
    registration = RegistrationFactory(event=other)
    assert client.get(f"{event.url}registration/{registration.token}/").status_code == 404


def test_cancelling_frees_the_place_for_the_first_on_the_waiting_list(
    client, event, django_capture_on_commit_callbacks
):
    leaving = RegistrationFactory(event=event, email="leaving@probation.example")
    RegistrationFactory(event=event)
    # Made first, but joined the list later: the list goes by when people joined it.
    second_waiting = RegistrationFactory(event=event, status="waitlisted", email="second@probation.example")
    with time_machine.travel(utc(2026, 1, 10, 9), tick=False):
        first_waiting = RegistrationFactory(event=event, status="waitlisted", email="first@probation.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(registration_page_path(leaving))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Your registration is cancelled." in soup_of(response).select_one(".registration-notice").text
    assert soup_of(response).select_one(".registration-status").get_text(strip=True) == "Cancelled"

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses[leaving.email] == "cancelled"
    assert statuses[first_waiting.email] == "confirmed"
    assert statuses[second_waiting.email] == "waitlisted"
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {leaving.email, first_waiting.email}
    assert sent[leaving.email].subject == "Registration cancelled: Webinar on risk assessment"
    promoted = sent[first_waiting.email]
    assert promoted.subject == "A place is free for you: Webinar on risk assessment"
    assert ONLINE_LINK in promoted.body
    assert ics_event_of(promoted)["UID"] == f"{event.calendar_uid}@cep-probation.org"

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(registration_page_path(leaving))
    assert "already cancelled" in again.content.decode()
    assert len(mail.outbox) == 2


def test_cancelling_a_waiting_list_place_promotes_nobody(event, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    other_waiting = RegistrationFactory(event=event, status="waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(waiting)
    other_waiting.refresh_from_db()
    assert other_waiting.status == "waitlisted"
    assert [message.subject for message in mail.outbox] == ["Registration cancelled: Webinar on risk assessment"]


def test_an_event_that_is_over_cannot_be_cancelled(client, event):
    registration = RegistrationFactory(event=event)
    with time_machine.travel(utc(2026, 1, 23, 9), tick=False):
        response = client.post(registration_page_path(registration))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_cancel_forged_on_another_site_is_refused(event):
    registration = RegistrationFactory(event=event)
    response = Client(enforce_csrf_checks=True).post(
        registration_page_path(registration), HTTP_ORIGIN="https://forger.example"
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed"


# ---- Staff promotion ----


def test_staff_may_promote_beyond_the_capacity(event, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", email="waiting@probation.example")
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_promote(waiting)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3
    (message,) = mail.outbox
    assert message.subject == "A place is free for you: Webinar on risk assessment"
    with pytest.raises(registrations.NotOnWaitlist):
        registrations.registration_promote(waiting)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_cannot_both_take_the_last_place(event, monkeypatch):
    """Each registration counts the places with the event's row locked, so the second waits for the first."""
    import threading
    import time

    from django.db import connections

    event.capacity = 1
    event.save()
    count_places = registrations.confirmed_count

    def slow_count(counted_event):
        taken = count_places(counted_event)
        time.sleep(0.3)  # without the lock, the other request would count the same free place meanwhile
        return taken

    monkeypatch.setattr(registrations, "confirmed_count", slow_count)
    start = threading.Barrier(2)
    errors = []

    def register_as(email):
        try:
            start.wait()
            registrations.registration_create(event, name=email, email=email)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register_as, args=(f"{n}@probation.example",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Registration.objects.values_list("status", flat=True)) == ["confirmed", "waitlisted"]
