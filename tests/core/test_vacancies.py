"""Vacancies: listed, on the home page and in search while open, soonest first; gone the day after they close."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.core.factories import VacancyIndexPageFactory, VacancyPageFactory
from tests.helpers import page_soup, soup_of

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def vacancy_index(demo_site):
    index = VacancyIndexPageFactory(parent=demo_site)
    index.save_revision().publish()
    return index


def vacancy(index, title, closes_in_days, **fields):
    page = VacancyPageFactory(parent=index, title=title, closing_date=in_days(closes_in_days), **fields)
    page.save_revision().publish()
    return page


def vacancy_titles(soup):
    return [link.get_text(strip=True) for link in soup.select(".vacancy-card .card__title a, .vacancies-band__title")]


def test_the_index_lists_open_vacancies_soonest_closing_first_and_leaves_out_closed_ones(client, vacancy_index):
    vacancy(vacancy_index, "Closes next month", 30)
    vacancy(vacancy_index, "Closes today", 0)
    vacancy(vacancy_index, "Closed yesterday", -1)
    vacancy(vacancy_index, "Closes next week", 7)

    soup = page_soup(client.get(vacancy_index.url))

    assert vacancy_titles(soup) == ["Closes today", "Closes next week", "Closes next month"]
    assert "3 open vacancies" in soup.select_one("#vacancies-heading").get_text()


def test_the_index_says_so_when_none_is_open_and_where_vacancies_are_announced(client, vacancy_index):
    vacancy(vacancy_index, "Closed last week", -7)

    soup = page_soup(client.get(vacancy_index.url))

    assert vacancy_titles(soup) == []
    empty = soup.select_one(".empty-state").get_text(" ", strip=True)
    assert "no open vacancies" in empty
    assert "newsletter" in empty


def test_an_open_vacancy_shows_its_facts_and_how_to_apply(client, vacancy_index):
    page = vacancy(vacancy_index, "Project officer", 10, employer="CEP", hours="32 hours a week")

    response = client.get(page.url)

    assert response.status_code == 200
    text = soup_of(response).select_one("main").get_text(" ", strip=True)
    for expected in ["CEP", "Utrecht, the Netherlands", "Full-time", "32 hours a week", "How to apply"]:
        assert expected in text
    assert in_days(10).strftime("%-d %B %Y") in text


def test_a_closed_vacancy_answers_gone_with_the_date_it_closed(client, vacancy_index):
    page = vacancy(vacancy_index, "Project officer", -3)

    response = client.get(page.url)

    # 410 Gone: the job will not come back, and search engines drop the address.
    assert response.status_code == 410
    notice = soup_of(response).select_one("main .notice").get_text(" ", strip=True)
    assert f"This vacancy closed on {in_days(-3).strftime('%-d %B %Y')}" in notice
    assert "How to apply" not in soup_of(response).select_one("main").get_text()


def test_the_sitemap_lists_open_vacancies_only(client, vacancy_index):
    open_page = vacancy(vacancy_index, "Open post", 5)
    closed_page = vacancy(vacancy_index, "Closed post", -5)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert open_page.url in sitemap
    assert closed_page.url not in sitemap


def test_the_home_page_has_no_vacancies_section_while_none_is_open(client, vacancy_index):
    vacancy(vacancy_index, "Closed post", -2)

    assert page_soup(client.get("/")).select_one("#open-vacancies-heading") is None


def test_the_home_page_lists_open_vacancies_with_employer_and_closing_date(client, vacancy_index):
    vacancy(vacancy_index, "Trainee", 20, employer="Community Justice Scotland")
    vacancy(vacancy_index, "Project officer", 3, employer="CEP")
    vacancy(vacancy_index, "Closed post", -2)

    section = page_soup(client.get("/")).select_one("section[aria-labelledby=open-vacancies-heading]")

    assert vacancy_titles(section) == ["Project officer", "Trainee"]
    text = section.get_text(" ", strip=True)
    assert "Community Justice Scotland" in text
    assert in_days(3).strftime("%-d %b %Y") in text


def test_the_home_section_leaves_on_the_day_after_closing_even_when_cached(client, vacancy_index, monkeypatch):
    vacancy(vacancy_index, "Project officer", 0)
    assert vacancy_titles(page_soup(client.get("/"))) == ["Project officer"]

    tomorrow = in_days(1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert page_soup(client.get("/")).select_one("#open-vacancies-heading") is None


@pytest.mark.usefixtures("search_index")
def test_search_finds_open_vacancies_and_not_closed_ones(client, vacancy_index):
    vacancy(vacancy_index, "Probation researcher in Tallinn", 10)
    vacancy(vacancy_index, "Probation researcher in Riga", -1)

    titles = [link.get_text(strip=True) for link in card_titles_of(client, "researcher")]

    # PostgreSQL's stemming also finds "research" on other pages of the demo.
    assert "Probation researcher in Tallinn" in titles
    assert "Probation researcher in Riga" not in titles


def card_titles_of(client, query):
    return page_soup(client.get("/search/", {"q": query})).select(".search-result__title a")


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_index_takes_as_many_queries_for_30_vacancies_as_for_3(client, vacancy_index):
    for number in range(3):
        vacancy(vacancy_index, f"Post {number}", number + 1)
    client.get(vacancy_index.url)  # fills Wagtail's per-site caches
    with_three = queries_for(client, vacancy_index.url)
    for number in range(3, 30):
        vacancy(vacancy_index, f"Post {number}", number + 1)
    client.get(vacancy_index.url)

    assert queries_for(client, vacancy_index.url) == with_three
