"""The topic pages, resources and expert groups as a visitor sees them."""

import datetime

import pytest

from wagtail.models import Page

from home.models import HomePage
from tests.helpers import page_soup
from tests.topics import builders
from topics.models import (
    ResourcePage,
    TopicPage,
)

pytestmark = pytest.mark.django_db


def section(page, heading):
    return page.find("h2", string=heading).find_parent("section")


def titles_in(element):
    return [link.get_text(strip=True) for link in element.select("h3 a")]


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

    page = page_soup(client.get(index["topics"].url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Our priority topics"]
    assert "What CEP works on." in page.select_one(".page-hero .lede").get_text()
    cards = page.select("main .topic-card")
    assert [card.select_one("h2 a").get_text() for card in cards] == ["Electronic monitoring", "Radicalisation"]
    assert cards[0].select_one("h2 a")["href"] == "/topics/electronic-monitoring/"
    assert cards[0].select_one(".card__excerpt").get_text() == "Tagging as an alternative to prison."
    picture = cards[0].select_one("picture")
    assert [source["type"] for source in picture.select("source")] == ["image/webp"]
    assert "fill-400x267" in picture.select_one("img")["src"] and picture.select_one("img")["src"].endswith(".jpg")
    assert cards[1].select_one("img") is None


def test_topic_index_says_so_when_there_are_no_topics(client, index):
    page = page_soup(client.get(index["topics"].url))
    assert page.select_one("main .topic-card") is None
    assert page.select_one(".empty-state .empty-state__title").get_text() == "No topics have been published yet"


# ---- A topic's hub ----


@pytest.fixture(scope="module")
def shared_two_topics(shared_site, django_db_blocker):
    """The index pages and `two_topics`, built once for the module in its transaction (`shared_site`), each test
    running in a savepoint of its own inside it; their ids. Built for each test, they were most of its time."""
    home, _media = shared_site
    with django_db_blocker.unblock():
        indexes = builders.indexes(builders.without_demo_listings(HomePage.objects.get(pk=home.pk)))
        return {kind: page.pk for kind, page in indexes.items()}, two_topics_build(indexes).pk


@pytest.fixture
def two_topics(shared_two_topics):
    """A topic with one of everything tagged with it, and another topic with its own."""
    return TopicPage.objects.get(pk=shared_two_topics[1])


@pytest.fixture
def topic_indexes(shared_two_topics):
    """The index pages `two_topics` is under, by kind, as `index` gives them."""
    return {kind: Page.objects.get(pk=pk).specific for kind, pk in shared_two_topics[0].items()}


def two_topics_build(index):
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
    page = page_soup(client.get(two_topics.url))
    assert [h1.get_text() for h1 in page.select("h1")] == ["Electronic monitoring"]
    hero = page.select_one(".page-hero")
    assert hero.select_one(".eyebrow").get_text() == "Topic"
    assert hero.select_one(".lede").get_text() == "Tagging as an alternative to prison."
    # Beside the title, the picture is decorative; it is the first thing on the page, so it loads first.
    picture = hero.select_one(".page-hero__media picture img")
    assert "fill-600x400" in picture["src"]
    assert (picture["alt"], picture["fetchpriority"]) == ("", "high")


def test_topic_page_lists_the_news_tagged_with_it_and_links_to_the_filtered_news(client, topic_indexes, two_topics):
    news = section(page_soup(client.get(two_topics.url)), "Latest news")
    assert titles_in(news) == ["Ours news"]
    assert news.select_one(".news-card time").get_text() == "14 Mar 2025"
    link = news.find("a", string="All news on Electronic monitoring")
    assert link["href"] == f"{topic_indexes['news'].url}?topic=electronic-monitoring"


def test_topic_page_lists_the_projects_tagged_with_it_and_links_to_the_filtered_projects(
    client, topic_indexes, two_topics
):
    projects = section(page_soup(client.get(two_topics.url)), "Projects")
    # Project cards are titled by the acronym, as on the project index.
    assert titles_in(projects) == ["OURSP"]
    assert projects.select_one(".project-card .card__title a")["href"] == "/projects/ours-project/"
    assert projects.select_one(".project-card .label").get_text() == "Ongoing"
    link = projects.find("a", string="All projects on Electronic monitoring")
    assert link["href"] == f"{topic_indexes['projects'].url}?topic=electronic-monitoring"


def test_topic_page_lists_the_resources_tagged_with_it_and_links_to_the_filtered_library(
    client, topic_indexes, two_topics
):
    resources = section(page_soup(client.get(two_topics.url)), "Resources")
    assert [link.get_text() for link in resources.select(".download > a")] == ["Ours report"]
    assert "Report · 5 Nov 2024 · English, French" in resources.get_text(" ", strip=True)
    link = resources.find("a", string="All resources on Electronic monitoring")
    assert link["href"] == f"{topic_indexes['resources'].url}?topic=electronic-monitoring"


def test_topic_page_lists_the_expert_groups_working_on_it(client, topic_indexes, two_topics):
    groups = section(page_soup(client.get(two_topics.url)), "Expert groups")
    links = {link.get_text(): link["href"] for link in groups.select("li a.tag")}
    assert links == {"Ours expert group": "/expert-groups/ours-expert-group/"}


def test_topic_page_shows_nothing_of_other_topics(client, two_topics):
    text = page_soup(client.get(two_topics.url)).select_one("main").get_text()
    assert "Ours news" in text
    assert "Theirs" not in text


def test_topic_page_says_honestly_that_it_has_nothing_yet(client, index):
    # One empty state, not a stack of empty sections.
    empty = builders.topic(index["topics"], title="Restorative justice")
    page = page_soup(client.get(empty.url))
    assert page.select("main .topic-section") == []
    assert page.select("main nav.chips") == []
    states = page.select("main .empty-state")
    assert [state.select_one(".empty-state__title").get_text() for state in states] == [
        "Nothing on Restorative justice yet"
    ]
    assert states[0].find("a", string="read the latest news")["href"] == index["news"].url
    assert page.select("main a.more-link") == []


def test_topic_page_shows_only_the_sections_it_has_content_for(client, index):
    topic = builders.topic(index["topics"], title="Restorative justice")
    builders.news_item(index["news"], [topic], title="Mediation after prison")
    page = page_soup(client.get(topic.url))
    assert [heading.get_text() for heading in page.select("main .topic-section h2")] == ["Latest news"]
    assert [chip["href"] for chip in page.select("main nav.chips a")] == ["#topic-news-heading"]
    assert page.select("main .empty-state") == []


def test_topic_page_leaves_out_unpublished_items(client, topic_indexes, two_topics):
    draft = builders.news_item(topic_indexes["news"], [two_topics], title="Draft news")
    draft.unpublish()
    news = section(page_soup(client.get(two_topics.url)), "Latest news")
    assert titles_in(news) == ["Ours news"]


def test_topic_page_has_no_list_links_while_the_index_pages_do_not_exist(client, home):
    topic_index = builders.publish(builders.TopicIndexPageFactory(parent=home))
    topic = builders.topic(topic_index, title="Gender")
    # Items on the topic whose list pages are not (yet) published: the sections show, without a link to the list.
    news_index = builders.publish(builders.NewsIndexPageFactory(parent=home))
    project_index = builders.publish(builders.ProjectIndexPageFactory(parent=home))
    builders.news_item(news_index, [topic], title="Gender news")
    builders.project(project_index, [topic], title="Gender project", end_date=None)
    news_index.unpublish()
    project_index.unpublish()
    page = page_soup(client.get(topic.url))
    assert [heading.get_text() for heading in page.select("main .topic-section h2")] == ["Latest news", "Projects"]
    assert page.select("main a.more-link") == []


# ---- Resources ----


def test_resource_page_shows_its_facts_and_each_file_with_its_language(client, topic_indexes, two_topics):
    resource = ResourcePage.objects.get(title="Ours report")
    page = page_soup(client.get(resource.url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Ours report"]
    facts = page.select_one(".page-facts").get_text(" ", strip=True)
    assert "Type Report" in facts
    assert "Published 5 Nov 2024" in facts
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


def test_resource_file_link_downloads_the_document(client, topic_indexes, two_topics):
    resource = ResourcePage.objects.get(title="Ours report")
    link = page_soup(client.get(resource.url)).select_one(".resource-downloads a")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == builders.PDF_CONTENT


# ---- Expert groups ----


def test_expert_group_page_shows_mandate_period_coordinator_topics_and_related_news(client, topic_indexes, two_topics):
    group = builders.expert_group(
        topic_indexes["expert_groups"],
        [two_topics],
        title="Electronic Monitoring Expert Group",
        mandate="<p>To advise CEP on <b>electronic monitoring</b>.</p>",
        period="2016 – present",
        coordinator="Jane Doe, Probation Service of the Netherlands",
    )
    page = page_soup(client.get(group.url))

    assert [h1.get_text() for h1 in page.select("h1")] == ["Electronic Monitoring Expert Group"]
    facts = page.select_one(".page-facts").get_text(" ", strip=True)
    assert "Period 2016 – present" in facts
    assert "Coordinator Jane Doe, Probation Service of the Netherlands" in facts
    assert [link["href"] for link in page.select(".page-facts a")] == ["/topics/electronic-monitoring/"]
    assert "To advise CEP on electronic monitoring." in section(page, "Mandate").get_text()
    assert titles_in(section(page, "Related news")) == ["Ours news"]


def test_expert_group_without_topics_says_there_is_no_related_news(client, index):
    group = builders.expert_group(index["expert_groups"], title="Juvenile justice network")
    page = page_soup(client.get(group.url))
    assert section(page, "Related news").select_one(".empty-state").get_text() == (
        "There is no news on this group's topics yet."
    )


def test_expert_group_index_lists_each_group_with_its_period(client, topic_indexes, two_topics):
    page = page_soup(client.get(topic_indexes["expert_groups"].url))
    assert [h1.get_text() for h1 in page.select("h1")] == ["Expert groups and networks"]
    cards = page.select(".expert-group-card")
    assert [card.select_one("h2 a").get_text() for card in cards] == ["Ours expert group", "Theirs expert group"]
    assert "2019 – present" in cards[0].get_text()
    assert "Electronic monitoring" in cards[0].get_text()


def test_expert_group_index_says_so_when_there_are_no_groups(client, index):
    page = page_soup(client.get(index["expert_groups"].url))
    assert page.select_one(".empty-state").get_text() == "No expert groups have been published yet."


# ---- Site search ----


@pytest.mark.usefixtures("search_index")
def test_site_search_finds_a_resource_by_a_word_of_its_description(client, index):
    builders.resource(index["resources"], title="Probation in island states", description="Practice in Zanzibar.")
    builders.resource(index["resources"], title="Unrelated report", description="Nothing about islands.")
    results = page_soup(client.get("/search/?q=zanzibar")).select(".search-result__title a")
    assert [link.get_text() for link in results] == ["Probation in island states"]


@pytest.mark.usefixtures("search_index")
def test_site_search_finds_a_topic_by_a_word_of_its_short_description(client, index):
    builders.topic(index["topics"], title="Islands", short_description="Probation work on Zanzibar and beyond.")
    builders.topic(index["topics"], title="Mainland", short_description="Probation work everywhere else.")
    results = page_soup(client.get("/search/?q=zanzibar")).select(".search-result__title a")
    assert [(link.get_text(), link["href"]) for link in results] == [("Islands", "/topics/islands/")]
