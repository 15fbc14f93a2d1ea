"""A project's page as a visitor reads it, modelled on the CoPPer page of the current site."""

import datetime
import json
import xml.etree.ElementTree as ElementTree

import pytest
import time_machine

from django.contrib.staticfiles import finders

from demo.site import block
from projects.models import ProjectPage, ProjectPartner
from tests.core.factories import publish
from tests.helpers import page_soup
from tests.projects.factories import body
from tests.topics.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

NEW_YEAR = "2026-01-01 12:00"


def section(page, heading_id):
    return page.select_one(f'section[aria-labelledby="{heading_id}"]')


def output(label, languages, *, url="", document=None, block_type="result"):
    return block(block_type, {"label": label, "url": url, "document": document, "languages": languages})


@time_machine.travel(NEW_YEAR)
@pytest.mark.parametrize(
    ("end_date", "status"),
    [
        (None, "Ongoing"),
        (datetime.date(2026, 6, 30), "Ongoing"),
        (datetime.date(2026, 1, 1), "Ongoing"),
        (datetime.date(2025, 12, 31), "Completed"),
    ],
)
def test_a_project_is_completed_only_once_its_end_date_has_passed(end_date, status):
    project = ProjectPage(start_date=datetime.date(2023, 1, 1), end_date=end_date)
    assert project.get_status_display() == status


@pytest.fixture
def copper(make_project, make_topic, make_partner, demo_site):
    resources = publish(ResourceIndexPageFactory(parent=demo_site, slug="project-test-resources"))
    toolkit = publish(ResourcePageFactory(parent=resources, title="Volunteer toolkit"))
    sanctions = make_topic("Community Sanctions and Measures", "community-sanctions-test")
    partners = [
        make_partner("Reclassering Nederland", country="NL", website="https://www.reclassering.nl/", with_logo=True),
        make_partner("Asociatia Alternative Sociale", country="RO", website="https://www.alternativesociale.ro/"),
        make_partner("Direção-Geral de Reinserção", country="PT"),
    ]
    return make_project(
        title="CoPPer Project",
        slug="copper",
        acronym="CoPPer",
        full_name="Cooperation to Promote a European Volunteering Programme in Probation Services",
        start_date=datetime.date(2022, 11, 1),
        end_date=datetime.date(2025, 10, 31),
        cep_role="coordinator",
        summary="Volunteers who support people on probation.",
        description=body("CoPPer’s main idea is to increase community participation."),
        latest_update=body("On 6 November 2025, the CoPPer Final Project Conference took place in The Hague."),
        website="https://www.copper-initiative.com/",
        social_links=json.dumps(
            [
                block("link", {"platform": "linkedin", "url": "https://www.linkedin.com/company/copper"}),
                block("link", {"platform": "facebook", "url": "https://www.facebook.com/copper"}),
                block("link", {"platform": "x", "url": "https://x.com/copper"}),
            ]
        ),
        results=json.dumps(
            [
                output("Training handbook", ["en", "nl"], url="https://www.copper-initiative.com/handbook"),
                output("Volunteer toolkit", ["pt"], document=toolkit.pk),
            ]
        ),
        webinars=json.dumps(
            [
                output(
                    "Webinar on volunteering",
                    ["nl", "en", "ro", "pt"],
                    url="https://www.youtube.com/watch?v=copper",
                    block_type="webinar",
                )
            ]
        ),
        eu_funded=True,
        funding_programme="Erasmus+ KA220-ADU – Cooperation partnerships in adult education",
        agreement_number="2022-1-NL01-KA220-ADU-000089938",
        topics=[sanctions],
        partners=partners,
    )


