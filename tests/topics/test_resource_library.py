"""The resource library: filters by type, topic and language, their state, and bad input."""

import datetime

import pytest

from django.conf import settings
from django.test import override_settings

from home.models import HomePage
from tests.helpers import page_soup
from tests.topics import builders
from topics.models import ResourceIndexPage
from topics.queries import RESOURCES_PER_PAGE

pytestmark = pytest.mark.django_db


def listed(page):
    return [link.get_text() for link in page.select(".resource-list h3 a")]


def selected(page, name):
    option = page.select_one(f"select[name={name}] option[selected]")
    return option["value"] if option else ""


@pytest.fixture(scope="module")
def shared_library(shared_site, django_db_blocker):
    """The indexes and the library's three resources, built once for the module in its transaction (`shared_site`),
    each test running in a savepoint of its own inside it; searchable, for the tests of the library's search. Built
    for each test, they were most of the module's time."""
    home, _media = shared_site
    with django_db_blocker.unblock(), override_settings(TASKS=settings.INDEXING_TASKS):
        index = builders.indexes(builders.without_demo_listings(HomePage.objects.get(pk=home.pk)))
        return library_build(index).pk


@pytest.fixture
def library(shared_library):
    return ResourceIndexPage.objects.get(pk=shared_library)


def library_build(index):
    topics = index["topics"]
    monitoring = builders.topic(topics, title="Electronic monitoring", slug="electronic-monitoring")
    radicalisation = builders.topic(topics, title="Radicalisation", slug="radicalisation")
    resources = index["resources"]
    builders.resource(
        resources,
        [monitoring],
        title="Monitoring report",
        resource_type="report",
        publication_date=datetime.date(2025, 2, 1),
        description="Findings of the 2024 survey.",
        languages=["en", "fr"],
    )
    builders.resource(
        resources,
        [radicalisation],
        title="Radicalisation leaflet",
        resource_type="leaflet",
        publication_date=datetime.date(2024, 6, 1),
        languages=["de"],
    )
    builders.resource(
        resources,
        [monitoring, radicalisation],
        title="Joint guidelines",
        resource_type="guidelines",
        publication_date=datetime.date(2023, 1, 15),
        languages=["en"],
    )
    return resources


EVERYTHING = ["Monitoring report", "Radicalisation leaflet", "Joint guidelines"]


