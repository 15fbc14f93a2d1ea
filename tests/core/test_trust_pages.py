"""The trust pages (privacy, cookies, legal notice, accessibility) and the contact page from the demo content, and the
privacy note beside the button of every form that asks for personal details."""

import io
from datetime import timedelta

import pytest

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from core.models import ContactPage, NavigationSettings, SiteSettings, StandardPage
from demo import site as site_content
from events.models import EventIndexPage
from newsletter.services import PURGE_AFTER
from tests.core.factories import StandardPageFactory
from tests.events.factories import EventPageFactory
from tests.helpers import soup_of
from tests.members.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

TRUST_SLUGS = ["contact", "privacy", "cookies", "legal-notice", "accessibility"]
PRIVACY_NOTE = ".privacy-note"


def text_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return " ".join(soup_of(response).select_one("main").get_text(" ").split())


@pytest.fixture
def trust_site(demo_site):
    """The home page and About Us, with the contact and trust pages (faster than the full demo)."""
    site_content.trust_pages_load(demo_site, io.StringIO())
    return demo_site


def privacy_links(response):
    return [link["href"] for link in soup_of(response).select(f"{PRIVACY_NOTE} a")]


# ---------------------------------------------------------------------------
# The demo content
# ---------------------------------------------------------------------------


def test_the_demo_loads_the_five_pages_links_them_in_the_footer_and_names_the_privacy_notice(client, full_demo_site):
    for slug in TRUST_SLUGS:
        page = Page.objects.child_of(full_demo_site).get(slug=slug).specific
        assert page.live and page.url == f"/{slug}/"
        assert isinstance(page, ContactPage if slug == "contact" else StandardPage)
        assert client.get(page.url).status_code == 200
    footer = soup_of(client.get("/about-us/")).select_one("footer")
    hrefs = [link["href"] for link in footer.select("a")]
    for slug in TRUST_SLUGS:
        assert hrefs.count(f"/{slug}/") == 1, slug
    site = Site.objects.get(is_default_site=True)
    assert SiteSettings.for_site(site).privacy_page.slug == "privacy"


def test_loading_again_changes_nothing_and_keeps_an_editors_work(trust_site):
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.title = "Your data at CEP"
    privacy.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    footer_before = list(NavigationSettings.for_site(site).footer_links.raw_data)

    site_content.trust_pages_load(trust_site, io.StringIO())

    assert StandardPage.objects.get(slug="privacy").title == "Your data at CEP"
    assert Page.objects.filter(slug__in=TRUST_SLUGS).count() == 5
    assert list(NavigationSettings.for_site(site).footer_links.raw_data) == footer_before


def test_the_pages_link_each_other_as_wagtail_page_links(client, trust_site):
    legal = soup_of(client.get("/legal-notice/")).select_one("main")
    hrefs = {link["href"] for link in legal.select("a")}
    assert {"/contact/", "/privacy/", "/cookies/", "/accessibility/"} <= hrefs
    stored = str(StandardPage.objects.get(slug="legal-notice").body.raw_data)
    assert 'linktype="page"' in stored


def test_the_privacy_notice_states_what_the_code_does(client, trust_site):
    text = text_of(client, "/privacy/")
    contact_email = SiteSettings.for_site(Site.objects.get(is_default_site=True)).contact_email
    assert contact_email in text
    forms = ["Newsletter sign-up", "Event registration", "Membership application", "Your account", "Contact form"]
    for form in [*forms, "CEP Award nominations"]:
        assert form in text
    # The retention periods the code applies.
    assert f"not confirmed within {PURGE_AFTER.days} days is deleted" in text
    assert f"deleted from the site {settings.CONTACT_SUBMISSION_RETENTION_MONTHS} months after" in text
    years = settings.AWARD_NOMINATION_RETENTION_YEARS
    assert f"supporting documents are deleted {years} years after the call for nominations closed" in text
    days = settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS
    assert f"An account whose address is not confirmed within {days} days is deleted" in text
    assert f"not confirmed within {days} days is deleted with its statute file" in text
    assert f"{settings.AXES_FAILURE_LIMIT} failed logins" in text
    assert "refuses our mail for good, or keeps failing to take it, is marked as bounced" in text
    assert "reporting an issue as spam unsubscribes you" in text
    assert "registrations are not deleted automatically" in text
    assert "Article 6(1)(a)" in text and "Article 6(1)(b)" in text and "Article 6(1)(f)" in text
    # The rights, and where to use them.
    links = {link["href"] for link in soup_of(client.get("/privacy/")).select("main a")}
    assert {reverse("account"), reverse("account_data"), reverse("account_delete"), "/cookies/", "/contact/"} <= links
    # Who else handles the data: the hosting and the mail relay.
    assert "hosts the website" in text and "e-mail service through which the site sends its mail" in text


