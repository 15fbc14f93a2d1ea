"""Over-long addresses in the account forms: a message, nothing stored, never an error page.

An address has at most 254 characters (RFC 5321), the size of every column that holds one. Longer, allauth stored
it cut short at sign-up and mailed the shortened address, adding it to an account failed with a 500, and a login
failed with a 500 once the lock-out recorded the attempt (its column holds 255)."""

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt

from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a-long-passphrase-for-tests"
TOO_LONG = "An e-mail address has at most 254 characters."


def address_of_length(length: int) -> str:
    """A well-formed address of `length` characters: labels of at most 63, as DNS allows."""
    local = "maria.rossi"
    labels, left = [], length - len(local) - 1 - len(".org")
    while left > 0:
        label = min(60, left)
        labels.append("x" * label)
        left -= label + 1
    address = f"{local}@{'.'.join(labels)}.org"
    return address if len(address) == length else address[:-5] + "y.org"


@pytest.mark.parametrize("length", [255, 256, 300, 320, 1000])
def test_a_login_too_long_for_any_account_is_refused_with_a_message(client, settings, length):
    settings.AXES_ENABLED = True
    address = address_of_length(length)
    assert len(address) == length

    response = client.post("/accounts/login/", {"login": address, "password": PASSWORD})

    assert response.status_code == 400
    assert TOO_LONG in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("length", [255, 300])
def test_sign_up_with_an_address_too_long_stores_nothing_and_mails_nobody(client, mailoutbox, length):
    response = client.post(
        "/accounts/signup/",
        {"email": address_of_length(length), "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 400
    assert TOO_LONG in response.content.decode()
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mailoutbox == []


def test_sign_up_with_an_address_of_254_characters_works(client):
    address = address_of_length(254)
    client.post("/accounts/signup/", {"email": address, "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get().email == address


def test_adding_an_address_too_long_to_an_account_keeps_the_account_as_it_was(client):
    user = User.objects.create_user(email="maria.rossi@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)

    response = client.post("/accounts/email/", {"email": address_of_length(300), "action_add": ""})

    assert response.status_code == 400
    assert TOO_LONG in response.content.decode()
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["maria.rossi@example.org"]


def test_a_password_reset_for_an_address_too_long_says_so(client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": address_of_length(300)})

    assert response.status_code == 400
    assert TOO_LONG in response.content.decode()
    assert mailoutbox == []
