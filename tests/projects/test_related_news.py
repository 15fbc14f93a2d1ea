"""A project's page lists the news linked to it and the news on its topics."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.core.factories import publish
from tests.news.factories import NewsCategoryFactory, NewsPageFactory, NewsTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_news(news_index):
    category = NewsCategoryFactory(name="CEP members")
    news_type = NewsTypeFactory(name="News")

    def make(title, date, *, live=True, **fields):
        news = NewsPageFactory(
            parent=news_index, title=title, date=date, news_type=news_type, categories=[category], **fields
        )
        if live:
            return publish(news)
        news.live = False
        news.save()
        news.save_revision()
        return news

    return make


def related_titles(client, project):
    response = client.get(project.url)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").select_one(
        'section[aria-labelledby="project-news-heading"]'
    )
    assert section.select_one("h2").get_text() == "Related News"
    assert "Check out the latest news and updates on this project’s focus area." in section.get_text()
    return [title.get_text() for title in section.select(".news-card .card__title")]


def test_related_news_is_linked_news_and_news_on_the_projects_topics_newest_first(
    client, make_project, make_topic, make_news
):
    gender = make_topic("Gender-based violence", "gender-test")
    technology = make_topic("Technology", "technology-test")
    other = make_topic("Radicalisation", "radicalisation-test")
    project = make_project(topics=[gender, technology])
    make_news("Linked to the project", datetime.date(2026, 1, 10), related_project=project)
    make_news("On gender-based violence", datetime.date(2026, 1, 15), topics=[gender])
    # Linked and on both topics: listed once all the same.
    make_news(
        "On both topics and linked", datetime.date(2026, 1, 12), topics=[gender, technology], related_project=project
    )
    make_news("On radicalisation only", datetime.date(2026, 1, 20), topics=[other])
    make_news("A draft linked to the project", datetime.date(2026, 1, 25), live=False, related_project=project)
    make_news("A draft on technology", datetime.date(2026, 1, 26), live=False, topics=[technology])

    assert related_titles(client, project) == [
        "On gender-based violence",
        "On both topics and linked",
        "Linked to the project",
    ]


def test_related_news_card_shows_its_category_and_date(client, make_project, make_news):
    project = make_project()
    make_news("Final conference in The Hague", datetime.date(2025, 11, 6), related_project=project)
    response = client.get(project.url)
    card = BeautifulSoup(response.content, "html.parser").select_one(".news-card")
    assert card.select_one(".card__eyebrow").get_text() == "CEP members"
    assert card.select_one("time").get_text() == "6 Nov 2025"
    assert card.select_one("time")["datetime"] == "2025-11-06"
    assert card.select_one("img") is None


def test_a_project_with_no_topics_and_no_links_lists_no_news(client, make_project, make_topic, make_news):
    topic = make_topic("Technology", "technology-test")
    make_news("On technology", datetime.date(2026, 1, 15), topics=[topic])
    project = make_project()
    assert related_titles(client, project) == []
