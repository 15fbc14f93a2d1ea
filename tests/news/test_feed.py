"""The RSS 2.0 feed of the news: valid, filtered like the listing, and announced on the listing page."""

import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import card_titles, soup_of

pytestmark = pytest.mark.django_db


def feed_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    return root.find("channel")


def item_titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def test_feed_is_rss_2_describing_all_published_news_newest_first(client, newsroom):
    channel = feed_of(client, "/news/feed/")
    assert channel.findtext("title") == "CEP news"
    assert channel.findtext("link") == newsroom.index.get_full_url()
    assert channel.findtext("description") == "Updates and stories from CEP and the wider criminal justice community."
    assert item_titles(channel) == [
        "Spring conference announced",
        "Dutch probation joins the network",
        "Division_Y episode 3",
        "Division_Y episode 4",
        "Autumn conference recap",
    ]


def test_feed_item_has_full_link_teaser_date_categories_and_guid(client, newsroom):
    episode = newsroom.items["episode_4"]
    item = feed_of(client, "/news/feed/").findall("item")[3]
    assert item.findtext("title") == "Division_Y episode 4"
    assert item.findtext("link") == episode.get_full_url()
    assert urlsplit(item.findtext("link")).scheme in {"http", "https"}
    assert item.findtext("description") == episode.teaser
    assert parsedate_to_datetime(item.findtext("pubDate")).date().isoformat() == "2024-11-20"
    assert [category.text for category in item.findall("category")] == ["CEP Events", "Members' News"]
    guid = item.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (episode.get_full_url(), "true")


@pytest.mark.parametrize(
    ("query", "title", "expected_titles"),
    [
        (
            "category=cep-events",
            "CEP news: CEP Events",
            ["Spring conference announced", "Division_Y episode 4", "Autumn conference recap"],
        ),
        ("type=vodcast-episode", "CEP news: Vodcast episode", ["Division_Y episode 3", "Division_Y episode 4"]),
        ("category=cep-events&type=news", "CEP news: CEP Events, News", ["Spring conference announced"]),
        (
            "topic=radicalisation&year=2024",
            "CEP news: Radicalisation, 2024",
            ["Autumn conference recap"],
        ),
    ],
)
def test_feed_follows_the_filters_of_the_listing(client, newsroom, query, title, expected_titles):
    channel = feed_of(client, f"/news/feed/?{query}")
    assert channel.findtext("title") == title
    assert channel.findtext("link") == f"{newsroom.index.get_full_url()}?{query}"
    assert item_titles(channel) == expected_titles


@pytest.mark.parametrize("query", ["category=Made-up+News", "type=%3Cb%3Ebold%3C%2Fb%3E", "topic=made-up&category="])
def test_filter_values_the_site_does_not_know_are_never_shown_in_titles(client, newsroom, query):
    everything = feed_of(client, "/news/feed/")
    channel = feed_of(client, f"/news/feed/?{query}")
    assert channel.findtext("title") == "CEP news"
    assert channel.findtext("link") == newsroom.index.get_full_url()
    assert item_titles(channel) == item_titles(everything)

    listing = soup_of(client.get(f"/news/?{query}"))
    alternate = listing.select_one('link[rel="alternate"][type="application/rss+xml"]')
    assert (alternate["title"], alternate["href"]) == ("CEP news", "/news/feed/")
    (typed,) = [values[0] for values in parse_qs(query).values()]
    assert typed.lower() not in listing.select_one("main").get_text().lower()


def test_feed_holds_the_newest_thirty_items(client, news_index, make_news):
    for number in range(35):
        make_news(f"Item {number:02}", on=date(2023, 1, 1) + timedelta(days=number))
    titles = item_titles(feed_of(client, "/news/feed/"))
    assert titles == [f"Item {number:02}" for number in range(34, 4, -1)]


def test_drafts_never_appear_in_the_feed(client, newsroom):
    for query in ["", "?category=cep-events", "?topic=electronic-monitoring", "?year=2025"]:
        assert "Unannounced summer school" not in item_titles(feed_of(client, f"/news/feed/{query}"))


def test_listing_announces_the_feed_of_its_filters(client, newsroom):
    page = soup_of(client.get("/news/?category=cep-events&type=news&page=1"))
    alternate = page.select_one('head link[rel="alternate"][type="application/rss+xml"]')
    assert alternate["title"] == "CEP news: CEP Events, News"
    assert alternate["href"] == "/news/feed/?category=cep-events&type=news"
    assert page.find("a", string="RSS feed of these news items")["href"] == alternate["href"]
    channel = feed_of(client, alternate["href"])
    assert channel.findtext("title") == alternate["title"]
    assert item_titles(channel) == card_titles(page)


def test_unfiltered_listing_announces_the_whole_feed(client, newsroom):
    alternate = soup_of(client.get("/news/?year=abc")).select_one('link[rel="alternate"]')
    assert (alternate["title"], alternate["href"]) == ("CEP news", "/news/feed/")
