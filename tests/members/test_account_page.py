"""A person's account page: profile, membership, registrations, the download of their data, and erasure."""

import datetime
import json
from functools import reduce
from operator import or_
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import ContactEmail, ContactSubmission
from events.models import Registration, RegistrationEmail
from events.registrations import registration_create
from members import services
from members.erasure import account_erase
from members.models import MemberOrganisation, Membership, MembershipApplication, MembershipStatusChange
from newsletter.models import Subscriber
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.factories import MemberOrganisationFactory, MembershipFactory, VerifiedUserFactory, pdf_upload

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-passphrase-for-tests"
NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
# Distinctive, so that finding them anywhere in the database means they were left behind.
ADDRESS = "ilse.vandermeulen@probation.example"
SURNAME = "Vandermeulen-Quastorf"


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def person(db):
    return VerifiedUserFactory(email=ADDRESS, first_name="Ilse", last_name=SURNAME)


@pytest.fixture
def someone_else(db):
    return VerifiedUserFactory(email="other.person@probation.example", first_name="Otto", last_name="Otherson")


@pytest.fixture
def events(demo_site, frozen_now):
    index = EventIndexPageFactory(parent=demo_site)
    past = EventPageFactory(parent=index, title="Winter webinar on electronic monitoring")
    upcoming_start = NOW + datetime.timedelta(days=60)
    upcoming = EventPageFactory(
        parent=index,
        title="Spring conference on desistance",
        start=upcoming_start,
        end=upcoming_start + datetime.timedelta(hours=6),
        takes_registrations=True,
        capacity=1,
    )
    return past, upcoming


@pytest.fixture
def logged_in(client, person):
    client.force_login(person)
    return client


