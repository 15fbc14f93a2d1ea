"""Accounts: sign-up, verification, login, logout and passwords (django-allauth) and lock-out (django-axes)."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

from core.models import StandardPage

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-passphrase-for-tests"


@pytest.fixture
def lockout_on(settings):
    """django-axes is off in the test settings (it refuses `Client.login()`); these tests turn it on."""
    settings.AXES_ENABLED = True


@pytest.fixture
def member(db):
    """A member who signed up and confirmed their address."""
    user = User.objects.create_user(email="maria.rossi@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def link_in(message, path):
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", message.body)
    assert match, f"no {path} link in:\n{message.body}"
    return match.group(1)


def main_content(response):
    """The page's <main>, without the CSRF token that differs on every response."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def log_in(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def test_a_new_member_signs_up_confirms_the_link_from_the_email_and_logs_in(
    client, demo_site, lockout_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/", {"email": "jan.novak@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()

    (message,) = mail.outbox
    assert message.to == ["jan.novak@example.org"]
    assert message.subject.startswith("[CEP] ")
    assert "Confederation of European Probation" in message.body
    confirm_url = link_in(message, "/accounts/confirm-email/")

    confirm_page = client.get(confirm_url)
    assert "jan.novak@example.org" in confirm_page.content.decode()
    assert client.post(confirm_url).status_code == 302
    assert EmailAddress.objects.get(email="jan.novak@example.org").verified

    response = log_in(client, "jan.novak@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    home = client.get("/")
    assert home.wsgi_request.user.email == "jan.novak@example.org"
    assert 'action="/accounts/logout/"' in home.content.decode()


def test_a_member_who_has_not_confirmed_their_address_cannot_log_in(
    client, demo_site, django_capture_on_commit_callbacks
):
    client.post("/accounts/signup/", {"email": "jan.novak@example.org", "password1": PASSWORD, "password2": PASSWORD})

    response = log_in(client, "jan.novak@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not client.get("/").wsgi_request.user.is_authenticated
    # Logging in again sends a fresh link, once the cool-down between two links (3 minutes) is over.
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=4)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert log_in(client, "jan.novak@example.org")["Location"] == "/accounts/confirm-email/"
    (message,) = mail.outbox
    assert link_in(message, "/accounts/confirm-email/")


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, demo_site, member):
    wrong_password = log_in(client, member.email, "not-the-password")
    unknown_address = log_in(client, "nobody@example.org", "not-the-password")

    assert wrong_password.status_code == unknown_address.status_code == 400
    assert "The email address and/or password you specified are not correct." in wrong_password.content.decode()
    assert main_content(wrong_password).replace(member.email, "nobody@example.org") == main_content(unknown_address)


def test_login_errors_are_summarised_and_tied_to_their_fields(client, demo_site):
    response = client.post("/accounts/login/", {"login": "not-an-address", "password": ""})
    html = response.content.decode()

    assert 'class="error-summary"' in html
    assert '<a href="#id_login">' in html
    assert re.search(
        r'<input type="email" name="login"[^>]*aria-invalid="true"[^>]*aria-describedby="id_login_error"', html
    )
    assert 'id="id_login_error"' in html
    assert '<label for="id_password">Password</label>' in html


