"""Staff and registrations in the Wagtail admin: an event's list, the CSV export, promoting from the waiting list."""

import csv
import io

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail

from events.models import Registration
from tests.events.factories import RegistrationFactory
from tests.helpers import soup_of, utc

pytestmark = pytest.mark.django_db

INDEX = "/admin/events/registrations/"


def text_of(response):
    return " ".join(soup_of(response).get_text().split())


def promote_path(registration):
    return f"{INDEX}promote/{registration.pk}/"


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser(email="staff@cep-probation.org", password="x"))
    return client


@pytest.fixture
def events(frozen_now, make_event):
    webinar = make_event("Webinar on risk assessment", start=utc(2026, 1, 22, 13), takes_registrations=True, capacity=1)
    workshop = make_event("Workshop in Riga", start=utc(2026, 2, 10, 9), takes_registrations=True)
    RegistrationFactory(event=webinar, name="Anna Novak", email="anna@probation.example", country="SI")
    RegistrationFactory(event=webinar, name="Jan de Vries", email="jan@reclassering.example", status="waitlisted")
    RegistrationFactory(event=workshop, name="Liis Tamm", email="liis@probation.example", country="EE")
    return {"webinar": webinar, "workshop": workshop}


def test_staff_list_one_events_registrations(staff_client, events):
    response = staff_client.get(INDEX, {"event": events["webinar"].pk})
    text = soup_of(response).select_one("table.listing").get_text(" ", strip=True)
    assert "Anna Novak" in text
    assert "Jan de Vries" in text
    assert "Liis Tamm" not in text
    assert "On the waiting list" in text
    assert "Slovenia" in text


def test_staff_filter_by_status_and_search_by_address(staff_client, events):
    text = soup_of(staff_client.get(INDEX, {"status": "waitlisted"})).select_one("table.listing").get_text()
    assert "Jan de Vries" in text
    assert "Anna Novak" not in text
    text = soup_of(staff_client.get(INDEX, {"q": "liis@"})).select_one("table.listing").get_text()
    assert "Liis Tamm" in text
    assert "Anna Novak" not in text


def test_csv_export_has_the_events_registrations_and_defuses_formulas(staff_client, events):
    RegistrationFactory(
        event=events["webinar"], name='=HYPERLINK("http://evil.example")', email="evil@example.org", status="cancelled"
    )
    response = staff_client.get(INDEX, {"event": events["webinar"].pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="event-registrations.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0]) == [
        "Event",
        "Name",
        "E-mail address",
        "Organisation",
        "Country",
        "CEP member",
        "Reminders",
        "Status",
        "Registered at (UTC)",
    ]
    by_name = {row["Name"]: row for row in rows}
    assert set(by_name) == {"Anna Novak", "Jan de Vries", '\'=HYPERLINK("http://evil.example")'}
    anna = by_name["Anna Novak"]
    assert (anna["Event"], anna["E-mail address"], anna["Country"], anna["Status"]) == (
        "Webinar on risk assessment",
        "anna@probation.example",
        "Slovenia",
        "Confirmed",
    )
    assert by_name["Jan de Vries"]["Status"] == "On the waiting list"


def test_the_waiting_list_rows_offer_promotion(staff_client, events):
    page = soup_of(staff_client.get(INDEX, {"event": events["webinar"].pk}))
    promote_links = [link["href"] for link in page.find_all("a") if link.get_text(strip=True) == "Promote to a place"]
    jan = Registration.objects.get(name="Jan de Vries")
    assert promote_links == [promote_path(jan)]


def test_staff_promote_from_the_waiting_list_even_over_capacity(
    staff_client, events, django_capture_on_commit_callbacks
):
    jan = Registration.objects.get(name="Jan de Vries")
    confirmation = text_of(staff_client.get(promote_path(jan)))
    assert "Give Jan de Vries (jan@reclassering.example) a place at Webinar on risk assessment?" in confirmation
    assert "1 of 1 places are taken." in confirmation
    assert "takes it over its capacity, to 2 people" in confirmation
    jan.refresh_from_db()
    assert jan.status == "waitlisted"  # looking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(promote_path(jan))
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?event={events['webinar'].pk}"
    jan.refresh_from_db()
    assert jan.status == "confirmed"
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["jan@reclassering.example"],
        "A place is free for you: Webinar on risk assessment",
    )
    messages = text_of(staff_client.get(response["Location"]))
    assert "Jan de Vries now has a place; we have e-mailed them." in messages


