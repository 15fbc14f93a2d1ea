"""Subscribers in the Wagtail admin: the list, its filters and CSV export, the consent record, the CSV import."""

import csv
import io
from datetime import UTC, datetime

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from newsletter.models import Subscriber
from newsletter.services import CONSENT_TEXT
from tests.helpers import soup_of
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.test_subscriptions import confirm_path_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/newsletter/subscribers/"
IMPORT = f"{INDEX}import/"


def listing_text(response):
    return soup_of(response).select_one("table.listing").get_text(" ", strip=True)


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser(email="staff@cep-probation.org", password="x"))
    return client


def staff_with(client, *codenames):
    """A staff member allowed into the admin with only the given subscriber permissions."""
    group = Group.objects.create(name="Newsletter staff")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="newsletter"))
    user = get_user_model().objects.create_user(email="editor@cep-probation.org", password="x")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def subscribers(db):
    return {
        "anna": SubscriberFactory(
            email="anna@probation.example",
            name="Anna Novak",
            status=Subscriber.Status.CONFIRMED,
            source="sign-up form",
            signed_up_at=datetime(2026, 3, 1, tzinfo=UTC),
            signed_up_ip="198.51.100.20",
            confirmed_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
            confirmed_ip="198.51.100.21",
        ),
        "jan": SubscriberFactory(
            email="jan@reclassering.example",
            name="Jan de Vries",
            status=Subscriber.Status.PENDING,
            source="Conference 2026",
        ),
        "liis": SubscriberFactory(
            email="liis@probation.example",
            name="Liis Tamm",
            status=Subscriber.Status.UNSUBSCRIBED,
            source="account page",
            unsubscribed_at=datetime(2026, 5, 1, tzinfo=UTC),
        ),
    }