@time_machine.travel(NEW_YEAR)
def test_project_page_shows_the_project_as_on_the_current_site(client, copper):
    page = page_soup(client.get(copper.url))
    assert page.select_one("h1").get_text() == "CoPPer Project"
    assert len(page.select("h1")) == 1
    assert page.select_one(".lede").get_text() == (
        "Cooperation to Promote a European Volunteering Programme in Probation Services (CoPPer)"
    )
    facts = " ".join(page.select_one(".project-facts").get_text(" ").split())
    assert "Status Completed 1 Nov 2022 – 31 Oct 2025" in facts
    assert "CEP’s role Coordinator" in facts
    text = page.get_text()
    assert "CoPPer’s main idea is to increase community participation." in text
    website = page.select_one(".project-website a")
    assert website["href"] == "https://www.copper-initiative.com/"


@time_machine.travel(NEW_YEAR)
def test_project_page_links_to_the_project_on_social_media(client, copper):
    links = section(page_soup(client.get(copper.url)), "project-social-heading")
    assert links.select_one("h2").get_text() == "Find us on Social Media"
    assert [(link.get_text(), link["href"]) for link in links.select("a")] == [
        ("LinkedIn", "https://www.linkedin.com/company/copper"),
        ("Facebook", "https://www.facebook.com/copper"),
        ("X (Twitter)", "https://x.com/copper"),
    ]


@time_machine.travel(NEW_YEAR)
def test_results_and_webinars_name_the_languages_they_come_in(client, copper):
    page = page_soup(client.get(copper.url))
    results = section(page, "project-results-heading")
    assert results.select_one("h2").get_text() == "Results"
    assert [" ".join(item.get_text().split()) for item in results.select("li")] == [
        "Training handbook (English, Dutch)",
        "Volunteer toolkit (Portuguese)",
    ]
    assert [link["href"] for link in results.select("a")] == [
        "https://www.copper-initiative.com/handbook",
        "/project-test-resources/volunteer-toolkit/",
    ]
    webinars = section(page, "project-webinars-heading")
    assert webinars.select_one("h2").get_text() == "Webinars"
    assert " ".join(webinars.select_one("li").get_text().split()) == (
        "Webinar on volunteering (Dutch, English, Romanian, Portuguese)"
    )
    assert webinars.select_one("a")["href"] == "https://www.youtube.com/watch?v=copper"


@time_machine.travel(NEW_YEAR)
def test_project_page_shows_the_latest_update_and_the_funding(client, copper):
    page = page_soup(client.get(copper.url))
    update = section(page, "project-update-heading")
    assert "the CoPPer Final Project Conference took place in The Hague." in update.get_text()
    funding = section(page, "project-funding-heading").get_text()
    assert "Erasmus+ KA220-ADU – Cooperation partnerships in adult education" in funding
    assert "Agreement Number: 2022-1-NL01-KA220-ADU-000089938" in funding


@time_machine.travel(NEW_YEAR)
def test_an_eu_funded_project_shows_the_emblem_and_the_exact_disclaimer(client, copper):
    page = page_soup(client.get(copper.url))
    emblem = page.select_one('img[alt="Co-funded by the European Union"]')
    assert emblem["src"].endswith("img/eu-emblem.svg")
    assert page.select_one(".eu-funding__disclaimer").get_text() == (
        "Co-funded by the European Union. Views and opinions expressed are however those of the author(s) only "
        "and do not necessarily reflect those of the European Union or the European Commission. Neither the "
        "European Union nor the European Commission can be held responsible for them."
    )


def test_a_project_without_eu_funding_shows_neither_emblem_nor_disclaimer(client, make_project):
    project = make_project(eu_funded=False, agreement_number="CEP-2024-7")
    # The footer carries the site's own co-funding acknowledgement on every page; the project says nothing of it.
    main = page_soup(client.get(project.url)).select_one("main")
    assert "Agreement Number: CEP-2024-7" in main.get_text()
    assert main.select_one('img[src$="eu-emblem.svg"]') is None
    assert "Co-funded by the European Union" not in main.get_text()
    assert main.select_one(".eu-funding__disclaimer") is None
    assert project.eu_funding_disclaimer == ""


