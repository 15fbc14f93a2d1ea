import pytest
from PIL import Image

from django.contrib.staticfiles import finders

from core.models import StandardPage
from tests.core.factories import StandardPageFactory
from tests.helpers import soup_of
from tests.members.factories import MemberOrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_seed_tagline_and_every_section(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    page = soup_of(response)
    # The tagline as the editor wrote it: no quotation marks added.
    assert page.select_one(".hero__tagline").get_text() == (
        "To contribute to safer communities by rehabilitating and reintegrating people who offended"
    )
    # Without the membership page (the full demo adds it and its button), one button: to the About page.
    assert [(button.get_text(), button["href"]) for button in page.select(".hero a.btn")] == [
        ("About CEP", "/about-us/")
    ]
    headings = [heading.get_text(strip=True) for heading in page.select("main h2")]
    assert headings == [
        "Upcoming events",
        "Latest news",
        "We are CEP",
        "Topics",
        "Subscribe to our bi-monthly email newsletter!",
    ]
    assert "Keep up to date with important probation developments and insights." in page.get_text()
    # The newsletter box is the page's only sign-up form, and the page has no "Subscribe" call-out besides.
    assert len(page.select('form[action="/newsletter/subscribe/"]')) == 1
    assert page.select(".newsletter-cta") == []
    figures = {
        figure.select_one("dt").get_text(): figure.select_one("dd").get_text()
        for figure in page.select('section[aria-labelledby="we-are-cep-heading"] dl.figures .figure')
    }
    assert figures["The year CEP was founded"] == "1981"


def home_figures(client):
    page = soup_of(client.get("/"))
    return {
        figure.select_one("dt").get_text(): figure.select_one("dd").get_text()
        for figure in page.select('section[aria-labelledby="we-are-cep-heading"] dl.figures .figure')
    }


def test_home_page_counts_member_organisations_and_their_countries(client, demo_site):
    for country in ["NL", "NL", "BE", "IE"]:
        MemberOrganisationFactory(country=country)
    MemberOrganisationFactory(country="FR", status="applied")  # not a member yet
    figures = home_figures(client)
    assert figures["Member organisations"] == "4"
    assert figures["Countries represented"] == "3"


def test_home_page_shows_no_member_count_before_there_are_members(client, demo_site):
    figures = home_figures(client)
    assert "Member organisations" not in figures
    assert figures["The year CEP was founded"] == "1981"


def test_home_page_lists_say_honestly_that_they_are_empty(client, demo_site):
    page = soup_of(client.get("/"))
    for heading, message in [
        ("upcoming-events-heading", "No upcoming events announced yet"),
        ("latest-news-heading", "No news published yet"),
    ]:
        section = page.select_one(f'section[aria-labelledby="{heading}"]')
        assert section.select_one(".empty-state .empty-state__title").get_text() == message
        assert section.select(".card") == []


def test_about_page_has_every_part_of_the_seed(client, demo_site):
    response = client.get("/about-us/")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select_one("h1").get_text() == "About Us"
    assert [h.get_text() for h in page.select(".prose h2")] == [
        "A short introduction to CEP",
        "Vision for Probation in Europe",
        "Financial Strategy",
    ]
    text = page.get_text()
    assert "It is therefore the voice of probation in ‘Brussels’." in text
    assert "CEP was founded in 1981 as the ‘Conférence permanente Européenne de la Probation’." in text
    assert "reduce offending and the impact of crime." in page.select_one("blockquote").get_text()
    aims = page.select(".prose ul.content-list li")
    assert len(aims) == 11
    assert aims[0].get_text(strip=True).startswith("Creating an excellent international member organisation")
    assert aims[-1].get_text(strip=True) == "Reaching out to other jurisdictions."
    strategy = [item.get_text(strip=True) for item in page.select(".prose ol.content-list li")]
    assert [item.split(" –")[0] for item in strategy] == [
        "Membership fees",
        "Operating Grant",
        "Action Grants",
        "Generating income",
        "Developing partnerships",
    ]


def test_about_page_is_in_the_main_navigation_and_the_footer(client, demo_site):
    page = soup_of(client.get("/"))
    # The menu's short label; the small-screen menu and the footer's "Explore" repeat the main menu.
    assert page.select_one('nav[aria-label="Main"] a[href="/about-us/"]').get_text() == "About"
    assert page.select_one('nav[aria-label="Main (menu)"] a[href="/about-us/"]').get_text() == "About"
    explore = page.select_one('nav[aria-labelledby="footer-explore-heading"]')
    assert explore.select_one("#footer-explore-heading").get_text() == "Explore"
    assert explore.select_one('a[href="/about-us/"]').get_text() == "About"
    about = soup_of(client.get("/about-us/"))
    assert about.select_one('nav[aria-label="Main"] a[aria-current="page"]').get_text() == "About"


def test_footer_shows_contact_and_social_links_from_site_settings(client, demo_site):
    footer = soup_of(client.get("/")).select_one("footer")
    assert footer.select_one('a[href="mailto:info@cep-probation.org"]')
    social = footer.select_one('nav[aria-labelledby="footer-social-heading"]')
    assert social.select_one("#footer-social-heading").get_text() == "Follow"
    assert {a.get_text() for a in social.select("a")} == {"LinkedIn", "Facebook", "X"}
    # The newsletter sign-up is no longer in the footer.
    assert footer.select("form") == []


def test_the_header_has_the_search_and_the_menu_again_for_small_screens(client, demo_site):
    header = soup_of(client.get("/about-us/")).select_one("header.site-header")
    searches = header.select('form[role="search"]')
    assert [form.select_one('input[name="q"]')["id"] for form in searches] == ["site-search-query", "menu-search-query"]
    for form in searches:
        assert form["action"] == "/search/"
        assert form.select_one(f'label[for="{form.select_one("input")["id"]}"]').get_text() == "Search the site"
    menu = header.select_one("details.menu")
    assert menu.select_one("summary")
    assert menu.select_one('form[role="search"] #menu-search-query')
    assert [link.get_text() for link in menu.select('nav[aria-label="Main (menu)"] a')] == [
        link.get_text() for link in header.select('nav[aria-label="Main"] a')
    ]
    assert [link.get_text() for link in header.select(".account-links a")] == ["Log in", "Log in"]


def test_other_pages_invite_to_subscribe_above_the_footer(client, demo_site):
    page = soup_of(client.get("/about-us/"))
    invitation = page.select_one("aside.newsletter-cta")
    assert invitation.find_next_sibling("footer")
    link = invitation.select_one("a")
    assert (link.get_text(), link["href"]) == ("Subscribe to the newsletter", "/newsletter/subscribe/")
    assert page.select('form[action="/newsletter/subscribe/"]') == []


def test_breadcrumbs_lead_home_from_a_page_inside_the_site(client, demo_site):
    crumbs = soup_of(client.get("/about-us/")).select('nav[aria-label="Breadcrumb"] li')
    assert [crumb.get_text(strip=True) for crumb in crumbs] == ["Home", "About Us"]
    assert crumbs[0].select_one("a")["href"] == "/"
    # The parent is the crumb that phones show alone.
    assert [crumb.get("class") for crumb in crumbs] == [["breadcrumbs__parent"], None]
    assert crumbs[1].select_one('[aria-current="page"]').get_text() == "About Us"


def test_every_page_has_a_skip_link_to_the_main_content(client, demo_site):
    for path in ["/", "/about-us/", "/search/?q=probation", "/no-such-page/"]:
        page = soup_of(client.get(path))
        skip_link = page.select_one("body > a.skip-link")
        assert skip_link["href"] == "#main-content"
        assert page.select_one("main#main-content")
        assert len(page.select("h1")) == 1, path


def test_pages_have_titles_descriptions_and_open_graph_tags(client, demo_site):
    page = soup_of(client.get("/about-us/"))
    assert page.title.get_text() == "About Us – Confederation of European Probation"
    description = page.select_one('meta[name="description"]')["content"]
    assert description.startswith("CEP is the Confederation of European Probation.")
    assert page.select_one('meta[property="og:title"]')["content"] == "About Us"
    assert page.select_one('meta[property="og:description"]')["content"] == description
    assert page.select_one('meta[property="og:url"]')["content"].endswith("/about-us/")
    assert page.select_one('link[rel="canonical"]')["href"].endswith("/about-us/")
    # A page without a picture of its own is shared with the site's default picture.
    assert page.select_one('meta[property="og:image"]')["content"] == "http://testserver/static/img/social-default.png"
    assert (
        page.select_one('meta[property="og:image:width"]')["content"],
        page.select_one('meta[property="og:image:height"]')["content"],
    ) == ("1200", "630")
    with Image.open(finders.find("img/social-default.png")) as default_image:
        assert default_image.size == (1200, 630)
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"

    home = soup_of(client.get("/"))
    assert home.title.get_text() == "Confederation of European Probation (CEP)"
    assert "fill-1200x630" in home.select_one('meta[property="og:image"]')["content"]
    assert home.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_editor_can_add_a_standard_page_that_appears_with_its_body(client, demo_site):
    about = StandardPage.objects.get(slug="about-us")
    child = StandardPageFactory(
        parent=about,
        title="History",
        slug="history",
        body=[("paragraph", "<p>CEP was founded in 1981.</p>")],
    )
    child.save_revision().publish()
    response = client.get("/about-us/history/")
    assert response.status_code == 200
    assert "CEP was founded in 1981." in response.content.decode()
    crumbs = soup_of(response).select('nav[aria-label="Breadcrumb"] li')
    assert [crumb.get_text(strip=True) for crumb in crumbs] == ["Home", "About Us", "History"]
    assert [crumb.get("class") for crumb in crumbs] == [None, ["breadcrumbs__parent"], None]


def test_draft_pages_are_not_served(client, demo_site):
    StandardPageFactory(parent=demo_site, title="Draft", slug="draft", live=False)
    assert client.get("/draft/").status_code == 404