def upload(text, name="people.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


# ---------------------------------------------------------------------------
# The list, filters, export and the consent record
# ---------------------------------------------------------------------------


def test_staff_see_subscribers_with_their_status_and_source(staff_client, subscribers):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    text = listing_text(response)
    for expected in ["Anna Novak", "jan@reclassering.example", "Liis Tamm", "Confirmed", "Waiting for confirmation"]:
        assert expected in text
    assert "Conference 2026" in text
    # Nobody is added by hand: no "Add" button, but an import.
    page = soup_of(response)
    assert page.find("a", href=IMPORT)
    assert not page.find("a", href=f"{INDEX}new/")
    assert staff_client.get(f"{INDEX}new/").status_code == 404


def test_staff_filter_by_status_and_source_and_search(staff_client, subscribers):
    text = listing_text(staff_client.get(INDEX, {"status": "pending"}))
    assert "Jan de Vries" in text and "Anna Novak" not in text and "Liis Tamm" not in text
    text = listing_text(staff_client.get(INDEX, {"source": "account page"}))
    assert "Liis Tamm" in text and "Anna Novak" not in text
    text = listing_text(staff_client.get(INDEX, {"q": "reclassering"}))
    assert "Jan de Vries" in text and "Anna Novak" not in text
    text = listing_text(staff_client.get(INDEX, {"q": "Liis"}))
    assert "Liis Tamm" in text and "Jan de Vries" not in text


def test_csv_export_has_the_consent_record_and_defuses_formulas(staff_client, subscribers):
    SubscriberFactory(email="evil@example.org", name='=HYPERLINK("http://evil.example")', source="-2+3")
    response = staff_client.get(INDEX, {"export": "csv", "status": "confirmed"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="newsletter-subscribers.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["E-mail address"] for row in rows] == ["anna@probation.example"]
    (anna,) = rows
    assert anna["Status"] == "Confirmed"
    assert anna["Signed up from (IP)"] == "198.51.100.20"
    assert anna["Confirmed from (IP)"] == "198.51.100.21"
    response = staff_client.get(INDEX, {"export": "csv", "q": "evil"})
    (evil,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert evil["Name"] == '\'=HYPERLINK("http://evil.example")'
    assert evil["Source"] == "'-2+3"


def test_the_inspect_view_shows_the_consent_record(staff_client, subscribers):
    anna = subscribers["anna"]
    response = staff_client.get(f"{INDEX}inspect/{anna.pk}/")
    assert response.status_code == 200
    text = " ".join(soup_of(response).get_text().split())
    assert anna.consent_text in text
    assert "198.51.100.20" in text and "198.51.100.21" in text


def test_staff_without_subscriber_permissions_see_nothing(client, subscribers):
    staff_with(client)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(IMPORT).status_code in (302, 403)


def test_staff_who_may_only_view_cannot_import(client, subscribers):
    staff_with(client, "view_subscriber")
    response = client.get(INDEX)
    assert response.status_code == 200
    assert not soup_of(response).find("a", href=IMPORT)
    assert client.get(IMPORT).status_code in (302, 403)
    client.post(IMPORT, {"file": upload("new@example.org\n"), "source": "List", "consented": "on"})
    assert not Subscriber.objects.filter(email="new@example.org").exists()


# ---------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------


def import_csv(client, text, *, source="Conference 2026 attendees", consented=False, capture=None):
    data = {"file": upload(text), "source": source}
    if consented:
        data["consented"] = "on"
    if capture:
        with capture(execute=True):
            return client.post(IMPORT, data)
    return client.post(IMPORT, data)


def report_text(response):
    return " ".join(soup_of(response).get_text().split())


def test_an_import_asks_new_people_to_confirm_and_reports_bad_lines(
    client, subscribers, django_capture_on_commit_callbacks
):
    staff_with(client, "add_subscriber", "view_subscriber")
    text = (
        "E-mail;Name\n"
        "maria@probation.example;Maria Rossi\n"
        "not-an-address;Someone\n"
        "\n"
        "MARIA@probation.example;Maria again\n"
        "anna@probation.example;Anna Novak\n"
        "liis@probation.example;Liis Tamm\n"
        "peter@probation.example\n"
    )
    response = import_csv(client, text, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    report = report_text(response)
    assert "Sent a link to confirm (at most once a day per address): 2" in report
    assert "Subscribed already, left as they are: 1" in report
    assert "Skipped: 3" in report
    skipped = [
        [cell.get_text(strip=True) for cell in row.find_all("td")] for row in soup_of(response).select("tbody tr")
    ]
    assert skipped == [
        ["3", "not-an-address", "Not a valid e-mail address."],
        ["5", "MARIA@probation.example", "Repeats line 2."],
        ["7", "liis@probation.example", "Unsubscribed: not added again unless they consented."],
    ]
    maria = Subscriber.objects.get(email="maria@probation.example")
    assert (maria.status, maria.name, maria.source) == ("pending", "Maria Rossi", "Conference 2026 attendees")
    assert maria.consent_text == ""  # the wording they agree to is recorded when they confirm
    assert sorted(message.to[0] for message in mail.outbox) == ["maria@probation.example", "peter@probation.example"]
    assert "would like to send you its newsletter" in mail.outbox[0].body
    assert Subscriber.objects.get(email="liis@probation.example").status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.get(email="anna@probation.example").status == Subscriber.Status.CONFIRMED


def test_an_import_of_people_who_consented_subscribes_them_with_the_source(
    client, subscribers, django_capture_on_commit_callbacks
):
    staff_with(client, "add_subscriber", "view_subscriber")
    text = "maria@probation.example,Maria Rossi\nliis@probation.example,Liis Tamm\nanna@probation.example,Anna\n"
    response = import_csv(
        client, text, source="Board list 2026", consented=True, capture=django_capture_on_commit_callbacks
    )
    report = report_text(response)
    assert "Subscribed: 2" in report
    assert "Subscribed already, left as they are: 1" in report
    assert mail.outbox == []
    maria = Subscriber.objects.get(email="maria@probation.example")
    assert (maria.status, maria.source, maria.consent_version) == ("confirmed", "Board list 2026", "import")
    assert "editor@cep-probation.org" in maria.consent_text
    assert "Board list 2026" in maria.consent_text
    assert maria.confirmed_at is not None
    # Unsubscribed, but consented again: subscribed. A confirmed one keeps its own record.
    assert Subscriber.objects.get(email="liis@probation.example").status == Subscriber.Status.CONFIRMED
    anna = Subscriber.objects.get(email="anna@probation.example")
    assert (anna.source, anna.name, anna.confirmed_ip) == ("sign-up form", "Anna Novak", "198.51.100.21")


def test_an_imported_person_confirms_with_the_site_wording_as_their_consent(
    client, subscribers, django_capture_on_commit_callbacks
):
    staff_with(client, "add_subscriber")
    import_csv(client, "maria@probation.example\n", capture=django_capture_on_commit_callbacks)
    client.logout()
    path = confirm_path_in(mail.outbox[0])
    assert "By confirming:" in client.get(path).content.decode()
    client.post(path)
    maria = Subscriber.objects.get(email="maria@probation.example")
    assert maria.status == Subscriber.Status.CONFIRMED
    assert maria.consent_text == CONSENT_TEXT


def test_an_import_needs_a_file_and_a_source(client, subscribers):
    staff_with(client, "add_subscriber")
    response = client.post(IMPORT, {"source": ""})
    assert response.status_code == 200
    assert "This field is required." in report_text(response)
    assert Subscriber.objects.count() == 3
