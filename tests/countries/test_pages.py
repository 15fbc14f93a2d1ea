"""Probation in Europe: the index's list and map, a profile and its sections, the comparison, the demo content."""

import datetime
import re

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from core.countries import COUNTRY_CHOICES
from countries.models import CountryContact, CountryPage, KeyFigure
from tests.countries.factories import CountryIndexPageFactory, CountryPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.helpers import page_soup, soup_of
from tests.members.factories import MemberOrganisationFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.topics.factories import ResourceIndexPageFactory, ResourcePageFactory

NAMES = dict(COUNTRY_CHOICES)


@pytest.fixture
def country_index(demo_site):
    return CountryIndexPageFactory(parent=demo_site)


def profile(index, code, **fields):
    return CountryPageFactory(parent=index, country=code, title=NAMES[code], slug=slugify(NAMES[code]), **fields)


def test_the_index_lists_profiles_alphabetically_and_links_each_on_the_map(client, country_index):
    for code in ("NL", "CH", "BE", "CZ"):
        profile(country_index, code)
    page = page_soup(client.get("/probation-in-europe/"))
    names = [link.get_text(strip=True) for link in page.select(".country-list__name")]
    assert names == ["Belgium", "Czechia", "Netherlands", "Switzerland"]
    svg = page.select_one("svg.country-map__svg")
    assert svg.select_one("title").get_text() and svg.select_one("desc").get_text()
    links = svg.select("a")
    # One link per profile, in the list's order, named by its country; the other countries are drawn, not links.
    assert [link["aria-label"] for link in links] == names
    assert [link["href"] for link in links] == [link["href"] for link in page.select(".country-list__name")]
    assert len(svg.select(".country-map__land path")) > 30
    assert not svg.select(".country-map__land a, .country-map__land [tabindex]")


def test_the_map_is_small(client, country_index):
    for code, _name in COUNTRY_CHOICES:
        profile(country_index, code)
    response = client.get("/probation-in-europe/")
    svg = re.search(rb"<svg class=\"country-map__svg\".*?</svg>", response.content, re.S).group(0)
    assert len(svg) < 60_000


def test_a_country_has_one_profile(country_index):
    profile(country_index, "BE")
    second = CountryPage(title="Belgium again", slug="belgium-again", country="BE", summary="s", organisation="o",
                         legal_basis="l")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Belgium already has a profile, 'Belgium'" in str(error.value.message_dict["country"])


def test_a_profile_shows_its_fields_its_members_and_what_is_tagged_with_it(client, country_index, demo_site):
    netherlands = profile(country_index, "NL")
    belgium = profile(country_index, "BE")
    KeyFigure.objects.create(page=netherlands, label="People supervised", value="40,000", year=2023,
                             source_name="SPACE II 2023", source_url="https://example.org/space")  # fmt: skip
    CountryContact.objects.create(page=netherlands, name="Reclassering Nederland", email="info@example.org")
    MemberOrganisationFactory(name="Dutch member", country="NL")
    MemberOrganisationFactory(name="Unlisted Dutch member", country="NL", listed_in_directory=False)
    MemberOrganisationFactory(name="Belgian member", country="BE")
    news_index = NewsIndexPageFactory(parent=demo_site)
    NewsPageFactory(parent=news_index, title="Dutch news", countries=[netherlands])
    NewsPageFactory(parent=news_index, title="Belgian news", countries=[belgium])
    event_index = EventIndexPageFactory(parent=demo_site)
    soon = timezone.now() + datetime.timedelta(days=30)
    EventPageFactory(parent=event_index, title="Dutch event", start=soon, countries=[netherlands])
    EventPageFactory(
        parent=event_index, title="Past Dutch event", start=soon.replace(year=2020), countries=[netherlands]
    )
    resource_index = ResourceIndexPageFactory(parent=demo_site)
    ResourcePageFactory(parent=resource_index, title="Dutch report", countries=[netherlands])

    page = page_soup(client.get("/probation-in-europe/netherlands/"))
    text = page.get_text(" ", strip=True)
    assert "Three organisations do probation." in text and "The Criminal Code." in text
    assert "40,000" in text and "(2023)" in text and page.select_one('a[href="https://example.org/space"]')
    assert "Reclassering Nederland" in text
    headings = [heading.get_text(strip=True) for heading in page.select("main h2")]
    assert headings[:4] == ["How probation is organised", "Legal basis", "Key figures", "Contacts"]
    assert {"CEP members", "News", "Upcoming events", "Resources"} <= set(headings)
    assert "Dutch member" in text and "Unlisted Dutch member" not in text and "Belgian member" not in text
    assert "Dutch news" in text and "Belgian news" not in text
    assert "Dutch event" in text and "Past Dutch event" not in text
    assert "Dutch report" in text


def test_a_profile_with_nothing_tagged_leaves_the_sections_out(client, country_index):
    profile(country_index, "EE")
    headings = [
        heading.get_text(strip=True)
        for heading in page_soup(client.get("/probation-in-europe/estonia/")).select("main h2")
    ]
    assert headings == ["How probation is organised", "Legal basis"]


def test_two_countries_side_by_side(client, country_index):
    profile(country_index, "BE", organisation="<p>Houses of justice.</p>")
    profile(country_index, "NL", organisation="<p>Three organisations.</p>")
    response = client.get("/probation-in-europe/compare/", {"a": "BE", "b": "NL"})
    assert response.status_code == 200
    page = page_soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Belgium and Netherlands"
    assert [cell.get_text(strip=True) for cell in page.select(".compare-table thead th")] == ["Belgium", "Netherlands"]
    organisation_row = page.select(".compare-table tbody tr")[1]
    assert [cell.get_text(strip=True) for cell in organisation_row.select("td")] == [
        "Houses of justice.",
        "Three organisations.",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"a": "BE", "b": "ZZ"}, "There is no profile of 'ZZ'."),
        ({"a": "BE", "b": ""}, "Choose a country to compare."),
        ({"a": "BE", "b": "BE"}, "Choose two different countries: both are Belgium."),
        ({"a": "<script>", "b": "NL"}, "There is no profile of '<script>'."),
    ],
)
def test_a_comparison_that_cannot_be_made_shows_the_form_again_with_why(client, country_index, query, message):
    profile(country_index, "BE")
    profile(country_index, "NL")
    response = client.get("/probation-in-europe/compare/", query)
    assert response.status_code == 400
    page = soup_of(response)
    assert message in page.select_one(".error-summary").get_text()
    assert b"<script>" not in response.content
    assert page.select_one(".error-summary") and page.select_one("form select#id_a")
    assert not page.select(".compare-table")


def test_a_profile_s_link_starts_the_comparison_from_its_country(client, country_index):
    profile(country_index, "BE")
    profile(country_index, "NL")
    page = page_soup(client.get("/probation-in-europe/belgium/"))
    link = page.select_one(".country-profile__compare a")["href"]
    response = client.get(link)
    assert response.status_code == 200
    assert page_soup(response).select_one("#id_a option[selected]")["value"] == "BE"
