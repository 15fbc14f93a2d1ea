"""The topic pages, resources and expert groups as a visitor sees them."""

import datetime

import pytest
from bs4 import BeautifulSoup

from wagtail.test.utils import WagtailPageTestCase

from cep_site.models import HomePage
from tests.topics import builders
from topics.models import (
    ExpertGroupIndexPage,
    ExpertGroupPage,
    ResourceIndexPage,
    ResourcePage,
    TopicIndexPage,
    TopicPage,
)

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(page, heading):
    return page.find("h2", string=heading).find_parent("section")


def titles_in(element):
    return [link.get_text(strip=True) for link in element.select("h3 a")]


class TestPageTree(WagtailPageTestCase):
    def test_topic_index_sits_under_the_home_page_and_holds_topics(self):
        self.assertCanCreateAt(HomePage, TopicIndexPage)
        self.assertAllowedParentPageTypes(TopicIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TopicIndexPage, {TopicPage})

    def test_topics_sit_only_in_the_topic_index_and_hold_nothing(self):
        self.assertCanCreateAt(TopicIndexPage, TopicPage)
        self.assertCanNotCreateAt(HomePage, TopicPage)
        self.assertAllowedParentPageTypes(TopicPage, {TopicIndexPage})
        self.assertAllowedSubpageTypes(TopicPage, set())

    def test_resource_library_sits_under_the_home_page_and_holds_resources(self):
        self.assertCanCreateAt(HomePage, ResourceIndexPage)
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})

    def test_resources_sit_only_in_the_library_and_hold_nothing(self):
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_expert_group_index_sits_under_the_home_page_and_holds_groups(self):
        self.assertCanCreateAt(HomePage, ExpertGroupIndexPage)
        self.assertAllowedParentPageTypes(ExpertGroupIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ExpertGroupIndexPage, {ExpertGroupPage})

    def test_expert_groups_sit_only_in_their_index_and_hold_nothing(self):
        self.assertCanCreateAt(ExpertGroupIndexPage, ExpertGroupPage)
        self.assertCanNotCreateAt(TopicIndexPage, ExpertGroupPage)
        self.assertAllowedParentPageTypes(ExpertGroupPage, {ExpertGroupIndexPage})
        self.assertAllowedSubpageTypes(ExpertGroupPage, set())


# ---- The topic index ----


