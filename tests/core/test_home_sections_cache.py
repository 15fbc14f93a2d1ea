"""The home sections, the menus and the restricted paths come from the cache, yet a change shows on the next request.

Pages are cached at the edge only (docs/caching.md), so each request renders the page from these cached parts.
"""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from core.models import SiteSettings
from demo.site import navigation_include
from tests.core.factories import StandardPageFactory, publish
from tests.events.factories import EventPageFactory
from tests.members.factories import UserFactory
from tests.news.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def home(client):
    return client.get("/").content.decode()


def test_news_published_after_the_home_page_was_shown_is_on_it_at_the_next_request(client, news_index):
    publish(NewsPageFactory(parent=news_index, title="First news", date=datetime.date(2025, 1, 1)))
    assert "First news" in home(client)

    publish(NewsPageFactory(parent=news_index, title="Breaking news", date=datetime.date(2025, 2, 1)))

    assert "Breaking news" in home(client)


def test_an_event_published_after_the_home_page_was_shown_is_on_it_at_the_next_request(client, event_index):
    start = timezone.now() + datetime.timedelta(days=30)
    assert "Autumn webinar" not in home(client)

    publish(EventPageFactory(parent=event_index, title="Autumn webinar", start=start, highlighted=True))

    page = home(client)
    # Once: highlighted events lead the upcoming events, no longer a section of their own.
    assert page.count("Autumn webinar") == 1
    section = page.split('id="upcoming-events-heading"')[1].split("</section>")[0]
    assert "Autumn webinar" in section


def test_unpublished_news_leaves_the_home_page_at_the_next_request(client, news_index):
    news = publish(NewsPageFactory(parent=news_index, title="Withdrawn news"))
    assert "Withdrawn news" in home(client)

    news.unpublish()

    assert "Withdrawn news" not in home(client)


def test_news_under_a_new_view_restriction_leaves_the_home_page_at_the_next_request(client, news_index):
    publish(NewsPageFactory(parent=news_index, title="Members-only news"))
    assert "Members-only news" in home(client)

    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)

    assert "Members-only news" not in home(client)


def test_the_menus_and_contact_details_follow_a_change_of_the_settings(client, demo_site):
    site = Site.objects.get(is_default_site=True)
    assert "New section" not in home(client)

    page = publish(StandardPageFactory(parent=demo_site, title="New section", slug="new-section"))
    navigation_include(site, [page])
    navigation_include(site, [page], field="footer_links")
    contact = SiteSettings.for_site(site)
    contact.contact_email = "changed@example.org"
    contact.save()

    page = BeautifulSoup(home(client), "html.parser")
    # The main menu is in the header, in the small-screen menu and in the footer's "Explore"; then the footer's links.
    for menu in [
        'nav[aria-label="Main"]',
        'nav[aria-label="Main (menu)"]',
        'nav[aria-labelledby="footer-explore-heading"]',
        'nav[aria-labelledby="footer-links-heading"]',
    ]:
        assert [(link.get_text(), link["href"]) for link in page.select(menu)[0].select("a")][-1] == (
            "New section",
            "/new-section/",
        )
    assert page.select_one('.site-footer a[href="mailto:changed@example.org"]')


def test_the_cached_menu_marks_the_section_of_each_request(client, demo_site):
    section = publish(StandardPageFactory(parent=demo_site, title="New section", slug="new-section"))
    publish(StandardPageFactory(parent=section, title="Inside", slug="inside"))
    navigation_include(Site.objects.get(is_default_site=True), [section])
    assert '<a href="/new-section/">New section</a>' in home(client)

    assert '<a href="/new-section/" aria-current="page">' in client.get("/new-section/").content.decode()
    assert '<a href="/new-section/" aria-current="true">' in client.get("/new-section/inside/").content.decode()


def test_the_account_links_are_never_shared_between_visitors(client, demo_site):
    assert "Log in" in home(client)

    client.force_login(UserFactory())
    page = home(client)

    assert "Log out" in page
    assert "Log in" not in page


def test_a_preview_of_the_home_page_shows_the_drafts_sections(client, rf, news_index):
    for number in range(3):
        publish(NewsPageFactory(parent=news_index, title=f"News item {number}"))
    home_page = news_index.get_parent().specific
    client.get("/")  # the published home page's sections are now in the cache

    body = home_page.body.raw_data
    latest_news = next(block for block in body if block["type"] == "latest_news")
    latest_news["value"].update(heading="Draft heading", count=1)
    home_page.body = body
    draft = home_page.save_revision().as_object()

    preview = draft.make_preview_request(rf.get("/"))
    preview.render()

    section = preview.content.decode().split('id="latest-news-heading"')[1].split("</section>")[0]
    assert "Draft heading" in section
    assert section.count('class="card news-card"') == 1
