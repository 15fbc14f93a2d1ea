"""Subscribing to the newsletter: the sign-up form, double opt-in, unsubscribing, the purge, members' subscriptions."""

import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.tasks import outbox_sweep
from core.templatetags.navigation_tags import site_navigation
from newsletter import links, services
from newsletter.contributions import account_newsletter_context
from newsletter.models import Subscriber
from newsletter.tasks import subscribers_purge
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.helpers import soup_of
from tests.members.factories import UserFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.newsletter.factories import SubscriberFactory
from tests.smtp import PERMANENT

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ADDRESS = "anna.novak@probation.example"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/newsletter/confirm/[^/\s]+/)")


def main_text(response):
    return " ".join(soup_of(response).select_one("main").get_text().split())


def form_data(**fields):
    return {"email": ADDRESS, "name": "Anna Novak", "consent": "on", "website": "", **fields}


def confirm_path_in(message) -> str:
    return CONFIRM_LINK.search(message.body).group(1)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the form as a visitor would; the confirmation e-mail goes out when the request's transaction commits."""

    def post(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(SUBSCRIBE, form_data(**fields), REMOTE_ADDR="198.51.100.20")

    return post


# ---------------------------------------------------------------------------
# Signing up
# ---------------------------------------------------------------------------


def test_the_sign_up_page_shows_the_form_with_required_fields_marked(client, demo_site):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    form = soup_of(response).select_one("main form.newsletter-form")
    assert form["action"] == SUBSCRIBE
    assert '"*" indicates required fields' in form.get_text()
    assert form.find("label", attrs={"for": "newsletter-email"}).get_text(" ", strip=True) == "E-mail *"
    assert form.find("input", id="newsletter-email").has_attr("required")
    assert form.find("label", attrs={"for": "newsletter-name"}).get_text(strip=True) == "Name"
    assert (
        form.find("label", attrs={"for": "newsletter-consent"})
        .get_text(" ", strip=True)
        .startswith(services.CONSENT_TEXT)
    )
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})  # for a visitor without a session
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    # The page is the form itself: no invitation to subscribe above the footer, and one form.
    assert not soup_of(response).select(".newsletter-cta")
    assert len(soup_of(response).select("form.newsletter-form")) == 1
    # What the address is for, beside the button that sends it.
    actions = form.select_one(".form__actions")
    assert actions.find("button", type="submit").get_text(strip=True) == "Subscribe"
    assert "We use your address only to send you the newsletter." in actions.select_one(".privacy-note").get_text()


def test_a_new_address_waits_for_confirmation_with_its_consent_record(sign_up, demo_site, frozen_now):
    response = sign_up()
    assert response.status_code == 200
    assert soup_of(response).h1.get_text() == "Check your inbox"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert (subscriber.email, subscriber.name, subscriber.source) == (ADDRESS, "Anna Novak", "sign-up form")
    assert subscriber.consent_text == services.CONSENT_TEXT
    assert subscriber.consent_version == services.CONSENT_VERSION
    assert (subscriber.signed_up_at, subscriber.signed_up_ip) == (NOW, "198.51.100.20")
    assert subscriber.confirmation_sent_at == NOW
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert message.subject == "Please confirm your subscription to the CEP newsletter"
    assert "/newsletter/confirm/" in message.alternatives[0][0]
    assert confirm_path_in(message)


def test_the_answer_is_the_same_for_new_waiting_and_confirmed_addresses(sign_up, demo_site):
    new = sign_up()
    waiting = sign_up(email=ADDRESS.upper())
    SubscriberFactory(email="jan@reclassering.example", status=Subscriber.Status.CONFIRMED)
    mail.outbox.clear()
    confirmed = sign_up(email="jan@reclassering.example")
    assert new.status_code == waiting.status_code == confirmed.status_code == 200
    assert main_text(new) == main_text(waiting) == main_text(confirmed)
    assert Subscriber.objects.get(email="jan@reclassering.example").status == Subscriber.Status.CONFIRMED
    assert mail.outbox == []  # a confirmed subscriber is not mailed again
    assert Subscriber.objects.filter(email__iexact=ADDRESS).count() == 1