@time_machine.travel(NEW_YEAR)
def test_partner_organisations_are_listed_in_the_editors_order(client, copper):
    partners = section(page_soup(client.get(copper.url)), "project-partners-heading")
    assert partners.select_one("h2").get_text() == "Partner organisations"
    rows = partners.select("li")
    assert [row.select_one(".partner__name").get_text() for row in rows] == [
        "Reclassering Nederland",
        "Asociatia Alternative Sociale",
        "Direção-Geral de Reinserção",
    ]
    assert [row.select_one(".partner__country").get_text() for row in rows] == ["Netherlands", "Romania", "Portugal"]
    assert rows[0].select_one(".partner__name a")["href"] == "https://www.reclassering.nl/"
    assert rows[2].select_one(".partner__name a") is None
    # The name beside it says whose logo it is, so the picture itself is decorative.
    logo = rows[0].select_one("picture")
    assert [source["type"] for source in logo.select("source")] == ["image/webp"]
    assert "max-320x320" in logo.select_one("source")["srcset"]
    assert logo.select_one("img")["alt"] == ""
    assert "max-320x320" in logo.select_one("img")["src"] and logo.select_one("img")["src"].endswith(".png")
    assert rows[1].select_one("img") is None


@time_machine.travel(NEW_YEAR)
def test_project_page_links_to_its_topics(client, copper):
    topics = section(page_soup(client.get(copper.url)), "project-topics-heading")
    assert [(link.get_text(), link["href"]) for link in topics.select("a")] == [
        ("Community Sanctions and Measures", "/project-test-topics/community-sanctions-test/")
    ]


def test_a_bare_project_page_renders_without_its_optional_sections(client, make_project):
    project = make_project(eu_funded=False)
    page = page_soup(client.get(project.url))
    headings = [heading.get_text() for heading in page.select("main h2")]
    assert headings == ["Related News"]
    news = section(page, "project-news-heading")
    assert news.select_one(".empty-state .empty-state__title").get_text() == "No news on this project yet"
    assert news.select_one(".news-card") is None


def test_the_eu_emblem_is_a_three_by_two_flag_with_twelve_stars_on_a_circle():
    svg = ElementTree.parse(finders.find("img/eu-emblem.svg")).getroot()
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    width, height = (float(number) for number in svg.get("viewBox").split()[2:])
    assert width / height == 1.5
    assert svg.find("svg:rect", namespace).get("fill") == "#003399"
    stars = svg.findall(".//svg:polygon", namespace)
    assert len(stars) == 12
    for star in stars:
        x, y = (float(number) for number in star.get("transform")[len("translate(") : -1].split())
        # The circle's radius is a third of the flag's height; each star is upright, 1/18 of the height tall.
        assert ((x - width / 2) ** 2 + (y - height / 2) ** 2) ** 0.5 == pytest.approx(height / 3, abs=0.01)
        points = [tuple(float(n) for n in pair.split(",")) for pair in star.get("points").split()]
        assert len(points) == 10
        assert points[0] == (0, -height / 18)
    assert svg.find(".//svg:g", namespace).get("fill") == "#FFCC00"


def test_a_preview_shows_partners_and_topics_not_yet_published(make_project, make_partner, make_topic):
    project = make_project(partners=[make_partner("Probation Service of Estonia", country="EE")])
    project.partners.add(
        ProjectPartner(organisation=make_partner("Irish Probation Service", country="IE"), sort_order=1)
    )
    project.topics.add(make_topic("Electronic monitoring", "electronic-monitoring-test"))
    response = project.make_preview_request()
    response.render()
    page = page_soup(response)
    names = [name.get_text() for name in page.select(".partner__name")]
    assert names == ["Probation Service of Estonia", "Irish Probation Service"]
    topics = section(page, "project-topics-heading")
    assert [link.get_text() for link in topics.select("a.tag")] == ["Electronic monitoring"]