def test_promoting_someone_with_a_place_changes_nothing(staff_client, events):
    anna = Registration.objects.get(name="Anna Novak")
    response = staff_client.post(promote_path(anna), follow=True)
    assert "Anna Novak is not on the waiting list." in response.content.decode()
    anna.refresh_from_db()
    assert anna.status == "confirmed"
    assert mail.outbox == []


def test_people_without_the_change_permission_cannot_promote(client, events):
    jan = Registration.objects.get(name="Jan de Vries")
    visitor = get_user_model().objects.create_user(email="member@probation.example", password="x")
    client.force_login(visitor)
    assert client.get(INDEX)["Location"].startswith("/admin/login/")
    assert client.post(promote_path(jan))["Location"].startswith("/admin/login/")

    viewers = Group.objects.create(name="Registration viewers")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    viewer = get_user_model().objects.create_user(email="viewer@cep-probation.org", password="x")
    viewer.groups.add(viewers)
    client.force_login(viewer)
    assert client.get(INDEX).status_code == 200
    # Wagtail answers a refused permission with a redirect to the dashboard and a message.
    assert "Promote to a place" not in client.get(INDEX, {"event": events["webinar"].pk}).content.decode()
    assert client.get(promote_path(jan))["Location"] == "/admin/"
    assert client.post(promote_path(jan))["Location"] == "/admin/"
    jan.refresh_from_db()
    assert jan.status == "waitlisted"


def test_registrations_are_not_added_in_the_admin(staff_client, events):
    assert staff_client.get(f"{INDEX}new/").status_code == 404
    assert "Add event registration" not in staff_client.get(INDEX).content.decode()


def test_an_events_editor_links_to_its_registrations(staff_client, events):
    event = events["webinar"]
    page = soup_of(staff_client.get(f"/admin/pages/{event.pk}/edit/"))
    links = [link["href"] for link in page.find_all("a") if link.get_text(strip=True) == "Registrations"]
    assert f"{INDEX}?event={event.pk}" in links


def test_staff_inspect_a_registration_and_correct_only_the_personal_details(staff_client, events):
    jan = Registration.objects.get(name="Jan de Vries")
    inspect = staff_client.get(f"{INDEX}inspect/{jan.pk}/")
    assert inspect.status_code == 200
    text = text_of(inspect)
    assert "jan@reclassering.example" in text
    assert "On the waiting list" in text
    assert promote_path(jan) in [link["href"] for link in soup_of(inspect).find_all("a")]

    form = staff_client.get(f"{INDEX}edit/{jan.pk}/").context["form"]
    assert set(form.fields) == {"name", "email", "organisation", "country", "is_member", "reminders_consent"}


def test_editors_type_the_registration_dates_in_the_events_zone(client, events):
    from tests.events.test_admin import edit_from_the_admin

    event = events["webinar"]
    response = edit_from_the_admin(
        client,
        event,
        time_zone="Europe/Lisbon",
        takes_registrations="on",
        registration_opens="2026-01-13 09:00",
        registration_deadline="2026-01-20 12:00",
        capacity="30",
        waitlist="on",
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.registration_opens, event.registration_deadline) == (utc(2026, 1, 13, 9), utc(2026, 1, 20, 12))
    form = client.get(f"/admin/pages/{event.pk}/edit/").context["form"]
    assert form["registration_deadline"].value().strftime("%Y-%m-%d %H:%M") == "2026-01-20 12:00"