def test_at_most_one_confirmation_e_mail_per_address_per_day(sign_up, demo_site, frozen_now):
    sign_up()
    sign_up(email="Anna.Novak@Probation.example")
    frozen_now.shift(timedelta(hours=23))
    sign_up()
    assert len(mail.outbox) == 1
    frozen_now.shift(timedelta(hours=1))
    sign_up()
    assert len(mail.outbox) == 2
    assert [message.to for message in mail.outbox] == [[ADDRESS], [ADDRESS]]


def test_signing_up_again_while_the_e_mail_waits_queues_no_second_one_and_the_sweep_sends_it(client, demo_site):
    # The requests' wake-ups are lost, as when the broker is wiped: this test's transaction never commits.
    client.post(SUBSCRIBE, form_data())
    client.post(SUBSCRIBE, form_data(email=ADDRESS.upper()))
    assert mail.outbox == []

    outbox_sweep.delay()
    outbox_sweep.delay()

    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert client.post(confirm_path_in(message)).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_a_confirmation_the_mail_server_refused_is_sent_again_at_once_on_signing_up_again(
    sign_up, demo_site, smtp_sink
):
    smtp_sink.refuse(ADDRESS, PERMANENT)
    sign_up()
    assert smtp_sink.received == []
    smtp_sink.accept(ADDRESS)
    sign_up()
    (message,) = smtp_sink.to(ADDRESS)
    assert message["Subject"] == "Please confirm your subscription to the CEP newsletter"


def test_an_unsubscribed_address_signing_up_again_waits_for_confirmation_with_fresh_consent(sign_up, demo_site):
    subscriber = SubscriberFactory(
        email=ADDRESS,
        status=Subscriber.Status.UNSUBSCRIBED,
        consent_version="2020-01",
        confirmed_at=datetime(2021, 1, 1, tzinfo=UTC),
        unsubscribed_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    sign_up()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_version == services.CONSENT_VERSION
    assert subscriber.confirmed_at is None and subscriber.unsubscribed_at is None
    assert len(mail.outbox) == 1


def test_a_filled_honeypot_is_answered_like_a_sign_up_and_keeps_nothing(sign_up, demo_site):
    response = sign_up(website="https://spam.example")
    assert response.status_code == 200
    assert soup_of(response).h1.get_text() == "Check your inbox"
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_too_many_sign_ups_from_one_address_get_429(sign_up, demo_site, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    assert sign_up(email="one@probation.example").status_code == 200
    assert sign_up(email="two@probation.example").status_code == 200
    response = sign_up(email="three@probation.example")
    assert response.status_code == 429
    assert soup_of(response).h1.get_text() == "Too many sign-ups"
    assert not Subscriber.objects.filter(email="three@probation.example").exists()


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"email": "not-an-address"}, "newsletter-email", "Enter an e-mail address like name@example.org."),
        ({"email": ""}, "newsletter-email", "Enter your e-mail address."),
        ({"email": "a" * 250 + "@example.org"}, "newsletter-email", "at most 254 characters"),
        ({"consent": ""}, "newsletter-consent", "Tick the box to agree to receive the newsletter."),
        ({"name": "N" * 201}, "newsletter-name", "at most 200 characters"),
    ],
)
def test_bad_input_gives_400_with_the_form_and_stores_nothing(sign_up, demo_site, fields, field_id, message):
    response = sign_up(**fields)
    assert response.status_code == 400
    page = soup_of(response)
    summary = page.select_one("main .error-summary")
    (link,) = summary.find_all("a")
    assert link["href"] == f"#{field_id}"
    assert message in link.get_text()
    field = page.find("input", id=field_id)
    assert field["aria-invalid"] == "true"
    assert f"{field_id}_error" in field["aria-describedby"].split()
    assert page.title.get_text().startswith("Error: ")
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Confirming
# ---------------------------------------------------------------------------


