import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from cep_site.models import HomePage, NavigationSettings, StandardPage
from members.models import (
    MEMBERS_GROUP_NAME,
    MemberOrganisation,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
)
from newsletter.models import Delivery, IssueSending, Subscriber

pytestmark = pytest.mark.django_db


def load_demo_content():
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    return output.getvalue()


def site_snapshot():
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    return {
        "pages": list(Page.objects.order_by("path").values_list("title", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "members": {
            model._meta.label: model.objects.count()
            for model in (
                get_user_model(),
                MemberOrganisation,
                Membership,
                MembershipApplication,
                MembershipStatusChange,
            )
        },
        "members group": sorted(Group.objects.get(name=MEMBERS_GROUP_NAME).user_set.values_list("email", flat=True)),
        "newsletter": {model._meta.label: model.objects.count() for model in (IssueSending, Delivery, Subscriber)},
        "menu": navigation.main_menu.get_prep_value(),
        "footer": navigation.footer_links.get_prep_value(),
    }


def test_a_new_install_gets_the_home_and_about_pages_at_the_site_root():
    output = load_demo_content()
    assert "Created the home page." in output
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert StandardPage.objects.child_of(home).get().title == "About Us"
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_running_it_twice_changes_nothing():
    load_demo_content()
    before = site_snapshot()
    output = load_demo_content()
    assert "Created" not in output
    assert site_snapshot() == before


def test_it_never_overwrites_what_an_editor_changed():
    load_demo_content()
    about = StandardPage.objects.get(slug="about-us")
    about.title = "About the Confederation"
    about.save_revision().publish()
    load_demo_content()
    assert StandardPage.objects.get(slug="about-us").title == "About the Confederation"


def test_the_demo_has_every_seed_news_item_with_its_categories_type_and_date(client, full_demo_site):
    from news.demo_content import NEWS_ITEMS
    from news.models import NewsPage

    news = {page.title: page for page in NewsPage.objects.live()}
    assert len(news) == len(NEWS_ITEMS) == 13
    workshop = news["Recap: Expert Workshop on Framework Decision 2008/947/JHA and 2009/829/JHA"]
    assert workshop.date.strftime("%d/%m/%Y") == "16/09/2025"
    assert {category.name for category in workshop.categories.all()} == {"CEP Events", "Framework Decisions"}
    assert workshop.news_type.name == "Recap"
    heitz = news["New Vodcast Episode: Katharina Heitz on the Ressources-Risk-Inventory in Probation"]
    assert (heitz.news_type.name, heitz.series, heitz.episode_number) == ("Vodcast episode", "Division_Y", 14)
    survey = news["Help Us Improve the CEP Website"]
    assert "takes around six minutes" in str(survey.body)


def test_the_home_page_shows_the_newest_seed_news_and_the_topics(client, full_demo_site):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    news_titles = [link.get_text() for link in page.select(".news-card .card__title a")]
    assert news_titles[0] == "Interventions Alliance’s Eden House Recognized as Outstanding"
    assert "15/01/2026" in page.select_one(".news-card").get_text()
    assert "CEP members, Gender-based violence" in page.select_one(".news-card").get_text()
    filter_links = [link.get_text() for link in page.select('nav[aria-label="Filter news by category"] a')]
    assert "CEP Events" in filter_links and "Framework Decisions" in filter_links
    topic_titles = [link.get_text() for link in page.select(".topic-card .card__title a")]
    for seed_topic in [
        "Community Sanctions and Measures",
        "Alternatives to Pre-trial Detention",
        "Technology",
        "Education and Training",
        "Electronic Monitoring",
        "Radicalisation and Violent Extremism",
        "Gender-based Violence",
        "Framework Decisions",
    ]:
        assert seed_topic in topic_titles
    assert {"Domestic Violence", "Sexual Offenders", "Restorative Justice"} <= set(topic_titles)


def test_the_demo_has_copper_in_full_and_the_shorter_projects(full_demo_site):
    from projects.models import ProjectPage

    copper = ProjectPage.objects.get(acronym="CoPPer")
    assert copper.full_name == "Cooperation to Promote a European Volunteering Programme in Probation Services"
    assert copper.agreement_number == "2022-1-NL01-KA220-ADU-000089938"
    assert copper.eu_funded and copper.website == "https://www.copper-initiative.com"
    assert len(copper.description) == 4
    assert [webinar.value["languages"] for webinar in copper.webinars] == [["nl", "en", "ro", "pt"]]
    assert copper.partners.count() == 4
    assert copper.news_pages.get().title == "CoPPer Final Project Conference in The Hague"
    assert set(ProjectPage.objects.values_list("acronym", flat=True)) == {"CoPPer", "ERA", "EMPRO", "HELP"}


def test_every_section_is_in_the_main_menu(client, full_demo_site):
    menu = BeautifulSoup(client.get("/").content, "html.parser").select('nav[aria-label="Main"] a')
    assert [link.get_text() for link in menu] == [
        "About Us",
        "News",
        "Events",
        "Our priority topics",
        "Projects",
        "Resources",
        "Expert groups and networks",
        "Membership",
        "Newsletter",
    ]


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
