"""The project index: cards, filters by status and topic, and pagination that never breaks."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from tests.helpers import image_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("projects")]

NEW_YEAR = "2026-01-01 12:00"


@pytest.fixture
def projects(make_project, make_topic):
    education = make_topic("Education and Training", "education-test")
    technology = make_topic("Technology", "technology-test")
    return {
        "ALPHA": make_project(
            acronym="ALPHA",
            full_name="Adult Learning for People on probation",
            summary="Courses for adults on probation.",
            start_date=datetime.date(2024, 3, 1),
            end_date=None,
            cep_role="coordinator",
            image=image_create("Alpha picture"),
            topics=[education],
        ),
        "BETA": make_project(
            acronym="BETA",
            start_date=datetime.date(2023, 2, 1),
            end_date=datetime.date(2025, 6, 30),
            topics=[education, technology],
        ),
        "GAMMA": make_project(
            acronym="GAMMA",
            start_date=datetime.date(2022, 5, 1),
            end_date=datetime.date(2027, 4, 30),
            topics=[technology],
        ),
        "DELTA": make_project(
            acronym="DELTA", start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2025, 12, 31)
        ),
    }


def listing(client, query=""):
    response = client.get(f"/cep-projects/{query}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def acronyms(page):
    return [title.get_text() for title in page.select(".project-card .card__title")]


def selected(page, name):
    return page.select_one(f'select[name="{name}"] option[selected]')


@time_machine.travel(NEW_YEAR)
def test_index_lists_every_published_project_newest_first(client):
    page = listing(client)
    assert page.select_one("h1").get_text() == "Projects"
    assert page.select_one(".page-hero .lede").get_text() == "The projects CEP takes part in."
    assert acronyms(page) == ["ALPHA", "BETA", "GAMMA", "DELTA"]
    assert page.select_one("h2.project-count").get_text() == "4 projects"


@time_machine.travel(NEW_YEAR)
def test_a_project_card_shows_what_a_visitor_needs_to_choose(client, projects):
    card = listing(client).select_one(".project-card")
    assert card.select_one(".card__title a")["href"] == projects["ALPHA"].url
    assert card.select_one(".project-card__full-name").get_text() == "Adult Learning for People on probation"
    assert card.select_one(".label").get_text() == "Ongoing"
    assert (
        " ".join(card.select_one(".card__meta").get_text(" ").split()) == "Mar 2024 – ongoing · CEP role: Coordinator"
    )
    picture = card.select_one("picture")
    assert [source["type"] for source in picture.select("source")] == ["image/webp"]
    assert "fill-400x267" in picture.select_one("source")["srcset"]
    thumbnail = picture.select_one("img")
    assert "fill-400x267" in thumbnail["src"] and thumbnail["src"].endswith(".jpg")
    assert (thumbnail["width"], thumbnail["height"], thumbnail["alt"]) == ("400", "267", "")


@time_machine.travel(NEW_YEAR)
def test_a_finished_project_shows_both_dates_and_no_image_when_it_has_none(client):
    beta = listing(client).select(".project-card")[1]
    assert beta.select_one(".label").get_text() == "Completed"
    assert " ".join(beta.select_one(".card__meta").get_text(" ").split()) == "Feb 2023 – Jun 2025 · CEP role: Partner"
    assert beta.select_one("img") is None


@time_machine.travel(NEW_YEAR)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=ongoing", ["ALPHA", "GAMMA"]),
        ("?status=completed", ["BETA", "DELTA"]),
        ("?topic=education-test", ["ALPHA", "BETA"]),
        ("?topic=technology-test", ["BETA", "GAMMA"]),
        ("?status=completed&topic=education-test", ["BETA"]),
        ("?status=ongoing&topic=technology-test", ["GAMMA"]),
    ],
)
def test_filters_by_status_and_topic_narrow_the_list(client, query, expected):
    page = listing(client, query)
    assert acronyms(page) == expected
    assert page.select_one(".project-count").get_text() == f"{len(expected)} project{'s' if len(expected) > 1 else ''}"


@time_machine.travel(NEW_YEAR)
def test_the_form_keeps_the_filters_that_were_applied(client):
    page = listing(client, "?status=completed&topic=education-test")
    assert selected(page, "status").get_text() == "Completed"
    assert selected(page, "topic").get_text() == "Education and Training"
    form = page.select_one("form.project-filters")
    assert form["method"] == "get"
    for name in ("status", "topic"):
        field = form.select_one(f'select[name="{name}"]')
        assert form.select_one(f'label[for="{field["id"]}"]').get_text() in {"Status", "Topic"}
    assert form.select_one('button[type="submit"]').get_text() == "Apply"
    clear = form.select_one(".project-filters__clear")
    assert (clear.get_text(), clear["href"]) == ("Clear filters", "/cep-projects/")


def test_without_filters_the_form_offers_every_status_and_topic(client):
    page = listing(client)
    assert selected(page, "status") is None
    statuses = [option.get_text() for option in page.select('select[name="status"] option')]
    assert statuses == ["All statuses", "Ongoing", "Completed"]
    topics = [option.get_text() for option in page.select('select[name="topic"] option')]
    assert "Education and Training" in topics
    assert "Technology" in topics


@time_machine.travel(NEW_YEAR)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=bogus", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?topic=nope", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?topic=%3Cscript%3E", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?page=-1", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?page=abc", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?page=99999", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?page=", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
        ("?status=ongoing&status=completed", ["BETA", "DELTA"]),
        ("?topic=nope&topic=technology-test", ["BETA", "GAMMA"]),
        ("?page=1&page=abc", ["ALPHA", "BETA", "GAMMA", "DELTA"]),
    ],
)
def test_bad_or_repeated_parameters_give_a_normal_page(client, query, expected):
    page = listing(client, query)
    assert page.select_one("h1").get_text() == "Projects"
    assert acronyms(page) == expected


@time_machine.travel(NEW_YEAR)
def test_an_unknown_topic_is_not_shown_as_chosen(client):
    page = listing(client, "?topic=nope")
    assert selected(page, "topic") is None


@time_machine.travel(NEW_YEAR)
def test_a_filter_that_matches_nothing_says_so(client, make_topic):
    make_topic("Radicalisation", "radicalisation-test")
    page = listing(client, "?topic=radicalisation-test")
    assert acronyms(page) == []
    assert page.select_one(".project-count").get_text() == "0 projects"
    assert page.select_one(".empty-state").get_text() == "No projects match these filters."


@time_machine.travel(NEW_YEAR)
def test_pagination_keeps_the_filters(client, make_project):
    for number in range(12):
        make_project(acronym=f"MORE{number}", start_date=datetime.date(2020, 1, 1), end_date=None)
    first = listing(client, "?status=ongoing")
    assert first.select_one(".project-count").get_text() == "14 projects"
    assert len(acronyms(first)) == 12
    next_link = first.select_one('.pagination a[rel="next"]')
    assert next_link["href"] == "?status=ongoing&page=2"
    second = listing(client, next_link["href"])
    assert len(acronyms(second)) == 2
    assert "Page 2 of 2" in second.select_one(".pagination").get_text()


def test_drafts_are_not_listed(client, make_project):
    draft = make_project(acronym="DRAFT")
    draft.unpublish()
    assert "DRAFT" not in acronyms(listing(client))