def test_opening_the_link_shows_a_button_and_changes_nothing(sign_up, client, demo_site):
    sign_up()
    response = client.get(confirm_path_in(mail.outbox[0]))
    assert response.status_code == 200
    assert soup_of(response).select_one("main form button").get_text() == "Confirm my subscription"
    assert response["Cache-Control"] == "private, no-store"
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_pressing_the_button_confirms_with_the_time_and_address(sign_up, client, demo_site, frozen_now):
    sign_up()
    path = confirm_path_in(mail.outbox[0])
    frozen_now.shift(timedelta(hours=2))
    response = client.post(path, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert soup_of(response).h1.get_text() == "You are subscribed"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert (subscriber.confirmed_at, subscriber.confirmed_ip) == (NOW + timedelta(hours=2), "203.0.113.7")
    # Again: nothing changes.
    frozen_now.shift(timedelta(hours=1))
    assert client.post(path, REMOTE_ADDR="192.0.2.1").status_code == 200
    subscriber.refresh_from_db()
    assert (subscriber.confirmed_at, subscriber.confirmed_ip) == (NOW + timedelta(hours=2), "203.0.113.7")


def test_an_expired_link_gives_400_with_a_link_to_sign_up_again(sign_up, client, demo_site, frozen_now):
    sign_up()
    path = confirm_path_in(mail.outbox[0])
    frozen_now.shift(timedelta(days=7, minutes=1))
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        page = soup_of(response)
        assert "has expired" in page.select_one("main").get_text()
        assert page.select_one("main").find("a", string="Sign up again")["href"] == SUBSCRIBE
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_tampered_link_gives_400_and_confirms_nothing(sign_up, client, demo_site):
    sign_up()
    anna = Subscriber.objects.get()
    path = confirm_path_in(mail.outbox[0])
    token = path.split("/")[-2]
    value, timestamp, signature = token.split(":")
    salt = links.CONFIRMATION_SALT
    forged = [
        f"{value}:{timestamp}:{signature[:-2]}xx",  # the signature changed
        f"{value[:-1]}{'B' if value.endswith('A') else 'A'}:{timestamp}:{signature}",  # the payload changed
        signing.dumps([anna.pk, links.email_digest(ADDRESS)], salt=salt, key="not-the-site-key"),
        # Signed by the site, but for another address than the row's (an address changed since, say).
        signing.dumps([anna.pk, links.email_digest("jan@reclassering.example")], salt=salt),
        "nonsense",
    ]
    for bad in forged:
        response = client.post(f"/newsletter/confirm/{bad}/")
        assert response.status_code == 400, bad
        assert "not valid" in soup_of(response).select_one("main").get_text()
    assert not Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).exists()


def test_a_link_stops_working_when_the_address_is_unsubscribed(client, demo_site):
    subscriber = SubscriberFactory(email=ADDRESS)
    token = links.confirmation_token(subscriber)
    services.subscriber_unsubscribe(subscriber=subscriber)
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_confirmation_mail_reaches_a_real_smtp_server_with_a_working_link(
    smtp_sink, client, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SUBSCRIBE, form_data()).status_code == 200
    (message,) = smtp_sink.to(ADDRESS)
    assert message["Subject"] == "Please confirm your subscription to the CEP newsletter"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    url = CONFIRM_LINK.search(text).group(0)
    assert f'href="{url}"' in html
    response = client.post(urlsplit(url).path)
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


# ---------------------------------------------------------------------------
# Unsubscribing
# ---------------------------------------------------------------------------


def test_unsubscribe_url_is_the_absolute_address_of_the_subscribers_link(settings, db):
    settings.WAGTAILADMIN_BASE_URL = "https://www.cep-probation.org"
    subscriber = SubscriberFactory()
    assert links.unsubscribe_url(subscriber) == (
        f"https://www.cep-probation.org/newsletter/unsubscribe/{subscriber.token}/"
    )


def test_opening_the_unsubscribe_link_shows_a_button_and_changes_nothing(client, demo_site):
    subscriber = SubscriberFactory(email=ADDRESS, status=Subscriber.Status.CONFIRMED)
    response = client.get(f"/newsletter/unsubscribe/{subscriber.token}/")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.h1.get_text() == "Unsubscribe from the CEP newsletter"
    assert page.select_one("main form")["method"] == "post"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.unsubscribed_at is None


def test_one_click_post_unsubscribes_at_once_without_csrf_token_or_cookie(demo_site, frozen_now):
    subscriber = SubscriberFactory(email=ADDRESS, status=Subscriber.Status.CONFIRMED)
    mail_client = Client(enforce_csrf_checks=True)  # no cookies, no token: as a mail provider posts (RFC 8058)
    response = mail_client.post(
        f"/newsletter/unsubscribe/{subscriber.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert soup_of(response).h1.get_text() == "You are unsubscribed"
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.unsubscribed_at) == (Subscriber.Status.UNSUBSCRIBED, NOW)
    # A second post changes nothing, and still answers 200.
    frozen_now.shift(timedelta(days=1))
    assert mail_client.post(f"/newsletter/unsubscribe/{subscriber.token}/").status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == NOW


