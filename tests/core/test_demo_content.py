"""The demo content as a new install has it, loaded once for the module (`shared_demo`)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Site

from members.models import (
    MemberOrganisation,
)
from newsletter.models import Delivery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def test_the_demo_has_every_seed_news_item_with_its_categories_type_and_date(client, full_demo_site):
    from demo.news import NEWS_ITEMS
    from news.models import NewsPage

    news = {page.title: page for page in NewsPage.objects.live()}
    assert len(news) == len(NEWS_ITEMS) == 13
    workshop = news["Recap: Expert Workshop on Framework Decision 2008/947/JHA and 2009/829/JHA"]
    assert workshop.date == datetime.date(2025, 9, 16)
    assert {category.name for category in workshop.categories.all()} == {"CEP Events", "Framework Decisions"}
    assert workshop.news_type.name == "Recap"
    heitz = news["New Vodcast Episode: Katharina Heitz on the Ressources-Risk-Inventory in Probation"]
    assert (heitz.news_type.name, heitz.series, heitz.episode_number) == ("Vodcast episode", "Division_Y", 14)
    survey = news["Help Us Improve the CEP Website"]
    assert "takes around six minutes" in str(survey.body)


def test_the_home_page_shows_the_newest_seed_news_and_the_topics(client, full_demo_site):
    from news.models import NewsIndexPage
    from topics.models import TopicIndexPage, TopicPage

    page = BeautifulSoup(client.get("/").content, "html.parser")
    news = page.select_one('section[aria-labelledby="latest-news-heading"]')
    cards = news.select(".news-card")
    assert len(cards) == 3
    news_titles = [card.select_one(".card__title a").get_text() for card in cards]
    assert news_titles[0] == "Interventions Alliance’s Eden House Recognized as Outstanding"
    assert cards[0].select_one("time").get_text() == "15 Jan 2026"
    assert cards[0].select_one(".card__eyebrow").get_text() == "CEP members, Gender-based violence"
    news_index = NewsIndexPage.objects.get()
    chips = {link.get_text(): link["href"] for link in news.select('nav.chips[aria-label="News by category"] a')}
    assert chips["CEP Events"] == f"{news_index.url}?category=cep-events"
    assert "Framework Decisions" in chips
    topics = page.select_one('section[aria-labelledby="topics-heading"]')
    topic_titles = [link.get_text() for link in topics.select(".topic-tile .topic-tile__title a")]
    # Six tiles, in the menu's order, and a link to all of them.
    assert topic_titles == [
        "Community Sanctions and Measures",
        "Alternatives to Pre-trial Detention",
        "Technology",
        "Education and Training",
        "Electronic Monitoring",
        "Radicalisation and Violent Extremism",
    ]
    all_topics = topics.find("a", string=f"All {TopicPage.objects.live().count()} topics")
    assert all_topics["href"] == TopicIndexPage.objects.get().url


def test_the_home_page_opens_with_the_hero_and_counts_the_members(client, full_demo_site):
    from members.models import MemberKind

    page = BeautifulSoup(client.get("/").content, "html.parser")
    hero = page.select_one(".hero")
    assert hero.select_one(".hero__tagline").get_text() == (
        "To contribute to safer communities by rehabilitating and reintegrating people who offended"
    )
    assert [(button.get_text(), button["href"]) for button in hero.select("a.btn")] == [
        ("About CEP", "/about-us/"),
        ("Become a member", "/membership/"),
    ]
    picture = hero.select_one(".hero__media picture img")
    assert (int(picture["width"]) * 9, picture["fetchpriority"]) == (int(picture["height"]) * 16, "high")
    # Figures counted from the member records, and the year CEP was founded.
    organisations = MemberOrganisation.objects.active().filter(kind=MemberKind.ORGANISATION)
    assert organisations.exists()
    figures = {
        figure.select_one("dt").get_text(): figure.select_one("dd").get_text()
        for figure in page.select('section[aria-labelledby="we-are-cep-heading"] dl.figures .figure')
    }
    assert figures == {
        "Member organisations": str(organisations.count()),
        "Countries represented": str(len({member.country for member in organisations})),
        "The year CEP was founded": "1981",
    }


def test_the_demo_has_copper_in_full_and_the_shorter_projects(full_demo_site):
    from projects.models import ProjectPage

    copper = ProjectPage.objects.get(acronym="CoPPer")
    assert copper.full_name == "Cooperation to Promote a European Volunteering Programme in Probation Services"
    assert copper.agreement_number == "2022-1-NL01-KA220-ADU-000089938"
    assert copper.eu_funded and copper.website == "https://www.copper-initiative.com"
    assert len(copper.description) == 4
    assert [webinar.value["languages"] for webinar in copper.webinars] == [["nl", "en", "ro", "pt"]]
    assert copper.partners.count() == 0  # the current site shows nine logos, and names none of them
    assert copper.news_pages.get().title == "CoPPer Final Project Conference in The Hague"
    assert set(ProjectPage.objects.values_list("acronym", flat=True)) == {"CoPPer", "ERA", "EMPRO", "HELP"}


def test_every_section_is_in_the_main_menu(client, full_demo_site):
    menu = BeautifulSoup(client.get("/").content, "html.parser").select('nav[aria-label="Main"] a')
    # Short labels, so that the menu fits on one line; each leads to its section's page.
    assert [(link.get_text(), link["href"]) for link in menu] == [
        ("About", "/about-us/"),
        ("News", "/news/"),
        ("Events", "/events/"),
        ("Topics", "/topics/"),
        ("Projects", "/projects/"),
        ("Resources", "/resources/"),
        ("Expert groups", "/expert-groups/"),
        ("Membership", "/membership/"),
        ("Newsletter", "/newsletter/"),
        ("Countries", "/probation-in-europe/"),
    ]
    # The admin's explorer lists the sections in the same order.
    home = Site.objects.get(is_default_site=True).root_page
    assert [page.url for page in home.get_children()][: len(menu)] == [link["href"] for link in menu]
    # The footer's own links: the rest of the organisation, then the trust pages; the menu's are not repeated there.
    footer_links = BeautifulSoup(client.get("/").content, "html.parser").select(
        'nav[aria-labelledby="footer-links-heading"] a'
    )
    assert [link["href"] for link in footer_links] == [
        "/governance/",
        "/the-cep-award/",
        "/vacancies/",
        "/contact/",
        "/privacy/",
        "/cookies/",
        "/legal-notice/",
        "/accessibility/",
    ]


def test_about_and_membership_open_with_a_picture_beside_the_title(client, full_demo_site):
    about = BeautifulSoup(client.get("/about-us/").content, "html.parser").select_one(".page-hero")
    assert about.h1.get_text() == "About Us"
    picture = about.select_one(".page-hero__media picture")
    assert picture.select_one("source")["type"] == "image/webp"
    assert picture.img["alt"] == ""  # a pattern that only illustrates: screen readers skip it
    membership = BeautifulSoup(client.get("/membership/").content, "html.parser").select_one(".page-hero")
    # The map says where the members are, so it is read out.
    map_alt = membership.select_one(".page-hero__media img")["alt"]
    assert map_alt == "Map of Europe with CEP member countries highlighted"
    assert [link.get_text() for link in membership.select(".button-row a")] == ["Apply online", "Member directory"]


def test_the_demo_has_the_newsletter_archive_with_one_sent_issue(client, full_demo_site):
    from newsletter.models import NewsletterIssuePage

    issue = NewsletterIssuePage.objects.get()
    assert issue.title == "Newsletter September 2026" and issue.live
    assert (issue.sending.status, issue.sending.subject) == ("sent", "Newsletter September 2026")
    assert not Delivery.objects.exists()  # marked sent; nobody received it on a new install
    page = BeautifulSoup(client.get("/newsletter/").content, "html.parser")
    assert [link.get_text() for link in page.select(".newsletter-issues .card__title a")] == [issue.title]
    issue_page = BeautifulSoup(client.get(issue.url).content, "html.parser").select_one("main").get_text()
    assert "Latest news" in issue_page and "Upcoming events" in issue_page


# ---------------------------------------------------------------------------
# Dates the demo made up
# ---------------------------------------------------------------------------


def test_the_demo_says_which_dates_it_made_up(full_demo_site):
    from demo.events import DEMO_DATE_NOTE
    from events.models import EventPage, EventSeries

    invented = EventPage.objects.filter(
        slug__in=["governance-oversight-and-accountability", "cep-general-assembly"]
    ) | EventPage.objects.filter(series__slug="cep-webinar-series")
    assert invented.count() == 5
    for event in invented:
        assert DEMO_DATE_NOTE in str(event.description)
    assert "Demo content" in EventSeries.objects.get(slug="cep-webinar-series").description
    # The seed's own dated events are left as the current site gives them.
    assert DEMO_DATE_NOTE not in str(EventPage.objects.get(slug="expert-workshop-framework-decisions-2025").description)


# ---------------------------------------------------------------------------
# Topics, news bodies, CoPPer and the vodcast view
# ---------------------------------------------------------------------------


def test_every_topic_page_has_news_events_projects_or_resources(client, full_demo_site):
    from topics.models import TopicPage
    from topics.queries import topic_hub

    topics = list(TopicPage.objects.live())
    assert len(topics) == 11
    for topic in topics:
        hub = topic_hub(topic)
        items = [item for section in hub["sections"] if section.slug != "expert-groups" for item in section.items]
        assert items, topic.title
        text = BeautifulSoup(client.get(topic.url).content, "html.parser").select_one("main").get_text()
        assert any(item.title in text for item in items), topic.title


def test_no_news_body_repeats_its_teaser(full_demo_site):
    from news.models import NewsPage

    for item in NewsPage.objects.live():
        body = BeautifulSoup(str(item.body), "html.parser").get_text()
        assert item.teaser not in body, item.title
    survey = NewsPage.objects.get(title="Help Us Improve the CEP Website")
    assert survey.teaser.startswith("At Confederation of European Probation (CEP)")
    assert str(survey.body).count("<p>") == 1


def test_copper_names_no_partner_the_current_site_does_not_name(client, full_demo_site):
    from projects.models import PartnerOrganisation, ProjectPage

    copper = ProjectPage.objects.get(acronym="CoPPer")
    assert not copper.partners.exists()
    assert not PartnerOrganisation.objects.exclude(name="Confederation of European Probation").exists()
    page = BeautifulSoup(client.get(copper.url).content, "html.parser")
    assert page.select_one("#project-partners-heading") is None


def test_the_vodcast_view_is_canonical_at_its_own_address(client, full_demo_site):
    from news.models import NewsIndexPage

    news_index = NewsIndexPage.objects.get()
    for address in ["/news/vodcast/", "/news/vodcast/?page=2"]:
        page = BeautifulSoup(client.get(address).content, "html.parser")
        canonical = page.select('link[rel="canonical"]')
        assert [link["href"] for link in canonical] == [news_index.full_url + "vodcast/"]