def rows_mentioning(text: str) -> list[str]:
    """Every model whose text columns (CharField, EmailField, TextField…) hold `text` in some row, in any case."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if not names:
            continue
        condition = reduce(or_, (models.Q(**{f"{name}__icontains": text}) for name in names))
        if model._base_manager.filter(condition).exists():
            found.append(model._meta.label)
    return found


def test_the_account_pages_need_a_login(client, demo_site):
    for path in ["/account/", "/account/data.json", "/account/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={path}"


def test_logging_in_leads_to_the_account_page_and_the_header_links_to_it(client, demo_site, person):
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})

    assert response["Location"] == "/account/"
    html = client.get("/").content.decode()
    assert '<a href="/account/">Your account</a>' in html


def test_the_account_page_shows_the_organisation_its_status_and_the_registrations(
    logged_in, person, someone_else, events, membership_page
):
    past, upcoming = events
    organisation = MemberOrganisationFactory(name="Probation Service of Flanders", status="provisional")
    MembershipFactory(member=organisation, user=person, position="Head of international relations")
    MembershipFactory(member__name="Someone Else's Service", user=someone_else)
    mine_upcoming = RegistrationFactory(event=upcoming, user=person, email=person.email, name="Ilse")
    # Made without logging in, with the address in another case: still theirs, since they confirmed the address.
    mine_past = RegistrationFactory(event=past, user=None, email=ADDRESS.upper(), name="Ilse")
    RegistrationFactory(event=upcoming, user=someone_else, email=someone_else.email, status="waitlisted")

    response = logged_in.get("/account/")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert "Probation Service of Flanders" in html
    assert '<span class="member-status member-status--provisional">Provisional</span>' in html
    assert "Head of international relations" in html
    for registration in [mine_upcoming, mine_past]:
        assert f"/registration/{registration.token}/" in html
    assert html.index("Spring conference on desistance") < html.index("Winter webinar on electronic monitoring")
    assert 'id="newsletter"' in html
    assert "You do not receive the CEP newsletter" in html
    assert 'href="/accounts/email/"' in html
    assert 'href="/account/data.json"' in html
    # Nothing of the other person's.
    assert "Someone Else" not in html
    assert someone_else.email not in html
    assert html.count("/registration/") == 2


def test_a_pending_application_is_shown_with_a_way_to_apply_when_there_is_none(logged_in, person, membership_page):
    assert 'href="/membership/apply/"' in logged_in.get("/account/").content.decode()

    services.application_submit(
        person,
        data={
            "applied_as": "individual",
            "membership_type": "associate",
            "country": "BE",
            "contact_name": "Ilse",
            "motivation": "To meet colleagues.",
        },
        statute=None,
    )

    html = logged_in.get("/account/").content.decode()
    assert "Applications waiting for a decision" in html
    assert "Waiting for a decision" in html
    assert "Applied" in html


def test_a_person_edits_their_name(logged_in, person):
    response = logged_in.post("/account/", {"first_name": "Ilse Marie", "last_name": "Peeters"})

    assert response.status_code == 303
    person.refresh_from_db()
    assert person.get_full_name() == "Ilse Marie Peeters"
    assert person.email == ADDRESS
    assert "Your profile is saved." in logged_in.get("/account/").content.decode()

    too_long = logged_in.post("/account/", {"first_name": "x" * 151, "last_name": "Peeters"})
    assert too_long.status_code == 400
    assert 'class="error-summary"' in too_long.content.decode()


def test_the_download_holds_the_persons_data_and_no_one_elses(logged_in, person, someone_else, events, membership_page):
    past, upcoming = events
    application = services.application_submit(
        person,
        data={
            "name": "Probation Service of Flanders",
            "applied_as": "organisation",
            "membership_type": "full",
            "country": "BE",
            "contact_name": "Ilse Vandermeulen",
            "contact_phone": "+32 2 000 00 00",
            "motivation": "To work with colleagues across Europe.",
        },
        statute=pdf_upload(),
    )
    registration = RegistrationFactory(event=past, user=person, email=person.email)
    RegistrationEmail.objects.create(
        event=past, registration=registration, kind="confirmation", status="sent", sent_at=NOW
    )
    RegistrationFactory(event=past, user=someone_else, email=someone_else.email)
    ContactSubmission.objects.create(
        name="Ilse", email=ADDRESS.upper(), subject="Joining CEP", message="How does my service join?"
    )
    ContactSubmission.objects.create(
        name="Otto", email=someone_else.email, subject="Otto's question", message="Another person's message."
    )
    AccessAttempt.objects.create(
        username=ADDRESS,
        ip_address="192.0.2.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    AccessAttempt.objects.create(
        username=someone_else.email,
        ip_address="192.0.2.8",
        user_agent="Chrome",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )

    response = logged_in.get("/account/data.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cep-account-data-2026-03-02.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == ADDRESS
    assert data["account"]["last_name"] == SURNAME
    assert "password" not in data["account"]
    assert person.password not in response.content.decode()
    assert data["email_addresses"] == [{"email": ADDRESS, "verified": True, "primary": True}]
    assert [(m["member"], m["status"], m["role"]) for m in data["memberships"]] == [
        ("Probation Service of Flanders", "applied", "main-contact")
    ]
    (exported_application,) = data["membership_applications"]
    assert exported_application["contact_phone"] == "+32 2 000 00 00"
    assert exported_application["statute_file"] == Path(application.statute.name).name
    assert exported_application["decision"] == "pending"
    assert [change["to_status"] for change in data["membership_status_changes_you_made"]] == ["applied"]
    (exported_registration,) = data["event_registrations"]
    assert exported_registration["event"] == "Winter webinar on electronic monitoring"
    assert exported_registration["your_page"].endswith(f"/registration/{registration.token}/")
    assert exported_registration["emails"] == [
        {"kind": "confirmation", "status": "sent", "sent_at": "2026-03-02T12:00:00Z"}
    ]
    assert [(m["subject"], m["message"]) for m in data["contact_messages"]] == [
        ("Joining CEP", "How does my service join?")
    ]
    assert [(a["address"], a["failures"]) for a in data["login_attempts"]["attempts"]] == [(ADDRESS, 2)]
    assert someone_else.email not in response.content.decode()
    assert "192.0.2.8" not in response.content.decode()


def test_deleting_needs_the_right_password(logged_in, person):
    page = logged_in.get("/account/delete/")
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()

    response = logged_in.post("/account/delete/", {"password": "not-my-password"})

    assert response.status_code == 400
    assert "That is not the password of your account." in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_refuses_a_post_without_its_csrf_token(demo_site, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    response = client.post("/account/delete/", {"password": PASSWORD})

    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_staff_accounts_are_not_deleted_from_the_page(client, demo_site):
    editor = VerifiedUserFactory(email="editor@cep-probation.org", is_staff=True)
    client.force_login(editor)

    response = client.post("/account/delete/", {"password": PASSWORD})

    assert response.status_code == 403
    assert "deleted by an administrator" in response.content.decode()
    assert User.objects.filter(pk=editor.pk).exists()


def test_deleting_the_account_erases_the_person_from_every_table(
    logged_in, person, someone_else, events, membership_page, settings, django_capture_on_commit_callbacks
):
    past, upcoming = events
    # An individual membership of their own, approved by staff, and an organisation they apply for with a colleague.
    staff = VerifiedUserFactory(email="secretariat@cep-probation.org", is_staff=True)
    individual = services.application_submit(
        person,
        data={
            "applied_as": "individual",
            "membership_type": "associate",
            "country": "BE",
            "contact_name": f"Ilse {SURNAME}",
            "motivation": "To meet colleagues.",
        },
        statute=None,
    )
    services.application_approve(individual, by=staff)
    organisation_application = services.application_submit(
        person,
        data={
            "name": "Probation Service of Flanders",
            "applied_as": "organisation",
            "membership_type": "full",
            "country": "BE",
            "contact_name": f"Ilse {SURNAME}",
            "contact_phone": "+32 2 000 00 00",
            "contact_position": "Head of international relations",
            "motivation": "To work with colleagues across Europe.",
        },
        statute=pdf_upload(),
    )
    organisation = organisation_application.member
    MembershipFactory(member=organisation, user=someone_else, role="staff")
    statute_file = Path(organisation_application.statute.path)
    # Their registrations: one while logged in for the full upcoming event, where someone waits; one by address only.
    registration_create(upcoming, name=f"Ilse {SURNAME}", email=ADDRESS, user=person)
    waiting = registration_create(upcoming, name="Otto Otherson", email=someone_else.email, user=someone_else)
    assert waiting.status == Registration.Status.WAITLISTED
    by_address = RegistrationFactory(event=past, user=None, email=ADDRESS.upper(), name=f"Ilse {SURNAME}")
    RegistrationEmail.objects.create(event=past, registration=by_address, kind="confirmation", status="sent")
    record = {"ip_address": "192.0.2.7", "user_agent": "Firefox", "http_accept": "*/*", "path_info": "/accounts/"}
    AccessAttempt.objects.create(
        username=ADDRESS, get_data="", post_data=f"login={ADDRESS}", failures_since_start=1, **record
    )
    AccessFailureLog.objects.create(username=ADDRESS, **record)
    AccessLog.objects.create(username=ADDRESS, **record)
    Subscriber.objects.create(email=ADDRESS, name=f"Ilse {SURNAME}", status="confirmed", signed_up_ip="192.0.2.7")
    message = ContactSubmission.objects.create(
        name=f"Ilse {SURNAME}", email=ADDRESS, subject="Joining", message="How?", recipient="info@cep-probation.org"
    )
    ContactEmail.objects.create(submission=message, recipient=message.recipient)
    # The check can fail: before, the address and the name are in many tables.
    assert len(rows_mentioning(ADDRESS)) >= 5
    assert rows_mentioning(SURNAME)
    assert statute_file.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post("/account/delete/", {"password": PASSWORD})

    assert response.status_code == 303
    assert response["Location"] == "/account/deleted/"
    assert rows_mentioning(ADDRESS) == []
    assert rows_mentioning(SURNAME) == []
    assert not User.objects.filter(pk=person.pk).exists()
    assert not EmailAddress.objects.filter(user_id=person.pk).exists()
    assert not statute_file.exists()
    # Their individual membership went with them; the organisation stays with its other person and its history.
    assert not MemberOrganisation.objects.filter(pk=individual.member_id).exists()
    assert list(Membership.objects.filter(member=organisation).values_list("user", flat=True)) == [someone_else.pk]
    assert not MembershipApplication.objects.exists()
    change = MembershipStatusChange.objects.get(member=organisation)
    assert (change.to_status, change.changed_by) == ("applied", None)
    # Their place at the upcoming event went to the person waiting.
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    # Logged out.
    assert not logged_in.get("/").wsgi_request.user.is_authenticated
    assert "Your account is deleted" in logged_in.get(response["Location"]).content.decode()


def test_erasing_leaves_other_peoples_data_alone(person, someone_else, events, membership_page):
    past, _upcoming = events
    theirs = RegistrationFactory(event=past, user=someone_else, email=someone_else.email)
    their_membership = MembershipFactory(user=someone_else)

    account_erase(user=person)

    assert Registration.objects.filter(pk=theirs.pk).exists()
    assert Membership.objects.filter(pk=their_membership.pk).exists()
    assert User.objects.filter(pk=someone_else.pk).exists()
    assert EmailAddress.objects.filter(user=someone_else).exists()


def test_the_account_page_query_count_does_not_grow_with_the_registrations(
    logged_in, person, events, membership_page, record_property
):
    past, _upcoming = events

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert logged_in.get("/account/").status_code == 200
        return len(captured)

    RegistrationFactory(event=past, user=person, email=person.email)
    MembershipFactory(user=person)
    queries()  # the first request fills Wagtail's cache of site root paths
    few = queries()
    for number in range(9):
        event = EventPageFactory(parent=past.get_parent(), title=f"Webinar {number}")
        RegistrationFactory(event=event, user=person, email=person.email)
        MembershipFactory(user=person)
    queries()  # registrations empty the caches of what pages show (the menus); the next request fills them
    many = queries()

    record_property("account_page_queries", many)
    assert many == few


def test_the_account_page_manages_the_newsletter_subscription(logged_in, person, django_capture_on_commit_callbacks):
    page = logged_in.get("/account/").content.decode()
    assert "You do not receive the CEP newsletter" in page
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post("/newsletter/account/subscribe/", {"next": "/account/#newsletter"})
    # A verified login address needs no confirmation e-mail.
    assert Subscriber.objects.get(email=ADDRESS).status == "confirmed"
    page = logged_in.get("/account/").content.decode()
    assert f"You receive the CEP newsletter at <strong>{ADDRESS}</strong>" in page
    export = json.loads(logged_in.get("/account/data.json").content)
    assert [(item["email"], item["status"]) for item in export["newsletter_subscriptions"]] == [(ADDRESS, "confirmed")]