def test_library_lists_every_resource_newest_first_with_its_facts_and_downloads(client, library):
    page = page_soup(client.get(library.url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Resources"]
    assert page.select_one(".lead").get_text() == "Reports, leaflets, guidelines."
    assert page.select_one(".resource-count").get_text() == "3 resources"
    assert listed(page) == EVERYTHING
    first = page.select_one(".resource-list li")
    assert "Report · 1 Feb 2025" in first.get_text(" ", strip=True)
    assert "Findings of the 2024 survey." in first.get_text()
    downloads = first.select(".resource-downloads a")
    assert [link.get_text(" ", strip=True) for link in downloads] == [
        "Download Monitoring report (English, PDF)",
        "Download Monitoring report (French, PDF)",
    ]
    assert all(link["href"].startswith("/documents/") for link in downloads)


def test_library_filter_form_has_a_labelled_select_for_each_filter(client, library):
    form = page_soup(client.get(library.url)).select_one("main form")
    assert form["method"] == "get"
    for name, label in [("type", "Type"), ("topic", "Topic"), ("language", "Language")]:
        select = form.select_one(f"select[name={name}]")
        assert form.select_one(f"label[for={select['id']}]").get_text() == label
    assert form.select_one("button[type=submit]").get_text() == "Filter"
    assert form.find("a", string="Clear filters")["href"] == library.url
    topics = [option.get_text() for option in form.select("select[name=topic] option")]
    assert topics == ["All topics", "Electronic monitoring", "Radicalisation"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=report", ["Monitoring report"]),
        ("type=guidelines", ["Joint guidelines"]),
        ("topic=electronic-monitoring", ["Monitoring report", "Joint guidelines"]),
        ("topic=radicalisation", ["Radicalisation leaflet", "Joint guidelines"]),
        ("language=en", ["Monitoring report", "Joint guidelines"]),
        ("language=fr", ["Monitoring report"]),
        ("language=de", ["Radicalisation leaflet"]),
        ("type=report&language=fr", ["Monitoring report"]),
        ("type=leaflet&language=en", []),
        ("topic=radicalisation&language=en", ["Joint guidelines"]),
        ("type=guidelines&topic=radicalisation&language=en", ["Joint guidelines"]),
    ],
)
def test_library_filters_by_type_topic_and_language(client, library, query, expected):
    page = page_soup(client.get(f"{library.url}?{query}"))
    assert listed(page) == expected
    count = len(expected)
    verb = "matches" if count == 1 else "match"
    assert page.select_one(".resource-count").get_text() == (
        f"{count} resource{'' if count == 1 else 's'} {verb} these filters"
    )


def test_library_keeps_the_chosen_filters_in_the_form(client, library):
    page = page_soup(client.get(f"{library.url}?type=report&topic=electronic-monitoring&language=fr"))
    assert selected(page, "type") == "report"
    assert selected(page, "topic") == "electronic-monitoring"
    assert selected(page, "language") == "fr"


def test_library_says_when_no_resource_matches_and_offers_to_clear_the_filters(client, library):
    page = page_soup(client.get(f"{library.url}?type=leaflet&language=en"))
    empty = page.select_one(".empty-state")
    assert "No resources match these filters." in empty.get_text()
    assert empty.find("a", string="Clear filters")["href"] == library.url


def test_library_says_so_when_nothing_has_been_published(client, index):
    page = page_soup(client.get(index["resources"].url))
    assert page.select_one(".empty-state").get_text() == "No resources have been published yet."


@pytest.mark.parametrize(
    "query",
    [
        "type=nonexistent",
        "topic=nope",
        "language=xx",
        "type=&topic=&language=",
        "type=%00%27%22",
        "topic=%00",
        "language=%00",
        "topic=" + "x" * 5000,
        "page=-1",
        "page=abc",
        "page=99999",
        "page=",
        "page=1.5",
    ],
)
def test_library_ignores_filters_and_page_numbers_it_does_not_know(client, library, query):
    page = page_soup(client.get(f"{library.url}?{query}"))
    assert listed(page) == EVERYTHING
    assert (selected(page, "type"), selected(page, "topic"), selected(page, "language")) == ("", "", "")


def test_library_takes_the_last_of_a_repeated_filter(client, library):
    page = page_soup(client.get(f"{library.url}?type=report&type=leaflet&language=xx&language=de"))
    assert listed(page) == ["Radicalisation leaflet"]
    assert selected(page, "type") == "leaflet"
    assert selected(page, "language") == "de"


def test_library_pages_keep_the_filters(client, index):
    for number in range(RESOURCES_PER_PAGE + 3):
        builders.resource(
            index["resources"],
            title=f"Report {number:02}",
            publication_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            languages=[],
        )
    builders.resource(index["resources"], title="A leaflet", resource_type="leaflet", languages=[])

    first = page_soup(client.get(f"{index['resources'].url}?type=report"))
    assert len(listed(first)) == RESOURCES_PER_PAGE
    assert first.select_one(".resource-count").get_text() == f"{RESOURCES_PER_PAGE + 3} resources match these filters"
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?type=report&page=2"

    second = page_soup(client.get(f"{index['resources'].url}{next_link}"))
    assert listed(second) == ["Report 02", "Report 01", "Report 00"]
    assert second.select_one("ol.resource-list")["start"] == str(RESOURCES_PER_PAGE + 1)
    assert selected(second, "type") == "report"


@pytest.mark.parametrize(
    ("page_number", "expected_first"), [("-1", "Report 02"), ("99999", "Report 02"), ("abc", "Report 22")]
)
def test_library_shows_a_real_page_for_a_page_number_out_of_range(client, index, page_number, expected_first):
    for number in range(RESOURCES_PER_PAGE + 3):
        builders.resource(
            index["resources"],
            title=f"Report {number:02}",
            publication_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            languages=[],
        )
    page = page_soup(client.get(f"{index['resources'].url}?page={page_number}"))
    assert listed(page)[0] == expected_first


@pytest.mark.usefixtures("search_index")
def test_library_finds_resources_by_words_in_their_description(client, library):
    page = page_soup(client.get(library.url, {"q": "survey"}))
    assert listed(page) == ["Monitoring report"]
    assert page.select_one("input[name=q]")["value"] == "survey"


@pytest.mark.usefixtures("search_index")
def test_library_search_combines_with_the_filters(client, library):
    assert listed(page_soup(client.get(library.url, {"q": "guidelines", "type": "guidelines"}))) == ["Joint guidelines"]
    assert listed(page_soup(client.get(library.url, {"q": "guidelines", "type": "leaflet"}))) == []


@pytest.mark.parametrize("query", ['"survey', "survey OR", "NOT", "\x00", "x" * 5000])
def test_library_search_with_odd_words_gives_a_normal_page(client, library, query):
    page_soup(client.get(library.url, {"q": query}))
