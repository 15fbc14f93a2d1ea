"""The Latest news section of the home page, once there is news."""

from datetime import date, timedelta

import pytest

from tests.helpers import card_titles, soup_of

pytestmark = pytest.mark.django_db


def latest_news_section(client):
    return soup_of(client.get("/")).find(id="latest-news-heading").find_parent("section")


def test_home_page_shows_the_newest_news_with_categories_and_dates(client, newsroom, make_news):
    make_news("Older news", on=date(2020, 1, 1), categories=[newsroom.members])
    make_news("Oldest news", on=date(2019, 1, 1), categories=[newsroom.members])
    section = latest_news_section(client)
    # The demo home page shows three items; the draft, newer than all of them, and the older ones are left out.
    assert card_titles(section) == [
        "Spring conference announced",
        "Dutch probation joins the network",
        "Division_Y episode 3",
    ]
    cards = section.select(".news-card")
    assert [card.select_one(".card__eyebrow").get_text(strip=True) for card in cards] == [
        "CEP Events",
        "Members' News",
        "Members' News",
    ]
    assert [(card.time.get_text(), card.time["datetime"]) for card in cards] == [
        ("10 Mar 2025", "2025-03-10"),
        ("15 Jan 2025", "2025-01-15"),
        ("5 Dec 2024", "2024-12-05"),
    ]
    assert section.find("a", string="All news")["href"] == "/news/"


def test_home_page_filter_links_open_the_news_filtered_by_category(client, newsroom):
    links = latest_news_section(client).select('nav.chips[aria-label="News by category"] a')
    assert [(link.get_text(strip=True), link["href"]) for link in links] == [
        ("CEP Events", "/news/?category=cep-events"),
        ("Members' News", "/news/?category=members-news"),
    ]
    page = soup_of(client.get(links[1]["href"]))
    assert card_titles(page) == ["Dutch probation joins the network", "Division_Y episode 3", "Division_Y episode 4"]
    chosen = page.select('nav.chips[aria-label="Filter news by category"] a[aria-current="true"]')
    assert [link.get_text(strip=True) for link in chosen] == ["Members' News"]


def test_home_page_never_shows_drafts(client, news_index, make_news):
    make_news("Published news", on=date(2024, 1, 1))
    for number in range(3):
        make_news(f"Draft {number}", on=date(2025, 1, 1) + timedelta(days=number), live=False)
    assert card_titles(latest_news_section(client)) == ["Published news"]
