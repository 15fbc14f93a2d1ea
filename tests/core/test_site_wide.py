"""Search, sitemap, robots.txt, error pages and health check: what every visitor and crawler meets."""

import pytest
from bs4 import BeautifulSoup

from django.test import RequestFactory
from django.views.defaults import server_error

from core.models import StandardPage
from tests.core.factories import StandardPageFactory

# Search finds what was saved: the index is kept as in production.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]


def result_titles(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [link.get_text() for link in page.select(".search-result__title a")]


def test_search_finds_a_page_by_a_word_in_its_body(client, demo_site):
    response = client.get("/search/", {"q": "Brussels"})
    assert response.status_code == 200
    assert result_titles(response) == ["About Us"]
    assert "1 result for “Brussels”" in response.content.decode()


def test_search_without_a_query_shows_the_form_only(client, demo_site):
    response = client.get("/search/")
    assert response.status_code == 200
    assert result_titles(response) == []
    assert "result" not in BeautifulSoup(response.content, "html.parser").select_one("main").get_text().lower()


def test_search_that_matches_nothing_says_so(client, demo_site):
    response = client.get("/search/", {"q": "xylophone"})
    assert response.status_code == 200
    assert "0 results for “xylophone”" in response.content.decode()
    assert "Nothing matched" in response.content.decode()


def test_search_does_not_find_drafts(client, demo_site):
    StandardPageFactory(parent=demo_site, title="Secret plans", slug="secret", live=False)
    assert result_titles(client.get("/search/", {"q": "Secret plans"})) == []


def test_search_results_are_paginated_and_keep_the_query(client, demo_site):
    for number in range(12):
        page = StandardPageFactory(parent=demo_site, title=f"Zanzibar briefing {number}", slug=f"briefing-{number}")
        page.save_revision().publish()
    first = client.get("/search/", {"q": "zanzibar"})
    assert len(result_titles(first)) == 10
    next_link = BeautifulSoup(first.content, "html.parser").select_one('a[rel="next"]')["href"]
    assert "q=zanzibar" in next_link and "page=2" in next_link
    second = client.get("/search/" + next_link)
    assert len(result_titles(second)) == 2


@pytest.mark.parametrize(
    "params",
    [
        {"q": "probation", "page": "abc"},
        {"q": "probation", "page": "99999"},
        {"q": "probation", "page": "-1"},
        {"q": "probation " * 500},
        {"q": "\"'&|!():*<>%_\\ -- ; DROP TABLE"},
        {"q": "   "},
        {"q": "probation OR"},
        {"q": "NOT NEAR AND"},
        {"q": "☃ 日本語 ёж"},
        {"q": "\x00"},
    ],
    ids=[
        "page-not-a-number",
        "page-past-the-end",
        "page-negative",
        "over-long",
        "odd-characters",
        "blank",
        "trailing-operator",
        "only-operators",
        "non-latin",
        "nul-byte",
    ],
)
def test_odd_search_input_gives_a_normal_page(client, demo_site, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"<h1>Search</h1>" in response.content


def test_an_over_long_query_is_shortened_not_refused(client, demo_site):
    response = client.get("/search/", {"q": "a" * 5000})
    assert response.status_code == 200
    assert "a" * 200 in response.content.decode()
    assert "a" * 201 not in response.content.decode()


def test_search_refuses_to_be_posted_to(client, demo_site):
    assert client.post("/search/", {"q": "probation"}).status_code == 405


def test_unknown_address_gives_the_friendly_404_page(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Page not found"
    assert page.select_one('nav[aria-label="Main"] a[href="/about-us/"]')


def test_server_error_page_stands_alone_without_a_database(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_sitemap_lists_every_live_page(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    assert "/about-us/</loc>" in body
    assert body.count("<url>") == StandardPage.objects.live().count() + 1


def test_robots_txt_points_crawlers_at_the_sitemap_and_away_from_the_admin(client, demo_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_health_check_answers_ok(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.postgres
def test_on_postgresql_search_matches_other_forms_of_a_word(client, demo_site):
    # PostgreSQL's full-text search stems English words: "report" finds "reports" on About Us,
    # which a plain word match (SQLite's FTS5) would not.
    assert result_titles(client.get("/search/", {"q": "report"})) == ["About Us"]
    assert result_titles(client.get("/search/", {"q": "organised conference"})) == ["About Us"]
