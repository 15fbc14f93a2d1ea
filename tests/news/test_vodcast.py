"""The vodcast view: Division_Y episodes only, latest episode first."""

from datetime import date

import pytest

from tests.helpers import soup_of

pytestmark = pytest.mark.django_db


def episode_cards(page):
    return page.select("main .vodcast-card")


def test_vodcast_view_lists_only_episodes_latest_episode_first(client, newsroom, make_news):
    make_news(
        "Division_Y draft episode",
        on=date(2025, 5, 1),
        news_type=newsroom.vodcast,
        episode_number=5,
        guest="Nobody yet",
        live=False,
    )
    response = client.get("/news/vodcast/")
    assert response.status_code == 200
    page = soup_of(response)
    assert [h1.get_text(strip=True) for h1 in page.select("h1")] == ["Vodcast episodes"]
    assert "Division_Y: young probation professionals talk with the people who shape probation." in (
        page.select_one(".page-header").get_text()
    )
    # Episode 4 is older than episode 3 by date, and still comes first: the episode number orders them.
    assert [card.h3.get_text(strip=True) for card in episode_cards(page)] == [
        "Division_Y episode 4",
        "Division_Y episode 3",
    ]
    assert page.select_one("#episodes-heading").get_text(strip=True) == "2 episodes"


def test_vodcast_card_shows_episode_number_guest_date_and_teaser(client, newsroom):
    episode = newsroom.items["episode_3"]
    card = episode_cards(soup_of(client.get("/news/vodcast/")))[1]
    assert card.select_one(".card__labels").get_text(strip=True) == "Division_Y, episode 3"
    assert "With Jonas Berg, researcher" in card.select_one(".card__meta").get_text()
    assert (card.time.get_text(), card.time["datetime"]) == ("5 Dec 2024", "2024-12-05")
    assert card.select_one(".card__text").get_text(strip=True) == episode.teaser
    assert card.h3.a["href"] == episode.url


def test_vodcast_view_links_back_to_the_news_and_to_its_feed(client, newsroom):
    page = soup_of(client.get("/news/vodcast/"))
    assert page.find("a", string="All news")["href"] == "/news/"
    feed_link = page.select_one('head link[rel="alternate"]')["href"]
    assert feed_link == "/news/feed/?type=vodcast-episode"
    breadcrumbs = [item.get_text(strip=True) for item in page.select(".breadcrumbs li")]
    assert breadcrumbs == ["Home", "News", "Vodcast episodes"]


def test_vodcast_view_without_episodes_says_so(client, news_index):
    page = soup_of(client.get("/news/vodcast/"))
    assert page.select_one("main .empty-state").get_text(strip=True) == "No vodcast episodes have been published yet."


def test_vodcast_view_paginates(client, newsroom, make_news):
    for number in range(5, 20):
        make_news(
            f"Division_Y episode {number}",
            on=date(2025, 1, 1),
            news_type=newsroom.vodcast,
            episode_number=number,
            guest="A guest",
        )
    first = soup_of(client.get("/news/vodcast/"))
    assert len(episode_cards(first)) == 12
    second = soup_of(client.get("/news/vodcast/?page=2"))
    assert [card.h3.get_text(strip=True) for card in episode_cards(second)] == [
        "Division_Y episode 7",
        "Division_Y episode 6",
        "Division_Y episode 5",
        "Division_Y episode 4",
        "Division_Y episode 3",
    ]