def test_the_cookie_notice_names_every_cookie_the_site_sets(client, trust_site, settings):
    text = text_of(client, "/cookies/")
    assert "52 weeks (a year)" in text and "2 weeks" in text

    # Walk the site as a visitor: pages with forms, a sign-up, a login with a message, the admin.
    seen = set()
    client.get("/")
    client.get("/contact/")
    seen |= set(client.cookies)
    user = VerifiedUserFactory(email="walker@probation.example", password="a-Long-unusual-passphrase-42")
    response = client.post(reverse("account_login"), {"login": user.email, "password": "a-Long-unusual-passphrase-42"})
    assert response.status_code == 302
    seen |= set(response.cookies)
    # A message for the next page ("You are subscribed to the newsletter.") travels in a cookie.
    response = client.post(reverse("newsletter:account_subscribe"), {"next": reverse("account")})
    seen |= set(response.cookies)
    client.get(reverse("account"))
    seen |= set(client.cookies)
    assert {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"} <= seen
    for name in seen:
        assert name in text, f"the cookie notice does not name {name}"
    assert "wagtail_sidebar_collapsed" in text  # set by the admin's own script


def test_the_accessibility_statement_has_the_parts_of_the_model_statement(client, trust_site):
    text = text_of(client, "/accessibility/")
    assert "partially compliant" in text and "WCAG) 2.1, level AA" in text and "EN 301 549" in text
    for heading in [
        "Compliance status",
        "Content that is not accessible",
        "How this statement was prepared",
        "Feedback and contact",
        "If you are not satisfied with our answer",
    ]:
        assert heading in text
    assert site_content.TRUST_PAGES_PREPARED_ON in text and "axe-core" in text and "Lighthouse" in text


def test_the_legal_notice_gives_the_publisher_and_invents_no_registration_number(client, trust_site):
    text = text_of(client, "/legal-notice/")
    assert "Confederation of European Probation (CEP)" in text and "1981" in text
    for invented in ["KvK", "registration number", "VAT"]:
        assert invented not in text


def test_the_sites_address_appears_when_the_settings_have_one(client, demo_site):
    contact = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    contact.address = "Postbus 123\n3500 AA Utrecht"
    contact.save()
    site_content.trust_pages_load(demo_site, io.StringIO())
    assert "Its postal address is Postbus 123, 3500 AA Utrecht." in text_of(client, "/privacy/")
    assert "3500 AA Utrecht" in text_of(client, "/legal-notice/")


# ---------------------------------------------------------------------------
# The privacy note beside every form that collects personal data
# ---------------------------------------------------------------------------


def event_open_for_registration():
    start = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    return EventPageFactory(
        parent=EventIndexPage.objects.get(), start=start, end=start + timedelta(hours=1), takes_registrations=True
    )


def test_every_form_that_collects_personal_data_links_the_privacy_notice(client, full_demo_site):
    forms = {
        "newsletter sign-up page": (reverse("newsletter:subscribe"), "form.newsletter-form"),
        "home page sign-up block": ("/", "main form.newsletter-form"),
        "event registration": (event_open_for_registration().url, "form.registration-form"),
        "membership application": ("/membership/apply/", "form.application-form"),
        "account sign-up": (reverse("account_signup"), "form.account-form"),
        "contact": ("/contact/", "main form.form"),
        "award nomination": ("/the-cep-award/nominate/", "main form.form"),
    }
    for name, (path, form_selector) in forms.items():
        response = client.get(path)
        assert response.status_code == 200, name
        form = soup_of(response).select_one(form_selector)
        assert form is not None, name
        note = form.select_one(PRIVACY_NOTE)
        assert note is not None, f"{name}: no privacy note"
        link = note.find("a")
        assert link is not None and link["href"] == "/privacy/", f"{name}: {note}"
        # Beside the submit button.
        assert note.parent.find("button", type="submit") is not None, name


def test_without_a_privacy_page_the_note_goes_without_a_link(client, demo_site):
    response = client.get(reverse("newsletter:subscribe"))
    note = soup_of(response).select_one(f"main {PRIVACY_NOTE}")
    assert note is not None and note.find("a") is None
    assert "We use your address only to send you the newsletter." in note.get_text()


def test_an_unpublished_privacy_notice_is_not_linked(client, trust_site):
    StandardPage.objects.get(slug="privacy").unpublish()
    assert privacy_links(client.get("/contact/")) == []


def test_a_moved_privacy_notice_is_linked_at_its_new_address(client, trust_site):
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.slug = "your-data"
    privacy.save_revision().publish()
    assert privacy_links(client.get("/contact/")) == ["/your-data/"]


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/contact/", "/newsletter/subscribe/", "/accounts/signup/", "/privacy/"])
def test_a_page_with_the_privacy_note_takes_as_many_queries_however_large_the_site(client, trust_site, path):
    client.get(path)  # the first request fills the caches of routing and the menus
    before = queries_for(client, path)
    pages = [StandardPageFactory(parent=trust_site, slug=f"extra-{number}") for number in range(10)]
    for page in pages:
        page.save_revision().publish()
    site_content.navigation_include(Site.objects.get(is_default_site=True), pages, field="footer_links")
    client.get(path)
    assert queries_for(client, path) == before
