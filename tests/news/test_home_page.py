"""The Latest news section of the home page, once there is news."""

from datetime import date, timedelta

import pytest

from tests.news.conftest import card_titles, soup_of

pytestmark = pytest.mark.django_db


def latest_news_section(client):
    return soup_of(client.get("/")).find(id="latest-news-heading").find_parent("section")


def test_home_page_shows_the_newest_news_with_categories_and_dates(client, newsroom, make_news):
    make_news("Older news", on=date(2020, 1, 1), categories=[newsroom.members])
    make_news("Oldest news", on=date(2019, 1, 1), categories=[newsroom.members])
    section = latest_news_section(client)
    # The demo home page shows six items; the draft and the two oldest are left out.
    assert card_titles(section) == [
        "Spring conference announced",
        "Dutch probation joins the network",
        "Division_Y episode 3",
        "Division_Y episode 4",
        "Autumn conference recap",
        "Older news",
    ]
    cards = section.select(".news-card")
    assert [card.select_one(".card__labels").get_text(strip=True) for card in cards[:4]] == [
        "CEP Events",
        "Members' News",
        "Members' News",
        "CEP Events, Members' News",
    ]
    assert [card.select_one("time").get_text() for card in cards] == [
        "10/03/2025",
        "15/01/2025",
        "05/12/2024",
        "20/11/2024",
        "02/10/2024",
        "01/01/2020",
    ]
    assert section.find("a", string="All news")["href"] == "/news/"


def test_home_page_filter_links_open_the_news_filtered_by_category(client, newsroom):
    links = latest_news_section(client).select(".filter-links a")
    assert [(link.get_text(strip=True), link["href"]) for link in links] == [
        ("CEP Events", "/news/?category=cep-events"),
        ("Members' News", "/news/?category=members-news"),
    ]
    assert latest_news_section(client).select_one(".filter-links__label").get_text(strip=True) == "Filter:"
    page = soup_of(client.get(links[1]["href"]))
    assert card_titles(page) == ["Dutch probation joins the network", "Division_Y episode 3", "Division_Y episode 4"]
    assert page.select_one("#news-filter-category option[selected]")["value"] == "members-news"


def test_home_page_never_shows_drafts(client, news_index, make_news):
    make_news("Published news", on=date(2024, 1, 1))
    for number in range(3):
        make_news(f"Draft {number}", on=date(2025, 1, 1) + timedelta(days=number), live=False)
    assert card_titles(latest_news_section(client)) == ["Published news"]
