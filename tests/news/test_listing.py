"""The news index as a visitor uses it: newest first, filtered, paginated, and never broken by odd addresses."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import card_titles, image_create, paragraphs, soup_of
from tests.news.factories import NewsCategoryFactory

pytestmark = pytest.mark.django_db

ALL_PUBLISHED = [
    "Spring conference announced",
    "Dutch probation joins the network",
    "Division_Y episode 3",
    "Division_Y episode 4",
    "Autumn conference recap",
]


CATEGORY_CHIPS = 'nav.chips[aria-label="Filter news by category"]'


def selected_filters(page):
    """The filters shown as chosen, by their label: the category chip marked current, and each select's value."""
    current = page.select(f'{CATEGORY_CHIPS} a[aria-current="true"]')
    assert len(current) <= 1, "more than one category chip is marked current"
    chosen = {"Category": parse_qs(urlsplit(current[0]["href"]).query)["category"][0] if current else ""}
    for select in page.select("details.more-filters form.news-filters select"):
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
    assert page.select_one(".page-hero h1").get_text(strip=True) == "News"
    assert page.title.get_text() == "News – Confederation of European Probation"
    assert card_titles(page) == ALL_PUBLISHED
    assert [time.get_text() for time in page.select("main .news-card time")] == [
        "10 Mar 2025",
        "15 Jan 2025",
        "5 Dec 2024",
        "20 Nov 2024",
        "2 Oct 2024",
    ]
    assert [eyebrow.get_text(strip=True) for eyebrow in page.select("main .news-card .card__eyebrow")] == [
        "CEP Events",
        "Members' News",
        "Members' News",
        "CEP Events, Members' News",
        "CEP Events",
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
    # Another category's chip keeps the other filters.
    other = page.select_one(CATEGORY_CHIPS).find("a", string="CEP Events")
    assert parse_qs(urlsplit(other["href"]).query) == {
        "category": ["cep-events"],
        "type": ["news"],
        "topic": ["electronic-monitoring"],
        "year": ["2025"],
    }
    more = page.select_one("details.more-filters")
    assert more.has_attr("open")
    assert more.summary.get_text(strip=True) == "More filters"
    form = more.select_one("form.news-filters")
    assert (form["method"], form["action"]) == ("get", "/news/")
    # Applying the other filters keeps the category chosen with the chips.
    assert [(field["name"], field["value"]) for field in form.select("input[type=hidden]")] == [
        ("category", "members-news")
    ]
    assert form.find("button", type="submit").get_text(strip=True) == "Apply"
    assert page.select_one(CATEGORY_CHIPS).find("a", string="Clear filters")["href"] == "/news/"


def test_filter_form_offers_every_category_type_topic_and_the_years_with_news(client, newsroom):
    page = soup_of(client.get("/news/"))
    chips = page.select(f"{CATEGORY_CHIPS} a")
    assert [(chip.get_text(strip=True), chip["href"]) for chip in chips] == [
        ("CEP Events", "?category=cep-events"),
        ("Members' News", "?category=members-news"),
    ]
    options = {
        select["name"]: [option.get_text(strip=True) for option in select.select("option")]
        for select in page.select("details.more-filters form.news-filters select")
    }
    assert options == {
        "type": ["All types", "News", "Recap", "Vodcast episode"],
        "topic": ["All topics", "Electronic monitoring", "Radicalisation"],
        "year": ["All years", "2025", "2024"],
    }
    assert selected_filters(page) == {"Category": "", "Type": "", "Topic": "", "Year": ""}
    assert page.select("form.news-filters input[type=hidden]") == []
    assert not page.select_one("details.more-filters").has_attr("open")
    assert page.find("a", string="Clear filters") is None


def test_cards_show_a_picture_when_the_item_has_one_and_a_short_excerpt(client, make_news):
    teaser = " ".join(["Probation officers from twelve countries met in Tallinn"] * 5)
    make_news("With a picture", on=date(2025, 2, 2), teaser=teaser, listing_image=image_create("Tallinn meeting"))
    make_news("Without a picture", on=date(2025, 2, 1), teaser="Short and whole.")
    cards = {card.h3.get_text(strip=True): card for card in soup_of(client.get("/news/")).select("main .news-card")}

    picture = cards["With a picture"].select_one(".card__media picture")
    (webp,) = picture.select("source")
    assert webp["type"] == "image/webp"
    assert [entry.split()[0].split(".", 2)[2] for entry in webp["srcset"].split(", ")] == [
        "fill-400x267.format-webp.webp",
        "fill-600x400.format-webp.webp",
        "fill-800x533.format-webp.webp",
    ]
    image = picture.img
    assert image["src"].startswith("/media/images/tallinn-meeting.")
    assert image["src"].endswith(".fill-400x267.format-jpeg.jpg")
    # Decorative: the title is the link.
    assert image["alt"] == ""
    assert cards["Without a picture"].select("picture, img") == []

    excerpt = cards["With a picture"].select_one(".card__excerpt").get_text()
    assert excerpt.endswith("…")
    assert len(excerpt) <= 161
    # Cut between two words of the teaser.
    assert teaser.startswith(excerpt[:-1] + " ")
    assert cards["Without a picture"].select_one(".card__excerpt").get_text() == "Short and whole."


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
    # Choosing another category starts again at its first page.
    other = second.select_one(CATEGORY_CHIPS).find("a", string="Other")["href"]
    assert parse_qs(urlsplit(other).query) == {"category": ["other"]}
    previous_link = second.select_one(".pagination a[rel=prev]")["href"]
    assert parse_qs(urlsplit(previous_link).query) == {"category": ["reports"], "page": ["1"]}


BAD_QUERIES = {
    "unknown category": ("category=nonexistent", ALL_PUBLISHED),
    "unknown type": ("type=nonexistent", ALL_PUBLISHED),
    "unknown topic": ("topic=nonexistent", ALL_PUBLISHED),
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
    "over-long category": ("category=" + "c" * 5000, ALL_PUBLISHED),
    "over-long topic": ("topic=" + "t" * 5000, ALL_PUBLISHED),
    "NUL character": ("category=cep%00events&type=%00", ALL_PUBLISHED),
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


@pytest.mark.usefixtures("search_index")
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
