"""Applying for membership on the membership page: the account, the held application, verification, refusals."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import OutboxEmail
from members.erasure import account_erase
from members.models import MemberOrganisation, MembershipApplication
from members.tasks import unverified_accounts_purge
from tests.members.factories import TINY_PDF, UserFactory, VerifiedUserFactory, application_form_data, pdf_upload

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-passphrase-for-tests"
APPLY = "/membership/apply/"
SENT = "/membership/apply/sent/"


@pytest.fixture
def apply(client, membership_page, django_capture_on_commit_callbacks):
    """Post the form as the test client, running what waits for the commit (the e-mails)."""

    def post(data=None, *, as_client=None, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            return (as_client or client).post(APPLY, data or application_form_data(**changes))

    return post


def stored_files(settings) -> list[Path]:
    """Statutes and held applications (the demo content keeps its logo in the media directory too)."""
    return [path for path in (Path(settings.MEDIA_ROOT) / "member-statutes").rglob("*") if path.is_file()]


def verification_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)


def verify(client, message, django_capture_on_commit_callbacks):
    path = verification_path(message)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(path)


def main_content(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def assert_nothing_stored(settings):
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not MembershipApplication.objects.exists()
    assert not MemberOrganisation.objects.exists()
    assert stored_files(settings) == []


def test_the_membership_page_links_to_the_form(client, membership_page):
    html = client.get("/membership/").content.decode()
    assert f'href="{APPLY}"' in html

    form = client.get(APPLY)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'enctype="multipart/form-data"' in html
    for field in ["applied_as", "organisation_name", "membership_type", "statute", "password1", "privacy_consent"]:
        assert f'name="{field}"' in html
    assert "<legend>Applying as" in html
    # What the details are for, beside the button that sends them.
    assert re.search(
        r'<button class="button" type="submit">Send the application</button>\s*<p class="privacy-note">'
        r"We use these details only to handle your application and membership\.",
        html,
    )


def test_an_anonymous_applicant_gets_an_unverified_account_and_the_application_waits_for_verification(apply, settings):
    response = apply()

    assert response.status_code == 303
    assert response["Location"] == SENT
    user = User.objects.get()
    assert (user.email, user.get_full_name()) == ("kadri.tamm@example.org", "Kadri Tamm")
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get()
    assert (address.user, address.email, address.verified, address.primary) == (user, user.email, False, True)
    # Staff see nothing until the address is confirmed; what was sent waits in two files.
    assert not MembershipApplication.objects.exists()
    assert not MemberOrganisation.objects.exists()
    assert sorted(path.suffix for path in stored_files(settings)) == [".json", ".pdf"]
    (message,) = mail.outbox
    assert message.to == ["kadri.tamm@example.org"]
    assert verification_path(message)


def test_following_the_link_in_the_email_sends_the_application_to_the_secretariat(
    apply, client, settings, django_capture_on_commit_callbacks
):
    apply()
    verification = mail.outbox.pop()

    response = verify(client, verification, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    application = MembershipApplication.objects.select_related("member", "applicant").get()
    assert application.applicant.email == "kadri.tamm@example.org"
    assert application.member.name == "Estonian Prison Service – Probation Department"
    assert (application.member.status, application.applied_as, application.membership_type) == (
        "applied",
        "organisation",
        "full",
    )
    assert (application.contact_name, application.contact_phone, application.contact_position) == (
        "Kadri Tamm",
        "+372 600 0000",
        "Head of Probation",
    )
    assert application.statute.read() == TINY_PDF
    # The held files are gone; only the statute, under its random name, stays.
    assert [path.name for path in stored_files(settings)] == [Path(application.statute.name).name]
    (received,) = mail.outbox
    assert received.to == ["kadri.tamm@example.org"]
    assert received.subject == "We have received your application to CEP"


def test_an_individual_applies_as_an_associate_without_a_statute(
    apply, client, settings, django_capture_on_commit_callbacks
):
    response = apply(applied_as="individual", organisation_name="", membership_type="associate", statute=None)
    assert response.status_code == 303
    verify(client, mail.outbox.pop(), django_capture_on_commit_callbacks)

    application = MembershipApplication.objects.select_related("member").get()
    assert (application.member.kind, application.member.name) == ("individual", "Kadri Tamm")
    assert not application.statute
    assert stored_files(settings) == []


def test_an_individual_cannot_apply_for_full_membership(apply, settings):
    response = apply(applied_as="individual", organisation_name="", statute=None)

    assert response.status_code == 400
    assert "Only organisations can be full members" in response.content.decode()
    assert_nothing_stored(settings)
    assert mail.outbox == []


def test_an_organisation_gives_its_name_and_statute(apply, settings):
    response = apply(organisation_name="", statute=None)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the name of the organisation." in html
    assert "Attach the organisation&#x27;s statute, as a PDF." in html
    assert_nothing_stored(settings)


@pytest.mark.parametrize(
    "statute",
    [
        pytest.param(lambda: pdf_upload("statute.pdf", b"PK\x03\x04 a Word document renamed"), id="not-a-pdf-inside"),
        pytest.param(lambda: pdf_upload("statute.docx"), id="not-a-pdf-by-name"),
    ],
)
def test_a_statute_that_is_not_a_pdf_is_refused_and_nothing_is_kept(apply, settings, statute):
    response = apply(statute=statute())

    assert response.status_code == 400
    assert "The statute must be a PDF file." in response.content.decode()
    assert_nothing_stored(settings)
    assert mail.outbox == []


def test_a_statute_over_the_size_limit_is_refused_and_nothing_is_kept(apply, settings):
    settings.MEMBER_STATUTE_MAX_BYTES = len(TINY_PDF) - 1

    response = apply()

    assert response.status_code == 400
    assert "The statute is too large" in response.content.decode()
    assert_nothing_stored(settings)


def test_the_two_passwords_must_match_and_be_strong_enough(apply, settings):
    differ = apply(password2="another-passphrase")
    assert differ.status_code == 400
    assert "The two passwords differ" in differ.content.decode()

    weak = apply(password1="kadri.tamm@example", password2="kadri.tamm@example")
    assert weak.status_code == 400
    assert "The password is too similar to the e-mail address." in weak.content.decode()
    assert_nothing_stored(settings)


def test_errors_are_summarised_and_tied_to_their_fields(apply):
    response = apply(motivation="", membership_type=None)
    html = response.content.decode()

    assert 'class="error-summary"' in html
    assert '<a href="#id_motivation">Why do you want to join CEP?: This field is required.</a>' in html
    assert (
        'aria-invalid="true" aria-describedby="id_motivation_helptext id_motivation_error" id="id_motivation"' in html
    )
    # A group of radio buttons is a fieldset, described by its error.
    assert re.search(r'<fieldset[^>]*aria-describedby="id_membership_type_helptext id_membership_type_error"', html)


def test_a_known_address_gets_the_same_answer_its_owner_a_notice_and_nothing_is_created(
    apply, membership_page, settings
):
    newcomer = Client()
    new_address = apply(as_client=newcomer, email="jan.novak@example.org")
    new_page = newcomer.get(new_address["Location"])
    owner = VerifiedUserFactory(email="kadri.tamm@example.org", password="the-owner's-passphrase")
    users_before, files_before = User.objects.count(), stored_files(settings)
    mail.outbox.clear()

    impostor = Client()
    known_address = apply(as_client=impostor, email="Kadri.Tamm@Example.org")

    assert known_address.status_code == new_address.status_code == 303
    assert known_address["Location"] == new_address["Location"]
    assert main_content(impostor.get(known_address["Location"])) == main_content(new_page)
    assert User.objects.count() == users_before
    assert stored_files(settings) == files_before
    assert not MembershipApplication.objects.exists()
    owner.refresh_from_db()
    assert owner.check_password("the-owner's-passphrase")
    (notice,) = mail.outbox
    assert notice.to == ["kadri.tamm@example.org"]
    assert "already has a CEP account" in notice.body
    # On the configured public address (WAGTAILADMIN_BASE_URL), not the request's host.
    assert f"{settings.WAGTAILADMIN_BASE_URL}/accounts/login/" in notice.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}{APPLY}" in notice.body


def test_with_the_mail_server_down_applications_are_answered_as_usual_and_their_e_mails_wait(
    apply, client, mail_server_down
):
    VerifiedUserFactory(email="kadri.tamm@example.org")
    member = VerifiedUserFactory(email="maria.rossi@example.org")
    client.force_login(member)
    data = application_form_data()
    for field in ["email", "password1", "password2"]:
        del data[field]

    own = apply(data)
    taken = apply(as_client=Client(), email="kadri.tamm@example.org")

    assert (own.status_code, own["Location"]) == (303, "/account/#membership")
    assert (taken.status_code, taken["Location"]) == (303, SENT)
    assert MembershipApplication.objects.get().applicant == member
    assert mail_server_down.attempts == 0
    assert sorted(OutboxEmail.objects.filter(status="queued").values_list("kind", "to")) == [
        ("members.application-address-taken", "kadri.tamm@example.org"),
        ("members.application-received", "maria.rossi@example.org"),
    ]


def test_an_address_waiting_for_verification_counts_as_known(apply, settings):
    apply()
    mail.outbox.clear()

    again = apply(password1="another-long-passphrase", password2="another-long-passphrase")

    assert again["Location"] == SENT
    assert User.objects.count() == 1
    (notice,) = mail.outbox
    assert "already has a CEP account" in notice.body


def test_a_logged_in_member_with_a_verified_address_applies_without_account_fields(client, apply, settings):
    member = VerifiedUserFactory(email="maria.rossi@example.org", first_name="", last_name="")
    client.force_login(member)

    form = client.get(APPLY).content.decode()
    assert 'name="password1"' not in form
    assert 'id="id_email"' not in form
    assert "We will write to you at maria.rossi@example.org." in form

    data = application_form_data(first_name="Maria", last_name="Rossi")
    for field in ["email", "password1", "password2"]:
        del data[field]
    response = apply(data)

    assert response.status_code == 303
    assert response["Location"] == "/account/#membership"
    application = MembershipApplication.objects.get()
    assert application.applicant == member
    assert application.statute.read() == TINY_PDF
    member.refresh_from_db()
    assert member.get_full_name() == "Maria Rossi"
    (received,) = mail.outbox
    assert received.to == ["maria.rossi@example.org"]
    assert "Thank you: we have received your application" in client.get("/account/").content.decode()


def test_a_logged_in_person_whose_address_is_not_verified_is_asked_to_confirm_it_first(client, apply, settings):
    person = UserFactory(email="no.address@example.org")
    client.force_login(person)

    page = client.get(APPLY)
    assert "Confirm your e-mail address (no.address@example.org) before you apply" in page.content.decode()
    assert 'name="motivation"' not in page.content.decode()

    response = apply()
    assert response.status_code == 403
    assert not MembershipApplication.objects.exists()
    assert stored_files(settings) == []


def test_a_filled_honeypot_is_answered_like_a_success_and_kept_nowhere(apply, settings):
    response = apply(website="https://spam.example")

    assert response.status_code == 303
    assert response["Location"] == SENT
    assert_nothing_stored(settings)
    assert mail.outbox == []


def test_too_many_applications_from_one_network_get_a_429(apply, settings):
    settings.MEMBER_APPLICATION_RATE = "2/h"
    for number in range(2):
        assert apply(email=f"person{number}@example.org").status_code == 303

    response = apply(email="person3@example.org")

    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert not User.objects.filter(email="person3@example.org").exists()


def test_erasing_an_account_whose_application_waits_deletes_the_held_files(
    apply, settings, django_capture_on_commit_callbacks
):
    apply()
    assert len(stored_files(settings)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=User.objects.get())

    assert_nothing_stored(settings)


# --- Applications nobody confirmed ----------------------------------------------------------------------------


def test_an_application_nobody_confirms_is_erased_with_its_files_after_the_period_the_privacy_notice_states(
    apply, settings, django_capture_on_commit_callbacks
):
    apply()
    assert len(stored_files(settings)) == 2
    joined = User.objects.get().date_joined
    days = settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS
    # Kept: confirmed members, staff, accounts made in the admin without an address, and an applicant still in time.
    VerifiedUserFactory(email="member@example.org", date_joined=joined - timedelta(days=days + 30))
    staff = UserFactory(email="editor@example.org", is_staff=True, date_joined=joined - timedelta(days=days + 30))
    EmailAddress.objects.create(user=staff, email=staff.email, verified=False, primary=True)
    UserFactory(email="made-in-the-admin@example.org", date_joined=joined - timedelta(days=days + 30))

    out = io.StringIO()
    in_time = joined + timedelta(days=days) - timedelta(minutes=1)
    with time_machine.travel(in_time), django_capture_on_commit_callbacks(execute=True):
        call_command("purge_unverified_accounts", stdout=out)
    assert out.getvalue() == f"Accounts not confirmed within {days} days erased: 0.\n"
    assert User.objects.filter(email="kadri.tamm@example.org").exists()

    too_late = joined + timedelta(days=days, minutes=1)
    with time_machine.travel(too_late), django_capture_on_commit_callbacks(execute=True):
        assert unverified_accounts_purge.delay().get() == {"erased": 1}

    assert sorted(User.objects.values_list("email", flat=True)) == [
        "editor@example.org",
        "made-in-the-admin@example.org",
        "member@example.org",
    ]
    assert not EmailAddress.objects.filter(email="kadri.tamm@example.org").exists()
    assert stored_files(settings) == []


def test_a_held_file_left_behind_by_an_account_deleted_in_the_admin_goes_after_the_period_too(
    apply, settings, django_capture_on_commit_callbacks
):
    apply()
    User.objects.get().delete()  # as the admin's delete does: the files stay behind
    assert len(stored_files(settings)) == 2

    later = timezone.now() + timedelta(days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS, minutes=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        call_command("purge_unverified_accounts", stdout=io.StringIO())

    assert stored_files(settings) == []


def test_the_purge_runs_daily_on_beat(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["members.tasks.unverified_accounts_purge"] == 24 * 60 * 60
