"""The news index as a visitor uses it: newest first, filtered, paginated, and never broken by odd addresses."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import NewsCategoryFactory
from tests.news.conftest import card_titles, paragraphs, soup_of

pytestmark = pytest.mark.django_db

ALL_PUBLISHED = [
    "Spring conference announced",
    "Dutch probation joins the network",
    "Division_Y episode 3",
    "Division_Y episode 4",
    "Autumn conference recap",
]


def selected_filters(page):
    """The value each filter select shows as chosen, by its label."""
    chosen = {}
    for select in page.select("form.news-filters select"):
        label = page.find("label", attrs={"for": select["id"]}).get_text(strip=True)
        option = select.find("option", selected=True)
        chosen[label] = option["value"] if option else ""
    return chosen


def test_news_index_lists_published_news_newest_first(client, newsroom):
    response = client.get("/news/")
    assert response.status_code == 200
    page = soup_of(response)
    assert [h1.get_text(strip=True) for h1 in page.select("h1")] == ["News"]
    assert "Updates and stories from CEP and the wider criminal justice community." in page.select_one("main").text
    assert card_titles(page) == ALL_PUBLISHED
    assert [time.get_text() for time in page.select("main .news-card time")] == [
        "10/03/2025",
        "15/01/2025",
        "05/12/2024",
        "20/11/2024",
        "02/10/2024",
    ]
    assert page.select_one("#news-results-heading").get_text(strip=True) == "5 news items"


@pytest.mark.parametrize(
    ("query", "expected_titles", "summary"),
    [
        (
            "category=cep-events",
            ["Spring conference announced", "Division_Y episode 4", "Autumn conference recap"],
            "filtered by category “CEP Events”",
        ),
        (
            "type=vodcast-episode",
            ["Division_Y episode 3", "Division_Y episode 4"],
            "filtered by type “Vodcast episode”",
        ),
        (
            "topic=radicalisation",
            ["Dutch probation joins the network", "Autumn conference recap"],
            "filtered by topic “Radicalisation”",
        ),
        ("year=2024", ["Division_Y episode 3", "Division_Y episode 4", "Autumn conference recap"], "year “2024”"),
        ("category=cep-events&type=news", ["Spring conference announced"], "category “CEP Events”, type “News”"),
        ("category=members-news&year=2025", ["Dutch probation joins the network"], "“Members' News”, year “2025”"),
        (
            "category=cep-events&type=vodcast-episode&year=2024",
            ["Division_Y episode 4"],
            "category “CEP Events”, type “Vodcast episode”, year “2024”",
        ),
        ("topic=electronic-monitoring&type=recap", [], "type “Recap”, topic “Electronic monitoring”"),
    ],
)
def test_filters_narrow_the_list_and_say_what_is_filtered(client, newsroom, query, expected_titles, summary):
    page = soup_of(client.get(f"/news/?{query}"))
    assert card_titles(page) == expected_titles
    heading = page.select_one("#news-results-heading").get_text(" ", strip=True)
    count = len(expected_titles)
    assert heading.startswith(f"{count} news item{'' if count == 1 else 's'}")
    assert summary in heading


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(client, newsroom):
    page = soup_of(client.get("/news/?topic=electronic-monitoring&type=recap"))
    empty = page.select_one("main .empty-state")
    assert "No news matches these filters." in empty.get_text()
    assert empty.a["href"] == "/news/"


def test_filter_form_shows_the_chosen_filters_selected(client, newsroom):
    page = soup_of(client.get("/news/?category=members-news&type=news&topic=electronic-monitoring&year=2025"))
    assert selected_filters(page) == {
        "Category": "members-news",
        "Type": "news",
        "Topic": "electronic-monitoring",
        "Year": "2025",
    }
    form = page.select_one("form.news-filters")
    assert (form["method"], form["action"]) == ("get", "/news/")
    assert form.find("button", type="submit").get_text(strip=True) == "Filter"
    assert form.find("a", string="Clear filters")["href"] == "/news/"


def test_filter_form_offers_every_category_type_topic_and_the_years_with_news(client, newsroom):
    page = soup_of(client.get("/news/"))
    options = {
        select["name"]: [option.get_text(strip=True) for option in select.select("option")]
        for select in page.select("form.news-filters select")
    }
    assert options == {
        "category": ["All categories", "CEP Events", "Members' News"],
        "type": ["All types", "News", "Recap", "Vodcast episode"],
        "topic": ["All topics", "Electronic monitoring", "Radicalisation"],
        "year": ["All years", "2025", "2024"],
    }
    assert selected_filters(page) == {"Category": "", "Type": "", "Topic": "", "Year": ""}
    assert page.find("a", string="Clear filters") is None


def test_every_filter_field_has_a_label(client, newsroom):
    page = soup_of(client.get("/news/"))
    for field in page.select("main select, main input:not([type=hidden])"):
        assert page.find("label", attrs={"for": field["id"]}), f"{field['name']} has no label"


def test_pagination_keeps_the_filters(client, news_index, make_news):
    reports = NewsCategoryFactory(name="Reports")
    others = NewsCategoryFactory(name="Other")
    first_day = date(2024, 1, 1)
    for number in range(14):
        make_news(f"Report {number:02}", on=first_day + timedelta(days=number), categories=[reports])
        make_news(f"Other {number:02}", on=first_day + timedelta(days=number), categories=[others])

    first = soup_of(client.get("/news/?category=reports"))
    assert card_titles(first) == [f"Report {number:02}" for number in range(13, 1, -1)]
    assert first.select_one(".pagination [aria-current=page]").get_text(strip=True) == "Page 1 of 2"
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert parse_qs(urlsplit(next_link).query) == {"category": ["reports"], "page": ["2"]}

    second = soup_of(client.get(f"/news/{next_link}"))
    assert card_titles(second) == ["Report 01", "Report 00"]
    assert selected_filters(second)["Category"] == "reports"
    previous_link = second.select_one(".pagination a[rel=prev]")["href"]
    assert parse_qs(urlsplit(previous_link).query) == {"category": ["reports"], "page": ["1"]}


BAD_QUERIES = {
    "unknown category": ("category=nonexistent", []),
    "unknown type": ("type=nonexistent", []),
    "unknown topic": ("topic=nonexistent", []),
    "year not a number": ("year=abc", ALL_PUBLISHED),
    "year out of range": ("year=99999999999999999999", ALL_PUBLISHED),
    "year in superscript digits": ("year=%C2%B2%C2%B2", ALL_PUBLISHED),
    "year negative": ("year=-2024", ALL_PUBLISHED),
    "page negative": ("page=-1", ALL_PUBLISHED),
    "page zero": ("page=0", ALL_PUBLISHED),
    "page far beyond the end": ("page=99999", ALL_PUBLISHED),
    "page not a number": ("page=abc", ALL_PUBLISHED),
    "page huge": ("page=" + "9" * 400, ALL_PUBLISHED),
    "repeated type": ("type=nonexistent&type=recap", ["Autumn conference recap"]),
    "repeated category": (
        "category=cep-events&category=members-news",
        ["Dutch probation joins the network", "Division_Y episode 3", "Division_Y episode 4"],
    ),
    "over-long category": ("category=" + "c" * 5000, []),
    "over-long topic": ("topic=" + "t" * 5000, []),
    "NUL character": ("category=cep%00events&type=%00", []),
    "empty values": ("category=&type=&topic=&year=&page=", ALL_PUBLISHED),
    "unknown parameter": ("colour=blue", ALL_PUBLISHED),
}


@pytest.mark.parametrize(("query", "expected_titles"), BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_odd_addresses_give_an_ordinary_news_page(client, newsroom, query, expected_titles):
    response = client.get(f"/news/?{query}")
    assert response.status_code == 200
    page = soup_of(response)
    assert [h1.get_text(strip=True) for h1 in page.select("h1")] == ["News"]
    assert card_titles(page) == expected_titles
    if not expected_titles:
        assert page.select_one("#news-results-heading").get_text(strip=True).startswith("0 news items")


@pytest.mark.parametrize(("query", "_expected_titles"), BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
@pytest.mark.parametrize("route", ["feed/", "vodcast/"])
def test_odd_addresses_give_an_ordinary_feed_and_vodcast_page(client, newsroom, route, query, _expected_titles):
    assert client.get(f"/news/{route}?{query}").status_code == 200


@pytest.mark.parametrize("route", ["", "feed/", "vodcast/"])
def test_news_routes_answer_only_reading(client, newsroom, route):
    assert client.post(f"/news/{route}").status_code == 405
    assert client.head(f"/news/{route}").status_code == 200


def test_drafts_never_appear_in_the_listing_or_its_filters(client, newsroom):
    for query in ["", "category=cep-events", "type=news", "topic=electronic-monitoring", "year=2025"]:
        assert "Unannounced summer school" not in soup_of(client.get(f"/news/?{query}")).select_one("main").text


def test_unpublished_news_disappears_from_the_listing(client, newsroom):
    newsroom.items["spring"].unpublish()
    assert "Spring conference announced" not in card_titles(soup_of(client.get("/news/")))


def test_listing_links_to_the_vodcast_episodes_and_the_feed(client, newsroom):
    page = soup_of(client.get("/news/"))
    assert page.find("a", string="Vodcast episodes")["href"] == "/news/vodcast/"
    assert page.find("a", string="RSS feed")["href"] == "/news/feed/"


def test_search_finds_a_news_item_by_a_word_in_its_body(client, make_news):
    make_news(
        "Probation in the Baltics",
        on=date(2025, 2, 3),
        body=paragraphs("Colleagues from Klaipeda presented their mentoring scheme."),
    )
    make_news(
        "Draft about Klaipeda",
        on=date(2025, 2, 4),
        body=paragraphs("Klaipeda again, but not yet published."),
        live=False,
    )
    page = soup_of(client.get("/search/?q=Klaipeda"))
    assert page.select_one(".result-count").get_text(strip=True) == "1 result for “Klaipeda”"
    titles = [link.get_text(strip=True) for link in page.select(".search-result__title a")]
    assert titles == ["Probation in the Baltics"]
