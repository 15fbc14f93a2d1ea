"""Site search: ranking, what each result shows, the type filter and its counts, the empty page, hostile input and
the number of queries."""

import datetime
import json

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.search import SNIPPET_LENGTH, excerpt, page_snippet
from demo.site import block, paragraph
from tests.core.factories import StandardPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.helpers import page_soup
from tests.news.factories import NewsPageFactory, NewsTypeFactory
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.topics.factories import (
    ResourceIndexPageFactory,
    ResourcePageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]


def search(client, **params):
    return page_soup(client.get("/search/", params))


def titles(page):
    return [link.get_text() for link in page.select(".search-result__title a")]


def body(*texts):
    return json.dumps([block("paragraph", paragraph(text)) for text in texts])


@pytest.fixture
def sections(demo_site, news_index):
    """An index page for each type of content, and one news type."""
    return {
        "news": news_index,
        "events": EventIndexPageFactory(parent=demo_site),
        "projects": ProjectIndexPageFactory(parent=demo_site),
        "resources": ResourceIndexPageFactory(parent=demo_site),
        "topics": TopicIndexPageFactory(parent=demo_site),
        "news_type": NewsTypeFactory(name="News"),
    }


def news(sections, title, text="", **fields):
    fields.setdefault("date", datetime.date(2026, 1, 15))
    return NewsPageFactory(
        parent=sections["news"], title=title, news_type=sections["news_type"], body=body(text), **fields
    )


# ---- Ranking ----


def test_an_article_comes_before_a_landing_page_that_uses_the_word_more(client, demo_site, sections):
    # The landing pages say "Zanzibar" in their titles and introductions; the news item only once in its body,
    # so by relevance alone they would come first.
    sections["news"].title = "Zanzibar news"
    sections["news"].introduction = "Zanzibar, Zanzibar and Zanzibar: all our news from Zanzibar."
    sections["news"].save_revision().publish()
    programme = StandardPageFactory(
        parent=demo_site, title="Zanzibar programme", introduction="The Zanzibar programme, Zanzibar by Zanzibar."
    )
    StandardPageFactory(parent=programme, title="Its first year", introduction="Nothing to see here.")
    news(sections, "Mentoring on the islands", "Colleagues from Zanzibar presented their mentoring scheme.")
    StandardPageFactory(parent=demo_site, title="A page of its own", introduction="Written in Zanzibar.")

    found = titles(search(client, q="zanzibar"))

    assert sorted(found[:2]) == ["A page of its own", "Mentoring on the islands"]
    assert sorted(found[2:]) == ["Zanzibar news", "Zanzibar programme"]


def test_landing_pages_still_come_on_later_pages_of_results(client, demo_site, sections):
    sections["news"].introduction = "All our news about Zanzibar."
    sections["news"].save_revision().publish()
    for number in range(11):
        news(sections, f"Zanzibar report {number}", "Zanzibar again.")

    first, second = search(client, q="zanzibar"), search(client, q="zanzibar", page=2)

    assert len(titles(first)) == 10 and "News" not in titles(first)
    assert titles(second)[-1] == "News"
    assert second.select_one(".result-count").get_text() == "12 results for “zanzibar”"


# ---- What a result shows ----


def test_each_result_shows_its_type_its_date_and_a_snippet_with_the_words_marked(client, sections):
    news(sections, "Island mentoring", "Colleagues from Zanzibar presented their mentoring scheme.")
    # 23:30 in UTC on 1 March is 2 March in Brussels, where the event takes place.
    start = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    EventPageFactory(parent=sections["events"], title="Island webinar", start=start, summary="Live from Zanzibar.")
    ResourcePageFactory(
        parent=sections["resources"],
        title="Island report",
        publication_date=datetime.date(2025, 11, 5),
        description="Probation practice in Zanzibar.",
    )
    ProjectPageFactory(parent=sections["projects"], title="Island exchange", summary="Officers visited Zanzibar.")
    TopicPageFactory(parent=sections["topics"], title="Islands", short_description="Probation work on Zanzibar.")

    results = {
        result.select_one(".search-result__title a").get_text(): result
        for result in search(client, q="zanzibar").select("ol.search-results > li.search-result")
    }

    def meta(title):
        return results[title].select_one("p.search-result__meta").get_text()

    assert meta("Island mentoring") == "News · 15 Jan 2026"
    assert meta("Island webinar") == "Event · 2 Mar 2026"
    assert meta("Island report") == "Resource · 5 Nov 2025"
    assert meta("Island exchange") == "Project"
    assert meta("Islands") == "Topic"
    assert results["Island mentoring"].select_one(".search-result__meta time")["datetime"] == "2026-01-15"
    assert results["Island webinar"].select_one(".search-result__meta time")["datetime"] == "2026-03-02"
    snippet = results["Island mentoring"].select_one("p.search-result__snippet")
    assert snippet.get_text() == "Colleagues from Zanzibar presented their mentoring scheme."
    assert [mark.get_text() for mark in snippet.select("mark")] == ["Zanzibar"]
    assert results["Island webinar"].select_one(".search-result__snippet").decode_contents() == (
        "Live from <mark>Zanzibar</mark>."
    )


