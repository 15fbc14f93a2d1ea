"""The forms that answer alike for a known and an unknown address answer in the same time too, so that timing the
answer tells nothing: sign-up (an account exists), password reset (an account exists), the newsletter sign-up
(already subscribed) and event registration (already registered). Each compares the fastest of repeated requests,
alternating the two kinds: the least a path takes is what its work costs, and a busy machine (the suite runs in more
processes than it has CPUs) only ever adds to it."""

import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.utils import timezone

from cep_site.settings import base as production
from newsletter.models import Subscriber
from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-for-tests"
REPEATS = 9


@pytest.fixture
def as_deployed(settings):
    """The deployed even answer time, and no rate limit (these tests post more often than a person would)."""
    settings.FORM_ANSWER_SECONDS = production.FORM_ANSWER_SECONDS
    settings.ACCOUNT_RATE_LIMITS = False
    settings.NEWSLETTER_SIGNUP_RATE = "1000/m"
    settings.EVENT_REGISTRATION_RATE = "1000/m"


@pytest.fixture
def member(db):
    user = get_user_model().objects.create_user(email="maria.rossi@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def fastest(client, path: str, known: dict, unknown) -> tuple[float, float]:
    """The fewest seconds a POST of `known`, and of `unknown(n)`, took, sent in turn, each from an address of its
    own."""
    timings = {"known": [], "unknown": []}
    for number in range(REPEATS):
        for kind, data in (("known", known), ("unknown", unknown(number))):
            started = time.perf_counter()
            response = client.post(path, data, REMOTE_ADDR=f"10.0.{number}.{len(timings[kind]) % 2 + 1}")
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code in (200, 302, 303), (kind, response.status_code)
    return min(timings["known"]), min(timings["unknown"])


def assert_alike(known: float, unknown: float, *, margin: float) -> None:
    assert abs(known - unknown) <= margin, f"known {known * 1000:.1f} ms, unknown {unknown * 1000:.1f} ms"


def test_sign_up_takes_as_long_for_an_address_with_an_account_as_for_a_new_one(client, demo_site, member, settings):
    # The hasher of a deployment, whose cost is most of the time of creating an account.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.FORM_ANSWER_SECONDS = 0
    settings.ACCOUNT_RATE_LIMITS = False
    known, unknown = fastest(
        client,
        "/accounts/signup/",
        {"email": member.email, "password1": PASSWORD, "password2": PASSWORD},
        lambda number: {"email": f"new{number}@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    # Skipping the hashing for a known address saved nine tenths of the answer: a quarter is room for the hasher's own
    # spread and for the account a new address gets made (rows, the e-mail queued), which a busy machine slows most.
    assert_alike(known, unknown, margin=0.25 * max(known, unknown))


@pytest.mark.django_db(transaction=True)  # the answers' work is committed, workers woken, as in production
def test_password_reset_takes_as_long_for_a_known_address_as_for_an_unknown_one(client, demo_site, member, as_deployed):
    known, unknown = fastest(
        client,
        "/accounts/password/reset/",
        {"email": member.email},
        lambda number: {"email": f"nobody{number}@example.org"},
    )
    # The paths differ by 5 to 10 ms (a token, an e-mail rendered and queued, a worker woken, or none of that); a
    # loaded CI machine spreads even answers by 2 ms.
    assert_alike(known, unknown, margin=0.003)


@pytest.mark.django_db(transaction=True)
def test_newsletter_sign_up_takes_as_long_for_a_subscriber_as_for_a_new_address(client, demo_site, as_deployed):
    Subscriber.objects.create(email="reader@example.org", status=Subscriber.Status.CONFIRMED)
    known, unknown = fastest(
        client,
        "/newsletter/subscribe/",
        {"email": "reader@example.org", "consent": "on"},
        lambda number: {"email": f"new-reader{number}@example.org", "consent": "on"},
    )
    assert_alike(known, unknown, margin=0.003)


@pytest.mark.django_db(transaction=True)
def test_event_registration_takes_as_long_for_a_registered_address_as_for_a_new_one(client, demo_site, as_deployed):
    start = timezone.now() + timedelta(days=30)
    event = publish(
        EventPageFactory(
            parent=publish(EventIndexPageFactory(parent=demo_site)),
            start=start,
            end=start + timedelta(hours=2),
            takes_registrations=True,
            capacity=100,
        )
    )
    RegistrationFactory(event=event, email="registered@example.org")
    known, unknown = fastest(
        client,
        f"{event.url}register/",
        {"name": "Ana", "email": "registered@example.org"},
        lambda number: {"name": "Ana", "email": f"new{number}@example.org"},
    )
    assert_alike(known, unknown, margin=0.003)
