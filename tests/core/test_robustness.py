"""Malformed and hostile input to every public form and filter: never a 500, nothing stored, nothing echoed raw.

The demo site is loaded once for the module inside a transaction that is rolled back at its end; each test runs
in a savepoint of its own, so no test sees another's rows.
"""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.test import Client

from awards.models import Nomination
from core.models import ContactEmail, ContactSubmission
from events.models import EventPage, Registration
from members.models import MembershipApplication
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HTML = f'{SCRIPT}<img src=x onerror="alert(2)">'
TEXT_VALUES = {
    "over_long": "x" * 10_000,
    "html": HTML,
    "sql": "' OR 1=1 --",
    "sql_union": "1 UNION SELECT password FROM members_user --",
    "nul": "a\x00b",
    "unicode_oddities": "\u202e\ufeff\ud7ff\U0001f600" * 10,
}
# Query strings and form bodies as raw text, to send what a client library would refuse to build.
RAW_VALUES = {
    "percent_encoded_invalid_utf8": "%ff%fe%c3%28",
    "percent_encoded_nul": "a%00b",
    "negative": "-1",
    "huge_number": "1e9",
    "overflowing_integer": "9" * 40,
    "empty": "",
}
RAW_INVALID_UTF8 = b"\xff\xfe\xc3\x28"

# Every filter of a public listing, by path: the parameters its view reads.
FILTERS = {
    "/news/": ["category", "type", "topic", "year", "page"],
    "/events/": ["kind", "topic", "year", "page"],
    "/events/past/": ["kind", "topic", "year", "page"],
    "/events/calendar/": ["kind", "topic"],
    "/projects/": ["status", "topic"],
    "/resources/": ["type", "topic", "language", "q"],
    "/search/": ["q", "type", "page"],
    "/probation-in-europe/compare/": ["a", "b"],
}
FILTER_CASES = [(path, name) for path, names in FILTERS.items() for name in names]


@pytest.fixture(scope="module")
def site(shared_demo, django_db_blocker):
    # Looked up once: the module's hundreds of tests share the demo, and none changes its events.
    with django_db_blocker.unblock():
        event = next(page for page in EventPage.objects.live().specific() if page.takes_registrations)
        return {"event_url": event.url}


@pytest.fixture(autouse=True)
def clear_cache():
    """Kept between the tests of this module (overrides tests/conftest.py's fixture, which empties it before the
    first): none of them changes the shared demo, and the routes and listings one renders serve the next."""
    yield


@pytest.fixture(autouse=True)
def generous_rates(settings):
    """Rate limits answer 429 before a form is read; these tests are about the form."""
    settings.EVENT_REGISTRATION_RATE = settings.NEWSLETTER_SIGNUP_RATE = settings.MEMBER_APPLICATION_RATE = "1000/m"
    settings.CONTACT_FORM_RATE = settings.AWARD_NOMINATION_RATE = "1000/m"
    settings.ACCOUNT_RATE_LIMITS = False


def stored_rows():
    return {
        "registrations": Registration.objects.count(),
        "subscribers": Subscriber.objects.count(),
        "applications": MembershipApplication.objects.count(),
        "users": get_user_model().objects.count(),
        "email_addresses": EmailAddress.objects.count(),
        "contact_messages": ContactSubmission.objects.count(),
        "contact_emails": ContactEmail.objects.count(),
        "nominations": Nomination.objects.count(),
    }


def assert_harmless(response, before, *, echoed=None):
    assert response.status_code < 500, response.status_code
    assert stored_rows() == before
    if echoed is not None and "html" in response.get("Content-Type", ""):
        body = response.content.decode(errors="replace")
        assert SCRIPT not in body
        assert 'onerror="alert(2)"' not in body


# ---------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TEXT_VALUES)
@pytest.mark.parametrize(("path", "name"), FILTER_CASES)
def test_a_hostile_filter_value_gives_a_page_not_an_error(client, site, path, name, kind):
    before = stored_rows()
    response = client.get(path, {name: TEXT_VALUES[kind]})
    assert_harmless(response, before, echoed=kind == "html")