def test_the_snippet_is_about_two_lines_around_the_first_word_found(client, sections):
    before = "Probation services across Europe met to compare their practice in many fields. " * 6
    after = " Then they went home and wrote a long report about everything they had seen there." * 6
    news(sections, "A long story", before + "In Zanzibar they saw a new mentoring scheme." + after)

    snippet = search(client, q="zanzibar").select_one(".search-result__snippet")

    text = snippet.get_text()
    assert len(text) <= SNIPPET_LENGTH + 4
    assert text.startswith("… ") and text.endswith(" …")
    assert "In Zanzibar they saw a new mentoring scheme." in text
    assert [mark.get_text() for mark in snippet.select("mark")] == ["Zanzibar"]


def test_the_snippet_comes_from_the_introduction_before_the_body(client, sections):
    news(sections, "Both", "The body mentions Zanzibar too.", teaser="The teaser mentions Zanzibar first.")
    assert search(client, q="zanzibar").select_one(".search-result__snippet").get_text() == (
        "The teaser mentions Zanzibar first."
    )


def test_the_snippet_comes_from_a_project_summary_before_its_other_fields(client, sections):
    # The acronym and full name are declared before the summary in the project's search fields.
    ProjectPageFactory(
        parent=sections["projects"],
        title="Exchange",
        acronym="ZEX",
        full_name="Zanzibar probation exchange",
        summary="Officers from Zanzibar visited their colleagues.",
    )
    assert search(client, q="zanzibar").select_one(".search-result__snippet").get_text() == (
        "Officers from Zanzibar visited their colleagues."
    )


@pytest.mark.parametrize("kind", ["news", "project"])
def test_a_page_found_by_its_title_shows_the_start_of_its_introduction(client, sections, kind):
    if kind == "news":
        news(sections, "Zanzibar", "What happened on the islands.", teaser="A short summary.")
    else:
        ProjectPageFactory(
            parent=sections["projects"],
            title="Zanzibar",
            acronym="ZAN",
            full_name="An exchange",
            summary="A short summary.",
        )
    snippet = search(client, q="zanzibar").select_one(".search-result__snippet")
    assert snippet.get_text() == "A short summary."
    assert snippet.select("mark") == []


def test_every_word_searched_for_is_marked(client, sections):
    news(sections, "Two words", "Mentoring schemes in Zanzibar: mentoring works.")
    snippet = search(client, q="Zanzibar mentoring").select_one(".search-result__snippet")
    assert [mark.get_text() for mark in snippet.select("mark")] == ["Mentoring", "Zanzibar", "mentoring"]


def test_snippets_read_the_text_of_nested_blocks_and_rich_text():
    page = StandardPageFactory.build(
        title="Nested",
        introduction="",
        body=json.dumps(
            [
                block("heading", {"text": "Our aims", "level": "h2"}),
                block(
                    "bulleted_list", {"items": [{"type": "item", "value": "<p>Mentoring &amp; <b>Zanzibar</b></p>"}]}
                ),
            ]
        ),
    )
    assert page_snippet(page, "zanzibar") == "Our aims Mentoring &amp; <mark>Zanzibar</mark>"


@pytest.mark.parametrize(
    ("position", "expected_start"),
    [(0, "word0 "), (500, "… "), (995, "… ")],
    ids=["start", "middle", "end"],
)
def test_an_excerpt_is_cut_between_words(position, expected_start):
    text = " ".join(f"word{number % 10}" for number in range(200))
    cut = excerpt(text, position)
    assert cut.startswith(expected_start)
    assert len(cut) <= SNIPPET_LENGTH + 4
    assert all(word.startswith("word") for word in cut.strip("… ").split())


# ---- Type filter and counts ----


@pytest.fixture
def mixed(sections):
    for number in range(3):
        news(sections, f"Zanzibar news {number}")
    EventPageFactory(parent=sections["events"], title="Zanzibar webinar")
    ResourcePageFactory(parent=sections["resources"], title="Zanzibar report")
    return sections


def chips(page):
    return [
        (chip.contents[0].strip(), chip.select_one(".chip__count").get_text(), chip.get("aria-current"), chip["href"])
        for chip in page.select('nav.chips[aria-label="Filter results by type"] ul.chips__list > li > a.chip')
    ]


