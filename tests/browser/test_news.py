"""The news filters in a real browser, and an axe-core audit of the news pages."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from news.models import NewsIndexPage
from tests.news.factories import NewsCategoryFactory, NewsIndexPageFactory, NewsPageFactory, NewsTypeFactory

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


@pytest.fixture
def news_on_the_live_server(demo_live_server, demo_site):
    # The demo content may bring news of its own; these tests see only what they make.
    for index in NewsIndexPage.objects.all():
        index.delete()
    index = NewsIndexPageFactory(parent=demo_site, introduction="News from CEP.")
    events = NewsCategoryFactory(name="CEP Events")
    members = NewsCategoryFactory(name="Members' News")
    news = NewsTypeFactory(name="News")
    recap = NewsTypeFactory(name="Recap")
    for title, day, categories, news_type in [
        ("Spring conference announced", date(2025, 3, 10), [events], news),
        ("Autumn conference recap", date(2024, 10, 2), [events], recap),
        ("Dutch probation joins the network", date(2025, 1, 15), [members], news),
        ("Training week in Lisbon", date(2024, 5, 6), [events, members], news),
    ]:
        NewsPageFactory(parent=index, title=title, date=day, categories=categories, news_type=news_type)
    return demo_live_server


def listed_titles(page: Page):
    return page.locator("main .news-card h3").all_inner_texts()


def test_visitor_filters_the_news_by_category_and_type_and_can_share_the_address(
    page: Page, context, news_on_the_live_server, artifacts_dir
):
    page.goto(f"{news_on_the_live_server.url}/news/")
    expect(page.locator("main .news-card")).to_have_count(4)

    # The category is a row of chips (links); the type is among the "More filters", applied with their button.
    categories = page.get_by_role("navigation", name="Filter news by category")
    categories.get_by_role("link", name="CEP Events").click()
    expect(categories.get_by_role("link", name="CEP Events")).to_have_attribute("aria-current", "true")
    expect(page.locator("main .news-card")).to_have_count(3)
    page.get_by_text("More filters", exact=True).click()
    page.get_by_label("Type", exact=True).select_option(label="News")
    page.get_by_role("button", name="Apply").click()

    expect(page.locator("main .news-card")).to_have_count(2)
    assert listed_titles(page) == ["Spring conference announced", "Training week in Lisbon"]
    expect(page.locator("main .news-card time")).to_have_text(["10 Mar 2025", "6 May 2024"])
    expect(page.get_by_role("heading", name="2 news items")).to_contain_text("category “CEP Events”, type “News”")
    query = parse_qs(urlsplit(page.url).query)
    assert query["category"] == ["cep-events"]
    assert query["type"] == ["news"]
    page.screenshot(path=artifacts_dir / "news-filtered.png", full_page=True)

    shared = context.new_page()
    shared.goto(page.url)
    expect(shared.locator("main .news-card")).to_have_count(2)
    assert listed_titles(shared) == ["Spring conference announced", "Training week in Lisbon"]
    shared_categories = shared.get_by_role("navigation", name="Filter news by category")
    expect(shared_categories.get_by_role("link", name="CEP Events")).to_have_attribute("aria-current", "true")
    expect(shared_categories.locator("[aria-current]")).to_have_count(1)
    # The more filters show open when one of them is in use.
    expect(shared.get_by_label("Type", exact=True)).to_be_visible()
    expect(shared.get_by_label("Type", exact=True)).to_have_value("news")
    expect(shared.get_by_label("Topic", exact=True)).to_have_value("")
    expect(shared.get_by_label("Year", exact=True)).to_have_value("")

    shared.get_by_role("link", name="Clear filters").click()
    expect(shared.locator("main .news-card")).to_have_count(4)
    expect(shared_categories.locator("[aria-current]")).to_have_count(0)
    expect(shared.get_by_label("Type", exact=True)).to_be_hidden()  # "More filters" closed again
    expect(shared.get_by_label("Type", exact=True)).to_have_value("")


@pytest.mark.parametrize("width", [375, 1280])
def test_news_pages_have_no_accessibility_violations(page: Page, news_on_the_live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    paths = [
        "/news/",
        "/news/?category=cep-events&type=news",
        "/news/?category=nonexistent",
        "/news/vodcast/",
        "/news/spring-conference-announced/",
    ]
    for path in paths:
        page.goto(f"{news_on_the_live_server.url}{path}")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{path} at {width}px:\n{results.generate_report()}"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width}px wide in a {width}px window"