def test_an_unknown_unsubscribe_link_is_404(client, demo_site):
    assert client.get("/newsletter/unsubscribe/not-a-token/").status_code == 404
    assert Client(enforce_csrf_checks=True).post("/newsletter/unsubscribe/not-a-token/").status_code == 404


# ---------------------------------------------------------------------------
# The purge
# ---------------------------------------------------------------------------


def test_the_purge_deletes_only_sign_ups_unconfirmed_for_more_than_7_days(frozen_now, db):
    def subscriber(email, status, days_ago, **fields):
        return SubscriberFactory(email=email, status=status, signed_up_at=NOW - timedelta(days=days_ago), **fields)

    subscriber("old-pending@example.org", Subscriber.Status.PENDING, 8)
    subscriber("recent-pending@example.org", Subscriber.Status.PENDING, 6)
    subscriber("old-confirmed@example.org", Subscriber.Status.CONFIRMED, 30, confirmed_at=NOW - timedelta(days=29))
    subscriber("old-unsubscribed@example.org", Subscriber.Status.UNSUBSCRIBED, 30, unsubscribed_at=NOW)
    out = io.StringIO()
    call_command("purge_unconfirmed_subscribers", stdout=out)
    assert out.getvalue().strip() == "Unconfirmed sign-ups deleted: 1."
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "recent-pending@example.org",
        "old-confirmed@example.org",
        "old-unsubscribed@example.org",
    }
    frozen_now.shift(timedelta(days=1, seconds=1))
    assert subscribers_purge.delay().get() == {"deleted": 1}
    assert not Subscriber.objects.filter(status=Subscriber.Status.PENDING).exists()


# ---------------------------------------------------------------------------
# The sign-up on every page: the home page's box, or the invitation above the footer
# ---------------------------------------------------------------------------


@pytest.fixture
def site_pages(demo_site):
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=demo_site, slug="newsroom"), title="A news item")
    event = EventPageFactory(parent=EventIndexPageFactory(parent=demo_site, slug="our-events"), title="An event")
    return {"home": "/", "news": news.url, "event": event.url, "about": "/about-us/"}


@pytest.mark.parametrize("kind", ["home", "news", "event", "about"])
def test_every_page_offers_the_sign_up_once(client, site_pages, kind):
    response = client.get(site_pages[kind])
    assert response.status_code == 200
    page = soup_of(response)
    assert not page.select("footer form")
    invitations = page.select(".newsletter-cta")
    if kind == "home":
        # The home page has the sign-up box itself, so it leaves out the invitation to go to the form's page.
        assert invitations == []
        (form,) = page.select("form.newsletter-form")
        assert form.find_parent(class_="newsletter-signup")
        assert form["action"] == SUBSCRIBE
        assert form["method"] == "post"
        assert '"*" indicates required fields' in form.get_text()
        assert form.find("label", attrs={"for": "signup-block-newsletter-email"})
        assert form.find("label", attrs={"for": "signup-block-newsletter-name"}).get_text(strip=True) == "Name"
        assert form.find("input", attrs={"name": "consent", "type": "checkbox"})
    else:
        assert page.select("form.newsletter-form") == []
        (invitation,) = invitations
        # Just above the footer, outside the page's main content.
        assert invitation.find_next_sibling().name == "footer"
        assert invitation.find_parent("main") is None
        link = invitation.find("a")
        assert (link.get_text(" ", strip=True), link["href"]) == ("Subscribe to the newsletter", SUBSCRIBE)
        assert soup_of(client.get(link["href"])).select_one("main form.newsletter-form")["action"] == SUBSCRIBE
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids on the page must be unique"


def test_the_home_page_block_has_the_full_form(client, demo_site):
    page = soup_of(client.get("/"))
    block_form = page.select_one("main .newsletter-signup form.newsletter-form")
    assert block_form.find("input", id="signup-block-newsletter-name")
    assert block_form.find("input", id="signup-block-newsletter-email")
    assert block_form.find("input", id="signup-block-newsletter-consent", type="checkbox")
    actions = block_form.select_one(".form__actions")
    assert actions.find("button", type="submit").get_text(strip=True) == "Subscribe"
    assert "We use your address only to send you the newsletter." in actions.select_one(".privacy-note").get_text()
    assert len(page.select("form.newsletter-form")) == 1