def test_type_filters_show_the_count_of_each_type_with_results(client, mixed):
    page = search(client, q="zanzibar")
    assert chips(page) == [
        ("All", "(5)", "true", "?q=zanzibar"),
        ("News", "(3)", None, "?q=zanzibar&type=news"),
        ("Events", "(1)", None, "?q=zanzibar&type=events"),
        ("Resources", "(1)", None, "?q=zanzibar&type=resources"),
    ]
    assert page.select_one("p.result-count").get_text() == "5 results for “zanzibar”"


def test_a_type_filter_shows_only_that_type_and_keeps_the_counts_of_the_others(client, mixed):
    page = search(client, q="zanzibar", type="news", page="1")
    assert sorted(titles(page)) == ["Zanzibar news 0", "Zanzibar news 1", "Zanzibar news 2"]
    assert page.select_one("p.result-count").get_text() == "3 results for “zanzibar” in News"
    assert [(label, current) for label, _count, current, _href in chips(page)] == [
        ("All", None),
        ("News", "true"),
        ("Events", None),
        ("Resources", None),
    ]
    # The filters keep the query and start again from the first page.
    assert all("page=" not in href and href.startswith("?q=zanzibar") for *_rest, href in chips(page))


def test_one_result_is_counted_in_the_singular(client, mixed):
    page = search(client, q="zanzibar", type="events")
    assert page.select_one("p.result-count").get_text() == "1 result for “zanzibar” in Events"


def test_pages_of_a_filtered_search_keep_the_filter(client, sections):
    for number in range(12):
        news(sections, f"Zanzibar news {number}")
    EventPageFactory(parent=sections["events"], title="Zanzibar webinar")
    first = search(client, q="zanzibar", type="news")
    next_link = first.select_one('a[rel="next"]')["href"]
    assert "type=news" in next_link and "page=2" in next_link
    second = page_soup(client.get("/search/" + next_link))
    assert len(titles(second)) == 2
    assert "Zanzibar webinar" not in titles(first) + titles(second)


@pytest.mark.parametrize("value", ["bogus", "NEWS", "", "news\x00", "<script>alert(1)</script>"])
def test_an_unknown_type_is_ignored(client, mixed, value):
    page = search(client, q="zanzibar", type=value)
    assert len(titles(page)) == 5
    assert page.select_one("p.result-count").get_text() == "5 results for “zanzibar”"
    assert chips(page)[0][:3] == ("All", "(5)", "true")


def test_a_type_without_results_says_so_and_links_to_all_results(client, mixed):
    page = search(client, q="zanzibar", type="projects")
    assert page.select_one("p.result-count").get_text() == "0 results for “zanzibar” in Projects"
    assert ("Projects", "(0)", "true", "?q=zanzibar&type=projects") in chips(page)
    empty = page.select_one("div.empty-state")
    assert empty.select_one("h2.empty-state__title").get_text() == "Nothing in Projects matched"
    assert empty.select_one("ul.empty-state__links a")["href"] == "?q=zanzibar"


# ---- Nothing found ----


def test_no_results_gives_spelling_tips_and_suggests_topics_and_the_news(client, sections):
    for title in ["Electronic monitoring", "Radicalisation"]:
        TopicPageFactory(parent=sections["topics"], title=title)
    page = search(client, q="xylophone")
    assert page.select_one("p.result-count").get_text() == "0 results for “xylophone”"
    assert page.select("nav.chips") == []
    empty = page.select_one("div.empty-state")
    assert empty.select_one("h2.empty-state__title").get_text() == "Nothing matched your search"
    assert "Check the spelling" in empty.select_one("p").get_text()
    assert [(link.get_text(), link["href"]) for link in empty.select("ul.empty-state__links a")] == [
        ("Electronic monitoring", "/topics/electronic-monitoring/"),
        ("Radicalisation", "/topics/radicalisation/"),
        ("Our priority topics", "/topics/"),
        ("News", "/news/"),
    ]


def test_no_results_without_topics_or_news_still_gives_the_tips(client, demo_site):
    empty = search(client, q="xylophone").select_one("div.empty-state")
    assert "Check the spelling" in empty.get_text()
    assert empty.select("ul") == []


# ---- Hostile input ----

SCRIPT = "<script>alert(1)</script>"


def test_html_in_the_query_is_shown_as_text(client, mixed):
    query = f'zanzibar"><img src=x onerror=alert(2)>{SCRIPT}'
    response = client.get("/search/", {"q": query})
    content = response.content.decode()
    assert SCRIPT not in content and "<img src=x" not in content
    page = page_soup(response)
    assert page.select_one("p.result-count").get_text() == f"0 results for “{query}”"
    assert page.select_one("input[name=q]")["value"] == query


