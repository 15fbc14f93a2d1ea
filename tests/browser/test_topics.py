"""A topic's hub in a real browser: what is tagged with it, and the way on to the full, filtered lists."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import AXE_OPTIONS
from tests.topics import builders

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def topic(demo_live_server, demo_site):
    """A topic with one news item, project, resource and expert group tagged with it."""
    index = builders.indexes(builders.without_demo_listings(demo_site))
    topic = builders.topic(
        index["topics"],
        title="Electronic monitoring",
        slug="electronic-monitoring",
        short_description="Tagging as an alternative to prison.",
    )
    builders.news_item(index["news"], [topic], title="Monitoring in the Baltic states")
    builders.project(index["projects"], [topic], title="Monitoring across borders", acronym="MAB")
    builders.resource(index["resources"], [topic], title="Monitoring handbook", languages=["en", "fr"])
    builders.expert_group(index["expert_groups"], [topic], title="Electronic Monitoring Expert Group")
    return topic


def open_topic(page: Page, live_server, topic):
    page.goto(f"{live_server.url}{topic.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Electronic monitoring")


def test_topic_page_shows_one_item_of_every_kind_tagged_with_it(page: Page, demo_live_server, topic):
    open_topic(page, demo_live_server, topic)
    for heading, item in [
        ("Latest news", "Monitoring in the Baltic states"),
        ("Projects", "MAB"),  # a project card's title is its acronym
        ("Resources", "Monitoring handbook"),
        ("Expert groups", "Electronic Monitoring Expert Group"),
    ]:
        section = page.get_by_role("region", name=heading)
        expect(section.get_by_role("link", name=item)).to_be_visible()
    # A kind with nothing tagged is left out, from the sections and from the "In this topic" chips above them.
    expect(page.get_by_role("region", name="Upcoming events")).to_have_count(0)
    in_this_topic = page.get_by_role("navigation", name="In this topic")
    expect(in_this_topic.get_by_role("link")).to_have_text(["News", "Projects", "Resources", "Expert groups"])


def test_all_news_on_the_topic_opens_the_news_index_filtered_by_it(page: Page, demo_live_server, topic):
    open_topic(page, demo_live_server, topic)
    page.get_by_role("link", name="All news on Electronic monitoring").click()
    expect(page).to_have_url(re.compile(r"/news/\?topic=electronic-monitoring$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("News")
    expect(page.get_by_role("link", name="Monitoring in the Baltic states")).to_be_visible()


def test_all_resources_on_the_topic_opens_the_library_with_the_topic_chosen(page: Page, demo_live_server, topic):
    open_topic(page, demo_live_server, topic)
    page.get_by_role("link", name="All resources on Electronic monitoring").click()
    expect(page).to_have_url(re.compile(r"/resources/\?topic=electronic-monitoring$"))
    expect(page.get_by_label("Topic")).to_have_value("electronic-monitoring")
    expect(page.get_by_role("link", name="Monitoring handbook", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Download Monitoring handbook (French, PDF)")).to_be_visible()


def test_topic_resource_and_expert_group_pages_have_no_accessibility_violations(page: Page, demo_live_server, topic):
    axe = Axe()
    for path in [
        "/topics/",
        topic.url,
        "/resources/?topic=electronic-monitoring&language=xx",
        "/resources/monitoring-handbook/",
        "/expert-groups/",
        "/expert-groups/electronic-monitoring-expert-group/",
    ]:
        page.goto(f"{demo_live_server.url}{path}")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{path}:\n{results.generate_report()}"
