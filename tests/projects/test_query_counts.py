"""The project index and a project's page make as many queries with a lot to show as with a little."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import ProjectPartner
from tests.core.factories import publish
from tests.helpers import image_create
from tests.news.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # the first request makes the renditions and fills Wagtail's per-site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_the_project_index_makes_as_many_queries_for_100_projects_as_for_10(client, make_project, make_topic):
    topics = [make_topic(f"Topic {number}", f"query-count-topic-{number}") for number in range(4)]

    def add_projects(first, last):
        for number in range(first, last):
            make_project(
                acronym=f"P{number}",
                image=image_create(f"Project picture {number}", size=(480, 270)),
                topics=[topics[number % 4], topics[(number + 1) % 4]],
            )

    add_projects(0, 10)
    with_10 = queries_for(client, "/cep-projects/")
    add_projects(10, 100)
    assert queries_for(client, "/cep-projects/") == with_10
    assert queries_for(client, f"/cep-projects/?topic={topics[0].slug}&status=ongoing&page=2") == with_10


def test_a_project_page_makes_as_many_queries_for_20_partners_and_news_as_for_3(
    client, make_project, make_topic, make_partner, news_index
):
    topic = make_topic("Technology", "query-count-technology")
    project = make_project(topics=[topic])

    def add(first, last):
        for number in range(first, last):
            partner = make_partner(f"Partner {number}", with_logo=True, website=f"https://partner-{number}.example/")
            project.partners.add(ProjectPartner(organisation=partner, sort_order=number))
            news = NewsPageFactory(
                parent=news_index,
                title=f"News {number}",
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
                related_project=project if number % 2 else None,
                topics=[] if number % 2 else [topic],
            )
            publish(news)
        publish(project)

    add(0, 3)
    with_3 = queries_for(client, project.url)
    add(3, 20)
    assert project.partners.count() == 20
    assert queries_for(client, project.url) == with_3