def test_html_in_a_query_with_results_is_escaped_in_the_counts_and_the_filters(client, sections):
    # Only the words of the query are searched for (PostgreSQL would not index the words of a tag in the page).
    news(sections, "Hostile", teaser="Zanzibar: a script to alert 1 officer.")
    query = f"zanzibar {SCRIPT}"
    response = client.get("/search/", {"q": query})
    assert SCRIPT not in response.content.decode()
    page = page_soup(response)
    assert titles(page) == ["Hostile"]
    assert page.select_one("p.result-count").get_text() == f"1 result for “{query}”"
    assert chips(page)[0][3] == "?q=zanzibar+%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
    snippet = page.select_one(".search-result__snippet")
    assert snippet.decode_contents() == (
        "<mark>Zanzibar</mark>: a <mark>script</mark> to <mark>alert</mark> <mark>1</mark> officer."
    )


def test_html_in_page_content_is_shown_as_text_in_the_snippet(client, sections):
    hostile = f'{SCRIPT}<img src=x onerror="alert(2)"> Zanzibar'
    news(sections, "Plain", teaser=hostile)
    news(sections, "Rich", f"{SCRIPT} Zanzibar", teaser="Plain words.")  # typed in the editor: stored as &lt;script&gt;
    response = client.get("/search/", {"q": "zanzibar"})
    content = response.content.decode()
    assert SCRIPT not in content and 'onerror="alert(2)"' not in content
    snippets = {
        result.select_one(".search-result__title a").get_text(): result.select_one(".search-result__snippet")
        for result in page_soup(response).select(".search-result")
    }
    assert snippets["Plain"].get_text() == hostile
    assert snippets["Rich"].get_text() == f"{SCRIPT} Zanzibar"
    for snippet in snippets.values():
        assert {tag.name for tag in snippet.find_all(True)} == {"mark"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "zanzibar " * 1000},
        {"q": "zanzibar\x00"},
        {"q": "\x00", "type": "news"},
        {"q": "AND OR NOT NEAR"},
        {"q": '"" * ^ - + ( ) :'},
        {"q": "zanzibar", "type": "news", "page": "99999"},
        {"q": "zanzibar", "type": ["news", "events"]},
    ],
    ids=["very-long", "nul-byte", "nul-only-with-type", "only-operators", "only-punctuation", "far-page", "two-types"],
)
def test_junk_queries_give_a_page(client, mixed, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert page_soup(response).select_one("h1").get_text() == "Search"


@pytest.mark.postgres
def test_on_postgresql_other_forms_of_a_word_are_found_and_marked(client, sections):
    news(sections, "Annual", "The probation reports of Zanzibar were published.")
    snippet = search(client, q="report zanzibar").select_one(".search-result__snippet")
    assert [mark.get_text() for mark in snippet.select("mark")] == ["reports", "Zanzibar"]


# ---- Queries and the cache ----


def grow(sections, start, count):
    """`count` pages of each type of content, made in turn, whose titles alone hold the word searched for and whose
    other text is five words: the same relevance for all in both engines, so that the newest come first and every
    page of results has each type."""
    five = "one two three four five"
    for number in range(start, start + count):
        title = f"Zanzibar item {number:04d}"
        news(sections, title, teaser=five)
        EventPageFactory(parent=sections["events"], title=title, summary=five)
        ProjectPageFactory(
            parent=sections["projects"], title=title, acronym="one", full_name="two three", summary="four five"
        )
        ResourcePageFactory(parent=sections["resources"], title=title, description=five)
        StandardPageFactory(parent=sections["news"].get_parent(), title=title, introduction=five)


def queries_for(client, path):
    """The queries of a search that is not in the cache yet, and of the same search once it is."""
    client.get(path)  # fills the caches of routing and content types
    cache.clear()
    with CaptureQueriesContext(connection) as uncached:
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get(path).status_code == 200
    return len(uncached), len(cached), [query["sql"] for query in cached.captured_queries]


@pytest.mark.parametrize("path", ["/search/?q=zanzibar", "/search/?q=zanzibar&page=2", "/search/?q=zanzibar&type=news"])
def test_query_count_stays_the_same_as_the_content_grows(client, sections, record_property, path):
    grow(sections, 0, 2)
    uncached_with_ten, cached_with_ten, _sql = queries_for(client, path)
    grow(sections, 2, 18)
    uncached_with_hundred, cached_with_hundred, cached_sql = queries_for(client, path)
    record_property("queries", {"path": path, "10 items": uncached_with_ten, "100 items": uncached_with_hundred})
    assert uncached_with_hundred == uncached_with_ten
    assert cached_with_hundred == cached_with_ten
    # Served from the cache, the page does not search again.
    assert not [sql for sql in cached_sql if "indexentry" in sql.lower()]