@pytest.mark.parametrize("kind", RAW_VALUES)
@pytest.mark.parametrize(("path", "name"), FILTER_CASES)
def test_a_malformed_filter_value_gives_a_page_not_an_error(client, site, path, name, kind):
    before = stored_rows()
    response = client.get(path, QUERY_STRING=f"{name}={RAW_VALUES[kind]}")
    assert_harmless(response, before)


@pytest.mark.parametrize(("path", "name"), FILTER_CASES)
def test_a_filter_given_twice_gives_a_page_not_an_error(client, site, path, name):
    before = stored_rows()
    response = client.get(path, QUERY_STRING=f"{name}=a&{name}=b&{name}[]=c")
    assert_harmless(response, before)


@pytest.mark.parametrize("path", FILTERS)
def test_raw_invalid_utf8_in_the_query_string_gives_a_page_not_an_error(client, site, path):
    before = stored_rows()
    # WSGI passes the query string's bytes as latin-1 text; these are not UTF-8.
    raw = "&".join(f"{name}={RAW_INVALID_UTF8.decode('latin-1')}" for name in FILTERS[path])
    response = client.get(path, QUERY_STRING=raw)
    assert_harmless(response, before)


# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


def form_cases(site):
    """Each public form: its address, a well-formed body and the fields a visitor types into.

    The well-formed bodies are what a real visitor would send; the hostile cases replace every typed field.
    """
    event_url = site["event_url"]
    password = "a-Long-unusual-passphrase-42"
    return {
        "event_registration": (
            f"{event_url}register/",
            {"name": "Ann Example", "email": "ann@example.org", "organisation": "Probation", "country": "BE"},
            ["name", "email", "organisation", "country", "is_member", "reminders_consent"],
        ),
        "newsletter_signup": (
            "/newsletter/subscribe/",
            {"email": "ann@example.org", "name": "Ann", "consent": "on"},
            ["email", "name", "consent"],
        ),
        "newsletter_confirm": ("/newsletter/confirm/not-a-token/", {}, ["token"]),
        "membership_application": (
            "/membership/apply/",
            {
                "applied_as": "individual",
                "country": "BE",
                "first_name": "Ann",
                "last_name": "Example",
                "email": "ann@example.org",
                "password1": password,
                "password2": password,
                "privacy_consent": "on",
            },
            [
                "applied_as",
                "organisation_name",
                "membership_type",
                "country",
                "first_name",
                "last_name",
                "email",
                "contact_phone",
                "contact_position",
                "motivation",
                "password1",
                "password2",
                "privacy_consent",
            ],
        ),
        "login": ("/accounts/login/", {"login": "ann@example.org", "password": password}, ["login", "password"]),
        "signup": (
            "/accounts/signup/",
            {"email": "ann@example.org", "password1": password, "password2": password},
            ["email", "password1", "password2"],
        ),
        "password_reset": ("/accounts/password/reset/", {"email": "ann@example.org"}, ["email"]),
        "contact": (
            "/contact/",
            {"name": "Ann", "email": "ann@example.org", "subject": "A question", "message": "Hello"},
            ["name", "email", "organisation", "subject", "message"],
        ),
        "award_nomination": (
            "/the-cep-award/nominate/",
            {
                "nominee": "UM2",
                "organisation": "PMS",
                "country": "CZ",
                "nominator_name": "Ann",
                "nominator_email": "ann@example.org",
            },
            ["nominee", "organisation", "country", "category", "motivation", "nominator_name", "nominator_email"],
        ),
    }


FORMS = [
    "event_registration",
    "newsletter_signup",
    "newsletter_confirm",
    "membership_application",
    "login",
    "signup",
    "password_reset",
    "contact",
    "award_nomination",
]