def test_signing_up_from_the_home_page_block_works(client, demo_site, django_capture_on_commit_callbacks):
    page = soup_of(client.get("/"))
    form = page.select_one("main .newsletter-signup form.newsletter-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    data.update({"email": ADDRESS, "name": "Ada Reader", "consent": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form["action"], data)
    assert response.status_code == 200
    assert (Subscriber.objects.get().email, Subscriber.objects.get().name) == (ADDRESS, "Ada Reader")
    assert len(mail.outbox) == 1


def test_the_sign_up_form_costs_no_database_query(rf, demo_site):
    request = rf.get("/")
    template = Template("{% load newsletter_signup %}{% newsletter_signup_form 'signup-block-newsletter' %}")
    # Every page's header reads the navigation, where the form's privacy note finds its link, before any form.
    site_navigation(Context({"request": request}))
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": request, "csrf_token": "token"}))
    assert len(queries) == 0
    assert 'action="/newsletter/subscribe/"' in html


def test_the_invitation_to_subscribe_adds_no_query_to_a_page(rf, demo_site):
    def invitation_queries(hidden):
        request = rf.get("/about-us/")
        with CaptureQueriesContext(connection) as queries:
            html = render_to_string(
                "includes/newsletter_cta.html", {"newsletter_signup_hidden": hidden}, request=request
            )
        return len(queries), html

    without_invitation, html_without = invitation_queries(True)
    with_invitation, html = invitation_queries(False)
    assert 'href="/newsletter/subscribe/"' in html and "newsletter" not in html_without
    assert with_invitation == without_invitation == 0


# ---------------------------------------------------------------------------
# Members: the account page
# ---------------------------------------------------------------------------


def verified_member(email="member@probation.example", *, verified=True):
    user = UserFactory(email=email, first_name="Liis", last_name="Tamm")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def test_a_member_with_a_verified_address_subscribes_at_once(client, demo_site, frozen_now):
    user = verified_member()
    client.force_login(user)
    response = client.post(
        "/newsletter/account/subscribe/", {"next": "/accounts/profile/#newsletter"}, REMOTE_ADDR="192.0.2.5"
    )
    assert response.status_code == 303
    assert response["Location"] == "/accounts/profile/#newsletter"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.user, subscriber.name) == ("member@probation.example", user, "Liis Tamm")
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert (subscriber.source, subscriber.consent_text) == ("account page", services.CONSENT_TEXT)
    assert (subscriber.confirmed_at, subscriber.confirmed_ip) == (NOW, "192.0.2.5")
    assert mail.outbox == []


def test_a_member_whose_address_is_not_verified_must_confirm_by_e_mail(
    client, demo_site, django_capture_on_commit_callbacks
):
    user = verified_member(verified=False)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/account/subscribe/", {"next": "https://evil.example/"})
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    (message,) = mail.outbox
    assert message.to == ["member@probation.example"]
    with pytest.raises(services.EmailNotVerified):
        services.subscriber_subscribe_member(user=user)


def test_a_member_unsubscribes_from_the_account_page(client, demo_site):
    user = verified_member()
    SubscriberFactory(email="Member@Probation.example", status=Subscriber.Status.CONFIRMED)
    client.force_login(user)
    response = client.post("/newsletter/account/unsubscribe/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"  # only addresses of this site
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_the_account_buttons_need_a_login_and_a_post(client, demo_site):
    response = client.post("/newsletter/account/subscribe/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(verified_member())
    assert client.get("/newsletter/account/subscribe/").status_code == 405
    assert not Subscriber.objects.exists()


def test_the_account_section_says_where_the_subscription_stands(rf, demo_site):
    user = verified_member()
    request = rf.get("/accounts/profile/")
    request.user = user

    def section():
        html = render_to_string(
            "newsletter/includes/account_section.html", account_newsletter_context(user), request=request
        )
        return BeautifulSoup(html, "html.parser")

    page = section()
    assert "You do not receive the CEP newsletter" in page.get_text()
    assert page.form["action"] == "/newsletter/account/subscribe/"
    assert page.form.find("input", attrs={"name": "next"})["value"] == "/accounts/profile/#newsletter"
    services.subscriber_subscribe_member(user=user)
    page = section()
    assert "You receive the CEP newsletter at member@probation.example" in " ".join(page.get_text().split())
    assert page.form["action"] == "/newsletter/account/unsubscribe/"
