"""Forged and tampered requests are refused with a 4xx (or the login) and change nothing; who may see what.

Cases other files already cover are not repeated here (see "What the tests cover" in docs/members.md).
"""

import json
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail

from members import services
from members.models import MemberOrganisation, MembershipApplication, MembershipStatusChange
from tests.members.factories import TINY_PDF, VerifiedUserFactory, application_form_data, pdf_upload

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-passphrase-for-tests"
APPLY = "/membership/apply/"
APPLICATIONS = "/admin/membership/applications/"
EXPIRED = "This link has expired or is not valid."


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)


def main_text(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def statute_files(settings) -> list[Path]:
    return [path for path in (Path(settings.MEDIA_ROOT) / "member-statutes").rglob("*") if path.is_file()]


# ---------------------------------------------------------------------------
# E-mail verification links: used twice, tampered with
# ---------------------------------------------------------------------------


@pytest.fixture
def signed_up(client, demo_site, django_capture_on_commit_callbacks):
    """Someone who signed up: an unverified address and the link in their e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/", {"email": "jan.novak@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
    (message,) = mail.outbox
    mail.outbox.clear()
    return confirmation_path(message)


def assert_refused_link(response):
    assert response.status_code == 404
    assert EXPIRED in main_text(response)
    assert 'type="submit"' not in main_text(response)


def test_a_verification_link_followed_twice_is_refused_the_second_time_and_changes_nothing(client, signed_up):
    assert client.post(signed_up).status_code == 302
    address = EmailAddress.objects.get()
    assert address.verified

    assert_refused_link(client.get(signed_up))
    assert_refused_link(client.post(signed_up))

    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("jan.novak@example.org", True, True)
    ]
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"), id="signature-changed"),
        pytest.param(lambda key: "Mg" + key[key.index(":") :], id="another-accounts-id"),
        pytest.param(lambda key: "made-up-key", id="made-up"),
    ],
)
def test_a_tampered_verification_link_is_refused_and_verifies_nothing(client, signed_up, tamper):
    key = signed_up.rstrip("/").rsplit("/", 1)[1]
    forged = f"/accounts/confirm-email/{tamper(key)}/"
    assert forged != signed_up

    assert_refused_link(client.get(forged))
    assert_refused_link(client.post(forged))

    assert not EmailAddress.objects.get().verified
    # The real link still works afterwards.
    assert client.post(signed_up).status_code == 302
    assert EmailAddress.objects.get().verified


def test_the_link_of_a_held_application_used_twice_makes_one_application(
    client, membership_page, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(APPLY, application_form_data()).status_code == 303
    link = confirmation_path(mail.outbox.pop())

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert_refused_link(client.post(link))
        assert_refused_link(client.get(link))

    assert MembershipApplication.objects.count() == 1
    assert MemberOrganisation.objects.count() == 1
    assert MembershipStatusChange.objects.count() == 1
    assert [message.subject for message in mail.outbox] == ["We have received your application to CEP"]
    assert len(statute_files(settings)) == 1


# ---------------------------------------------------------------------------
# Someone else's id in an address
# ---------------------------------------------------------------------------


def person_at(stage, *, email, name="Probation Service of Flanders"):
    """A person who applied for `name`, then was approved ("provisional") or confirmed; the application too."""
    person = VerifiedUserFactory(email=email)
    application = services.application_submit(
        person,
        data={
            "name": name,
            "applied_as": "organisation",
            "membership_type": "full",
            "country": "BE",
            "contact_name": "Ilse Vandermeulen",
            "contact_phone": "+32 2 000 00 00",
            "motivation": "To work with colleagues across Europe.",
        },
        statute=pdf_upload(),
    )
    secretariat = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="secretariat@cep-probation.org", password="x"
    )
    if stage in ("provisional", "confirmed"):
        services.application_approve(application, by=secretariat)
    if stage == "confirmed":
        services.membership_confirm(application.member, by=secretariat)
    return person, application


@pytest.mark.parametrize("stage", ["applicant", "provisional", "confirmed"])
@pytest.mark.parametrize("whose", ["own", "another"])
@pytest.mark.parametrize(
    "method, action, data",
    [
        ("get", "statute", {}),
        ("get", "inspect", {}),
        ("post", "approve", {}),
        ("post", "reject", {"reason": "Forged."}),
    ],
)
def test_a_member_cannot_reach_or_decide_any_application_in_the_admin(client, stage, whose, method, action, data):
    person, own = person_at(stage, email="ilse@probation.example")
    _other_person, other = person_at("applicant", email="otto@probation.example", name="Kriminalomsorgen")
    target = own if whose == "own" else other
    target.refresh_from_db()
    before = (target.decision, MembershipStatusChange.objects.count())
    client.force_login(person)
    mail.outbox.clear()

    response = getattr(client, method)(f"{APPLICATIONS}{action}/{target.pk}/", data)

    # The Wagtail admin sends anyone without admin access to its login, with "You do not have permission…".
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    assert not getattr(response, "streaming", False) and not response.content.startswith(b"%PDF")
    assert target.member.name.encode() not in response.content
    target.refresh_from_db()
    assert (target.decision, MembershipStatusChange.objects.count()) == before
    assert mail.outbox == []


def test_the_account_data_ignores_any_id_in_the_address(client, demo_site):
    person = VerifiedUserFactory(email="ilse@probation.example")
    other = VerifiedUserFactory(email="otto@probation.example")
    client.force_login(person)

    for query in [f"?user={other.pk}", f"?id={other.pk}&email={other.email}", f"?pk={other.pk}"]:
        response = client.get(f"/account/data.json{query}")
        assert response.status_code == 200
        assert json.loads(response.content)["account"]["email"] == person.email
        assert other.email not in response.content.decode()


# ---------------------------------------------------------------------------
# Uploads through the form of someone who is logged in (the anonymous form is in test_application.py)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statute, limit, message",
    [
        pytest.param(
            lambda: pdf_upload("statute.pdf", b"MZ\x90\x00 a program renamed"), None, "must be a PDF", id="disguised"
        ),
        pytest.param(lambda: pdf_upload(), len(TINY_PDF) - 1, "The statute is too large", id="oversized"),
    ],
)
def test_a_logged_in_member_sending_a_bad_statute_gets_a_400_and_nothing_is_created(
    client, membership_page, settings, statute, limit, message
):
    if limit is not None:
        settings.MEMBER_STATUTE_MAX_BYTES = limit
    client.force_login(VerifiedUserFactory(email="maria.rossi@example.org"))
    data = application_form_data(statute=statute())
    for field in ["email", "password1", "password2"]:
        del data[field]

    response = client.post(APPLY, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MembershipApplication.objects.exists()
    assert not MemberOrganisation.objects.exists()
    assert statute_files(settings) == []
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Permission boundaries: anonymous, applicant, provisional member, confirmed member, staff
# (the members' area, its calls and documents and the directory's contact people: test_area.py)
# ---------------------------------------------------------------------------

VISITORS = ["anonymous", "applicant", "provisional", "confirmed", "staff"]
LOGIN = "login"
ADMIN_LOGIN = "admin login"
# path → what each visitor gets: 200, or sent to the site's login or the admin's.
BOUNDARIES = {
    "/account/": {"anonymous": LOGIN, "applicant": 200, "provisional": 200, "confirmed": 200, "staff": 200},
    "/account/data.json": {"anonymous": LOGIN, "applicant": 200, "provisional": 200, "confirmed": 200, "staff": 200},
    "/admin/": {
        "anonymous": ADMIN_LOGIN,
        "applicant": ADMIN_LOGIN,
        "provisional": ADMIN_LOGIN,
        "confirmed": ADMIN_LOGIN,
        "staff": 200,
    },
    APPLICATIONS: {
        "anonymous": ADMIN_LOGIN,
        "applicant": ADMIN_LOGIN,
        "provisional": ADMIN_LOGIN,
        "confirmed": ADMIN_LOGIN,
        "staff": 200,
    },
    "/admin/membership/organisations/": {
        "anonymous": ADMIN_LOGIN,
        "applicant": ADMIN_LOGIN,
        "provisional": ADMIN_LOGIN,
        "confirmed": ADMIN_LOGIN,
        "staff": 200,
    },
    "/admin/membership/people/": {
        "anonymous": ADMIN_LOGIN,
        "applicant": ADMIN_LOGIN,
        "provisional": ADMIN_LOGIN,
        "confirmed": ADMIN_LOGIN,
        "staff": 200,
    },
}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("path", list(BOUNDARIES))
def test_who_gets_what(client, demo_site, path, visitor):
    if visitor == "staff":
        client.force_login(User.objects.create_superuser(email="secretariat@cep-probation.org", password="x"))
    elif visitor != "anonymous":
        person, _application = person_at(visitor, email="ilse@probation.example")
        client.force_login(person)

    response = client.get(path)

    expected = BOUNDARIES[path][visitor]
    if expected == 200:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        login = "/accounts/login/" if expected == LOGIN else "/admin/login/"
        assert response["Location"].startswith(f"{login}?next=")
    if path.startswith("/admin/") and visitor != "staff":
        assert "Probation Service of Flanders" not in response.content.decode()
