"""The award page: where the call stands by date, categories and rules, the winners per year and the award's news."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards.factories import (
    AwardCallFactory,
    AwardCategoryFactory,
    AwardPageFactory,
    AwardWinnerFactory,
    in_days,
)
from tests.core.factories import publish
from tests.helpers import page_soup
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory, NewsTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(demo_site):
    page = publish(AwardPageFactory(parent=demo_site))
    AwardCategoryFactory(page=page, name="Probation research", description="Research that changed practice.")
    return page


def call_text(client, page):
    return page_soup(client.get(page.url)).select_one(".award-call").get_text(" ", strip=True)


def long_date(date):
    return date.strftime("%-d %B %Y")


def test_an_open_call_says_when_it_closes_and_links_the_form(client, award):
    AwardCallFactory(page=award, year=2027, opens_on=in_days(-3), closes_on=in_days(30))

    soup = page_soup(client.get(award.url))

    text = soup.select_one(".award-call").get_text(" ", strip=True)
    assert "Nominate for the CEP Award 2027" in text
    assert f"Nominations close on {long_date(in_days(30))}" in text
    assert soup.select_one(".award-call a.button")["href"] == f"{award.url}nominate/"


def test_a_call_still_open_on_its_last_day(client, award):
    AwardCallFactory(page=award, year=2027, opens_on=in_days(-30), closes_on=in_days(0))

    assert "Open for nominations" in call_text(client, award)


def test_a_call_not_yet_open_says_when_it_opens_and_offers_no_form(client, award):
    AwardCallFactory(page=award, year=2027, opens_on=in_days(5), closes_on=in_days(60))

    soup = page_soup(client.get(award.url))

    text = soup.select_one(".award-call").get_text(" ", strip=True)
    assert f"Nominations for the CEP Award 2027 open on {in_days(5).strftime('%-d %B %Y')}" in text
    assert not soup.select(".award-call a.button")


def test_a_closed_call_says_the_jury_is_at_work_and_links_the_winners(client, award):
    AwardCallFactory(
        page=award, year=2027, opens_on=in_days(-60), closes_on=in_days(-1), winners_announced="in October"
    )

    soup = page_soup(client.get(award.url))

    text = soup.select_one(".award-call").get_text(" ", strip=True)
    assert f"closed on {long_date(in_days(-1))}" in text
    assert "the winners are announced in October" in text
    assert soup.select_one(".award-call a")["href"] == f"{award.url}winners/"


def test_the_open_call_wins_over_an_older_closed_one_and_a_later_one(client, award):
    AwardCallFactory(page=award, year=2025, opens_on=in_days(-800), closes_on=in_days(-700))
    AwardCallFactory(page=award, year=2029, opens_on=in_days(700), closes_on=in_days(760))
    AwardCallFactory(page=award, year=2027, opens_on=in_days(-1), closes_on=in_days(1))

    assert "Nominate for the CEP Award 2027" in call_text(client, award)


def test_without_any_call_the_page_says_where_the_next_is_announced(client, award):
    assert "No call for nominations at the moment" in call_text(client, award)


def test_the_page_shows_categories_rules_and_the_latest_years_winners(client, award):
    AwardWinnerFactory(page=award, year=2022, name="You Matter Too")
    AwardWinnerFactory(page=award, year=2025, name="Meuse programme", category="Rehabilitation and social inclusion")

    soup = page_soup(client.get(award.url))

    categories = soup.select_one(".award-categories").get_text(" ", strip=True)
    assert "Probation research Research that changed practice." in categories
    assert "each in one category" in soup.select_one("#award-rules-heading").parent.get_text()
    assert soup.select_one("#award-winners-heading").get_text() == "The 2025 winners"
    assert [title.get_text(strip=True) for title in soup.select(".winner-card .card__title")] == ["Meuse programme"]


def test_the_winners_page_lists_every_year_newest_first_each_under_its_heading(client, award):
    AwardWinnerFactory(page=award, year=2019, name="Swansea Service Evaluation Inventory")
    AwardWinnerFactory(page=award, year=2022, name="You Matter Too", sort_order=0)
    AwardWinnerFactory(page=award, year=2022, name="Eden House", sort_order=1)
    AwardWinnerFactory(page=award, year=2025, name="Meuse programme")

    soup = page_soup(client.get(f"{award.url}winners/"))

    sections = soup.select("main section[aria-labelledby^=winners-]")
    assert [section.h2.get_text() for section in sections] == ["2025", "2022", "2019"]
    assert [title.get_text(strip=True) for title in sections[1].select(".card__title")] == [
        "You Matter Too",
        "Eden House",
    ]
    assert soup.h1.get_text(strip=True) == "The CEP Award winners"


def test_a_winner_links_its_news_story_and_the_page_lists_the_awards_news(client, award, demo_site):
    award_type = NewsTypeFactory(name="Award")
    news_index = publish(NewsIndexPageFactory(parent=demo_site))
    story = NewsPageFactory(parent=news_index, title="Eden House wins the CEP Award", news_type=award_type)
    NewsPageFactory(parent=news_index, title="A webinar on something else")
    award.news_type = award_type
    publish(award)
    AwardWinnerFactory(page=award, year=2022, name="Eden House", news_page=story)

    soup = page_soup(client.get(award.url))

    assert soup.select_one(".winner-card .card__title a")["href"] == story.url
    news = soup.select_one("section[aria-labelledby=award-news-heading]")
    assert [title.get_text(strip=True) for title in news.select(".card__title")] == ["Eden House wins the CEP Award"]
    assert news.select_one(".section__more a")["href"] == f"{news_index.url}?type=award"


def test_the_sitemap_lists_the_award_and_its_winners(client, award):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"{award.full_url}</loc>" in sitemap
    assert f"{award.full_url}winners/</loc>" in sitemap
    assert "nominate/" not in sitemap


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_award_and_winners_pages_take_as_many_queries_for_30_winners_as_for_3(client, award, demo_site):
    award_type = NewsTypeFactory(name="Award")
    news_index = publish(NewsIndexPageFactory(parent=demo_site))
    award.news_type = award_type
    publish(award)
    AwardCallFactory(page=award)

    def winners(count, start):
        for number in range(start, start + count):
            story = NewsPageFactory(parent=news_index, news_type=award_type)
            AwardWinnerFactory(page=award, year=2000 + number % 10, news_page=story)

    winners(3, 0)
    paths = [award.url, f"{award.url}winners/"]
    for path in paths:
        client.get(path)  # fills Wagtail's per-site caches
    with_three = [queries_for(client, path) for path in paths]
    winners(27, 3)
    assert [queries_for(client, path) for path in paths] == with_three


@pytest.mark.usefixtures("search_index")
def test_search_finds_the_award_by_a_winner_and_a_category(client, demo_site):
    award = AwardPageFactory(parent=demo_site)
    AwardCategoryFactory(page=award, name="Probation research")
    AwardWinnerFactory(page=award, name="Eden House", citation="A residential service for women on probation.")
    publish(award)

    for query in ["Eden House", "residential service", "probation research"]:
        titles = [
            link.get_text(strip=True)
            for link in page_soup(client.get("/search/", {"q": query})).select(".search-result__title a")
        ]
        assert "The CEP Award" in titles, query