def test_topic_index_shows_each_published_topic_with_its_short_description_and_image(client, index):
    builders.topic(
        index["topics"],
        title="Electronic monitoring",
        short_description="Tagging as an alternative to prison.",
        image=builders.image("monitoring"),
    )
    builders.topic(index["topics"], title="Radicalisation", short_description="Preventing violent extremism.")
    draft = builders.TopicPageFactory(parent=index["topics"], title="Draft topic", live=False)
    draft.save_revision()

    page = soup_of(client.get(index["topics"].url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Our priority topics"]
    assert "What CEP works on." in page.select_one(".lead").get_text()
    cards = page.select("main .topic-card")
    assert [card.select_one("h2 a").get_text() for card in cards] == ["Electronic monitoring", "Radicalisation"]
    assert cards[0].select_one("h2 a")["href"] == "/topics/electronic-monitoring/"
    assert "Tagging as an alternative to prison." in cards[0].get_text()
    assert cards[0].select_one("img")["src"].endswith(".png")
    assert cards[1].select_one("img") is None


def test_topic_index_says_so_when_there_are_no_topics(client, index):
    page = soup_of(client.get(index["topics"].url))
    assert page.select_one(".empty-state").get_text() == "No topics have been published yet."


# ---- A topic's hub ----


@pytest.fixture
def two_topics(index):
    """A topic with one of everything tagged with it, and another topic with its own."""
    topics = index["topics"]
    ours = builders.topic(
        topics,
        title="Electronic monitoring",
        slug="electronic-monitoring",
        short_description="Tagging as an alternative to prison.",
        image=builders.image("monitoring"),
    )
    theirs = builders.topic(topics, title="Radicalisation", slug="radicalisation")
    for tag, topic in [("Ours", ours), ("Theirs", theirs)]:
        builders.news_item(index["news"], [topic], title=f"{tag} news", date=datetime.date(2025, 3, 14))
        builders.project(index["projects"], [topic], title=f"{tag} project", acronym=f"{tag.upper()}P", end_date=None)
        builders.resource(
            index["resources"],
            [topic],
            title=f"{tag} report",
            resource_type="report",
            publication_date=datetime.date(2024, 11, 5),
            languages=["en", "fr"],
        )
        builders.expert_group(index["expert_groups"], [topic], title=f"{tag} expert group")
    return ours


def test_topic_page_shows_its_title_lead_and_image(client, two_topics):
    page = soup_of(client.get(two_topics.url))
    assert [h1.get_text() for h1 in page.select("h1")] == ["Electronic monitoring"]
    assert page.select_one(".lead").get_text() == "Tagging as an alternative to prison."
    assert page.select_one("img.topic-image")["alt"] == "monitoring"


def test_topic_page_lists_the_news_tagged_with_it_and_links_to_the_filtered_news(client, index, two_topics):
    news = section(soup_of(client.get(two_topics.url)), "Latest news")
    assert titles_in(news) == ["Ours news"]
    assert "14/03/2025" in news.get_text()
    link = news.find("a", string="All news on Electronic monitoring")
    assert link["href"] == f"{index['news'].url}?topic=electronic-monitoring"


def test_topic_page_lists_the_projects_tagged_with_it_and_links_to_the_filtered_projects(client, index, two_topics):
    projects = section(soup_of(client.get(two_topics.url)), "Projects")
    assert titles_in(projects) == ["Ours project"]
    assert "OURSP" in projects.get_text()
    assert "Status: Ongoing" in projects.get_text()
    link = projects.find("a", string="All projects on Electronic monitoring")
    assert link["href"] == f"{index['projects'].url}?topic=electronic-monitoring"


def test_topic_page_lists_the_resources_tagged_with_it_and_links_to_the_filtered_library(client, index, two_topics):
    resources = section(soup_of(client.get(two_topics.url)), "Resources")
    assert titles_in(resources) == ["Ours report"]
    assert "Report · 05/11/2024 · English, French" in resources.get_text(" ", strip=True)
    link = resources.find("a", string="All resources on Electronic monitoring")
    assert link["href"] == f"{index['resources'].url}?topic=electronic-monitoring"


def test_topic_page_lists_the_expert_groups_working_on_it(client, index, two_topics):
    groups = section(soup_of(client.get(two_topics.url)), "Expert groups")
    links = {link.get_text(): link["href"] for link in groups.select("li a")}
    assert links == {"Ours expert group": "/expert-groups/ours-expert-group/"}
    assert groups.find("a", string="All expert groups")["href"] == index["expert_groups"].url


def test_topic_page_shows_nothing_of_other_topics(client, two_topics):
    text = soup_of(client.get(two_topics.url)).select_one("main").get_text()
    assert "Ours news" in text
    assert "Theirs" not in text


def test_topic_page_says_honestly_that_each_section_is_empty(client, index):
    empty = builders.topic(index["topics"], title="Restorative justice")
    page = soup_of(client.get(empty.url))
    messages = {
        "Latest news": "There is no news on this topic yet.",
        "Upcoming events": "No upcoming events on this topic have been announced yet.",
        "Projects": "There are no projects on this topic yet.",
        "Resources": "There are no resources on this topic yet.",
        "Expert groups": "No expert group works on this topic yet.",
    }
    for heading, message in messages.items():
        assert section(page, heading).select_one(".empty-state").get_text() == message
    assert page.select("main a.read-more") == []


def test_topic_page_leaves_out_unpublished_items(client, index, two_topics):
    draft = builders.news_item(index["news"], [two_topics], title="Draft news")
    draft.unpublish()
    news = section(soup_of(client.get(two_topics.url)), "Latest news")
    assert titles_in(news) == ["Ours news"]


def test_topic_page_has_no_list_links_while_the_index_pages_do_not_exist(client, home):
    topic_index = builders.publish(builders.TopicIndexPageFactory(parent=home))
    topic = builders.topic(topic_index, title="Gender")
    page = soup_of(client.get(topic.url))
    assert page.select("main a.read-more") == []


# ---- Resources ----


def test_resource_page_shows_its_facts_and_each_file_with_its_language(client, index, two_topics):
    resource = ResourcePage.objects.get(title="Ours report")
    page = soup_of(client.get(resource.url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Ours report"]
    facts = page.select_one(".page-facts").get_text(" ", strip=True)
    assert "Type Report" in facts
    assert "Published 05/11/2024" in facts
    topic_links = page.select(".page-facts a")
    assert [(link.get_text(), link["href"]) for link in topic_links] == [
        ("Electronic monitoring", "/topics/electronic-monitoring/")
    ]
    files = [item.get_text(" ", strip=True) for item in page.select(".resource-downloads li")]
    size = f"{len(builders.PDF_CONTENT)}\xa0bytes"
    assert files == [f"Download in English (PDF, {size})", f"Download in French (PDF, {size})"]
    links = page.select(".resource-downloads a")
    assert [link["hreflang"] for link in links] == ["en", "fr"]
    assert all(link["href"].startswith("/documents/") for link in links)


def test_resource_file_link_downloads_the_document(client, index, two_topics):
    resource = ResourcePage.objects.get(title="Ours report")
    link = soup_of(client.get(resource.url)).select_one(".resource-downloads a")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == builders.PDF_CONTENT


# ---- Expert groups ----


def test_expert_group_page_shows_mandate_period_coordinator_topics_and_related_news(client, index, two_topics):
    group = builders.expert_group(
        index["expert_groups"],
        [two_topics],
        title="Electronic Monitoring Expert Group",
        mandate="<p>To advise CEP on <b>electronic monitoring</b>.</p>",
        period="2016 – present",
        coordinator="Jane Doe, Probation Service of the Netherlands",
    )
    page = soup_of(client.get(group.url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Electronic Monitoring Expert Group"]
    facts = page.select_one(".page-facts").get_text(" ", strip=True)
    assert "Period 2016 – present" in facts
    assert "Coordinator Jane Doe, Probation Service of the Netherlands" in facts
    assert [link["href"] for link in page.select(".page-facts a")] == ["/topics/electronic-monitoring/"]
    assert "To advise CEP on electronic monitoring." in section(page, "Mandate").get_text()
    assert titles_in(section(page, "Related news")) == ["Ours news"]


def test_expert_group_without_topics_says_there_is_no_related_news(client, index):
    group = builders.expert_group(index["expert_groups"], title="Juvenile justice network")
    page = soup_of(client.get(group.url))
    assert section(page, "Related news").select_one(".empty-state").get_text() == (
        "There is no news on this group's topics yet."
    )


def test_expert_group_index_lists_each_group_with_its_period(client, index, two_topics):
    page = soup_of(client.get(index["expert_groups"].url))
    assert [h1.get_text() for h1 in page.select("h1")] == ["Expert groups and networks"]
    cards = page.select(".expert-group-card")
    assert [card.select_one("h2 a").get_text() for card in cards] == ["Ours expert group", "Theirs expert group"]
    assert "2019 – present" in cards[0].get_text()
    assert "Electronic monitoring" in cards[0].get_text()


def test_expert_group_index_says_so_when_there_are_no_groups(client, index):
    page = soup_of(client.get(index["expert_groups"].url))
    assert page.select_one(".empty-state").get_text() == "No expert groups have been published yet."


# ---- Site search ----


def test_site_search_finds_a_resource_by_a_word_of_its_description(client, index):
    builders.resource(index["resources"], title="Probation in island states", description="Practice in Zanzibar.")
    builders.resource(index["resources"], title="Unrelated report", description="Nothing about islands.")
    results = soup_of(client.get("/search/?q=zanzibar")).select(".search-result__title a")
    assert [link.get_text() for link in results] == ["Probation in island states"]


def test_site_search_finds_a_topic_by_a_word_of_its_short_description(client, index):
    builders.topic(index["topics"], title="Islands", short_description="Probation work on Zanzibar and beyond.")
    builders.topic(index["topics"], title="Mainland", short_description="Probation work everywhere else.")
    results = soup_of(client.get("/search/?q=zanzibar")).select(".search-result__title a")
    assert [(link.get_text(), link["href"]) for link in results] == [("Islands", "/topics/islands/")]