def test_a_password_reset_answers_alike_for_known_and_unknown_addresses_and_mails_only_the_known(
    client, demo_site, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": member.email})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert message.subject.startswith("[CEP] ")


def test_the_link_in_the_password_reset_email_sets_a_new_password(
    client, demo_site, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": member.email})
    reset_url = link_in(mail.outbox[0], "/accounts/password/reset/key/")

    form_url = client.get(reset_url)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")
    assert log_in(client, member.email, "a-brand-new-passphrase")["Location"] == "/account/"


def test_signing_up_with_a_known_address_looks_the_same_and_mails_its_owner_instead(
    demo_site, member, django_capture_on_commit_callbacks
):
    newcomer, impostor = Client(), Client()
    new_address = newcomer.post(
        "/accounts/signup/", {"email": "jan.novak@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    with django_capture_on_commit_callbacks(execute=True):
        known_address = impostor.post(
            "/accounts/signup/",
            {"email": member.email, "password1": "another-passphrase", "password2": "another-passphrase"},
        )

    assert known_address.status_code == new_address.status_code == 302
    assert known_address["Location"] == new_address["Location"]
    assert main_content(impostor.get(known_address["Location"])) == main_content(
        newcomer.get(new_address["Location"])
    ).replace("jan.novak@example.org", member.email)
    assert User.objects.filter(email__iexact=member.email).count() == 1
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "an account using that email address already exists" in message.body


def test_logging_out_needs_a_post(client, demo_site, member):
    client.force_login(member)

    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert re.search(r'<form[^>]*method="post"[^>]*action="/accounts/logout/"', page.content.decode())
    assert client.get("/").wsgi_request.user.is_authenticated

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_the_header_has_a_log_in_link_or_a_log_out_button(client, demo_site, member):
    assert '<a href="/accounts/login/">Log in</a>' in client.get("/").content.decode()

    client.force_login(member)
    html = client.get("/").content.decode()
    assert re.search(
        r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )
    assert ">Log out</button>" in html
    assert ">Log in</a>" not in html


def test_login_refuses_a_post_without_its_csrf_token(demo_site, member):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, member.email)

    assert response.status_code == 403
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_logged_in_member_changes_their_password_and_is_told_by_email(
    client, demo_site, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
        )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")
    assert client.get("/").wsgi_request.user.is_authenticated
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "password" in message.subject.lower()


def test_a_wrong_current_password_does_not_change_it(client, demo_site, member):
    client.force_login(member)

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "not-the-password",
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_five_failed_logins_lock_the_address_out_for_an_hour(client, demo_site, member, lockout_on):
    for attempt in range(4):
        # Letter case does not give an attacker more attempts.
        email = member.email.upper() if attempt % 2 else member.email
        assert log_in(client, email, "not-the-password").status_code == 400

    fifth = log_in(client, member.email, "not-the-password")
    assert fifth.status_code == 429
    assert "Too many failed attempts" in fifth.content.decode()
    assert 'href="/accounts/password/reset/"' in fifth.content.decode()
    assert member.email not in fifth.content.decode()

    right_password = log_in(client, member.email)
    assert right_password.status_code == 429
    assert not client.get("/").wsgi_request.user.is_authenticated

    # Other addresses, and the same address from another network, are not locked out.
    assert log_in(client, "someone.else@example.org", "not-the-password").status_code == 400
    assert log_in(Client(REMOTE_ADDR="192.0.2.10"), member.email)["Location"] == "/account/"

    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert log_in(client, member.email)["Location"] == "/account/"


def test_an_unknown_address_is_locked_out_exactly_like_a_known_one(client, demo_site, member, lockout_on):
    for _ in range(5):
        known = log_in(client, member.email, "not-the-password")
        unknown = log_in(client, "nobody@example.org", "not-the-password")

    assert known.status_code == unknown.status_code == 429
    assert main_content(known) == main_content(unknown)


def test_the_wagtail_admin_login_is_locked_out_too(client, demo_site, lockout_on):
    User.objects.create_superuser(email="editor@cep-probation.org", password=PASSWORD)
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "editor@cep-probation.org", "password": "wrong"})
        assert response.status_code == 200

    fifth = client.post("/admin/login/", {"username": "editor@cep-probation.org", "password": "wrong"})
    assert fifth.status_code == 429
    assert "Too many failed attempts" in fifth.content.decode()

    right_password = client.post("/admin/login/", {"username": "editor@cep-probation.org", "password": PASSWORD})
    assert right_password.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, demo_site, member, lockout_on):
    for _ in range(4):
        log_in(client, member.email, "not-the-password")
    assert log_in(client, member.email)["Location"] == "/account/"
    client.post("/accounts/logout/")

    for _ in range(4):
        assert log_in(client, member.email, "not-the-password").status_code == 400


def test_too_many_sign_ups_from_one_network_get_a_429_page(client, demo_site, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        data = {"email": f"person{number}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        assert client.post("/accounts/signup/", data).status_code == 302

    response = client.post(
        "/accounts/signup/", {"email": "person3@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_the_wagtail_admin_keeps_its_own_login_for_staff(client, demo_site):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_pages_for_logged_in_users_send_visitors_to_the_site_login(client, demo_site):
    about = StandardPage.objects.get(slug="about-us")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(about.url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={about.url}"
