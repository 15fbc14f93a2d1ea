"""Links in account e-mails go to the site's configured public address, whatever Host header the request that
caused them named: a request to an allowed host on another port must not make a password-reset link point there."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-for-tests"
PUBLIC = "https://www.cep-probation.example"


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["www.cep-probation.example", "testserver"]


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_every_link_in_account_emails_uses_the_configured_address_not_the_host_header(
    client, demo_site, public_address, django_capture_on_commit_callbacks
):
    member = get_user_model().objects.create_user(email="maria.rossi@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    host = {"HTTP_HOST": "www.cep-probation.example:8443", "HTTP_X_FORWARDED_HOST": "attacker.example"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": member.email}, **host)
        client.post(
            "/accounts/signup/",
            {"email": "jan.novak@example.org", "password1": PASSWORD, "password2": PASSWORD},
            **host,
        )
        client.post(
            "/accounts/signup/",
            {"email": member.email, "password1": PASSWORD, "password2": PASSWORD},
            **host,
        )

    subjects = [message.subject for message in mail.outbox]
    assert len(mail.outbox) == 3, subjects
    for message in mail.outbox:
        links = links_in(message)
        assert links, message.body
        assert all(link.startswith(PUBLIC + "/") for link in links), (message.subject, links)