def post_raw(client, url, body: bytes):
    return client.generic("POST", url, data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("kind", TEXT_VALUES)
@pytest.mark.parametrize("form", FORMS)
def test_hostile_values_in_every_field_are_refused_and_not_stored(client, site, form, kind):
    url, _valid, fields = form_cases(site)[form]
    before = stored_rows()
    response = client.post(url, dict.fromkeys(fields, TEXT_VALUES[kind]))
    assert_harmless(response, before, echoed=kind == "html")


@pytest.mark.parametrize("kind", RAW_VALUES)
@pytest.mark.parametrize("form", FORMS)
def test_malformed_values_in_every_field_are_refused_and_not_stored(client, site, form, kind):
    url, _valid, fields = form_cases(site)[form]
    before = stored_rows()
    body = "&".join(f"{field}={RAW_VALUES[kind]}" for field in fields).encode()
    assert_harmless(post_raw(client, url, body), before)


@pytest.mark.parametrize("form", FORMS)
def test_raw_invalid_utf8_in_a_form_body_is_refused_and_not_stored(client, site, form):
    url, valid, fields = form_cases(site)[form]
    before = stored_rows()
    body = b"&".join(field.encode() + b"=" + RAW_INVALID_UTF8 for field in fields)
    assert_harmless(post_raw(client, url, body), before)
    # The same bytes in the address of an otherwise good body. (In a name they decode to U+FFFD, which is text.)
    address = next((field for field in ("email", "login") if field in valid), None)
    if address:
        good = "&".join(f"{key}={quote(value)}" for key, value in valid.items() if key != address).encode()
        assert_harmless(post_raw(client, url, good + b"&" + address.encode() + b"=" + RAW_INVALID_UTF8), before)


@pytest.mark.parametrize("form", FORMS)
def test_lists_where_one_value_is_expected_are_refused_and_not_stored(client, site, form):
    url, valid, fields = form_cases(site)[form]
    before = stored_rows()
    body = "&".join(f"{field}=a&{field}=b&{field}[]=c" for field in fields).encode()
    assert_harmless(post_raw(client, url, body), before)


@pytest.mark.parametrize("form", FORMS)
def test_a_body_that_is_not_a_form_is_refused_and_not_stored(client, site, form):
    url, _valid, _fields = form_cases(site)[form]
    before = stored_rows()
    for body, content_type in [
        (b'{"email": "ann@example.org"}', "application/json"),
        (b"\x00" * 64, "application/octet-stream"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b"email=ann%40example.org", "multipart/form-data"),
    ]:
        assert_harmless(client.generic("POST", url, data=body, content_type=content_type), before)


@pytest.mark.parametrize("form", [form for form in FORMS if form != "newsletter_confirm"])
def test_a_forged_post_is_forbidden_and_not_stored(site, form):
    # These forms take no token from a visitor without a session (docs/caching.md), but a browser names the site a
    # forged post comes from, and a visitor with a session needs the token.
    url, valid, _fields = form_cases(site)[form]
    person = get_user_model().objects.create_user("member@probation.example", "member@probation.example")
    before = stored_rows()
    browser = Client(enforce_csrf_checks=True)
    from_another_site = browser.post(url, valid, HTTP_ORIGIN="https://forger.example")
    browser.force_login(person)
    with_a_session = browser.post(url, valid)
    assert (from_another_site.status_code, with_a_session.status_code) == (403, 403)
    assert stored_rows() == before


def test_a_confirmation_post_without_a_csrf_token_is_forbidden(site):
    response = Client(enforce_csrf_checks=True).post("/newsletter/confirm/not-a-token/")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "token", ["not-a-token", "x" * 5000, "%ff%fe", "%00", "' OR 1=1 --", "<script>", "..%2F..%2Fetc%2Fpasswd"]
)
def test_garbage_links_in_e_mails_are_refused_not_an_error(client, site, token):
    before = stored_rows()
    for path in [
        f"/newsletter/confirm/{token}/",
        f"/newsletter/unsubscribe/{token}/",
        f"{site['event_url']}registration/{token}/",
    ]:
        for method in (client.get, client.post):
            response = method(path)
            # Refused (400 or 404), or for a GET of the unsubscribe page a page that changes nothing.
            assert 400 <= response.status_code < 500, (path, response.status_code)
            assert stored_rows() == before
