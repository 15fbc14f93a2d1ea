"""A small newsroom under the demo home page: categories, types, topics and news items of known dates."""

from dataclasses import dataclass
from datetime import date

import pytest

from news.models import VODCAST_TYPE_SLUG, NewsCategory, NewsIndexPage, NewsType
from tests.news.factories import NewsCategoryFactory, NewsIndexPageFactory, NewsPageFactory, NewsTypeFactory
from tests.topics.factories import TopicIndexPageFactory, TopicPageFactory
from topics.models import TopicIndexPage


@pytest.fixture
def news_index(demo_site):
    # The demo content may bring news of its own as that app's seed lands; these tests count only what they make.
    for index in NewsIndexPage.objects.all():
        index.delete()
    NewsCategory.objects.all().delete()
    NewsType.objects.all().delete()
    return NewsIndexPageFactory(
        parent=demo_site,
        introduction="Updates and stories from CEP and the wider criminal justice community.",
        vodcast_introduction="Division_Y: young probation professionals talk with the people who shape probation.",
    )


@pytest.fixture
def topic_index(demo_site):
    return TopicIndexPage.objects.first() or TopicIndexPageFactory(parent=demo_site)


@pytest.fixture
def make_news(news_index):
    """A published news item under the news index; categories, topics and type are given as objects."""

    def make(title, *, on, categories=(), news_type=None, topics=(), **fields):
        return NewsPageFactory(
            parent=news_index,
            title=title,
            date=on,
            categories=list(categories),
            topics=list(topics),
            news_type=news_type or NewsTypeFactory(name="News"),
            **fields,
        )

    return make


@dataclass
class Newsroom:
    index: NewsIndexPage
    events: NewsCategory
    members: NewsCategory
    news: NewsType
    recap: NewsType
    vodcast: NewsType
    monitoring: object
    radicalisation: object
    items: dict


@pytest.fixture
def newsroom(news_index, topic_index, make_news):
    """Five published items over two years, and one draft that must never be seen."""
    events = NewsCategoryFactory(name="CEP Events")
    members = NewsCategoryFactory(name="Members' News")
    news = NewsTypeFactory(name="News")
    recap = NewsTypeFactory(name="Recap")
    vodcast = NewsTypeFactory(name="Vodcast episode", slug=VODCAST_TYPE_SLUG)
    monitoring = TopicPageFactory(parent=topic_index, title="Electronic monitoring", slug="electronic-monitoring")
    radicalisation = TopicPageFactory(parent=topic_index, title="Radicalisation", slug="radicalisation")
    items = {
        "spring": make_news(
            "Spring conference announced",
            on=date(2025, 3, 10),
            categories=[events],
            news_type=news,
            topics=[monitoring],
        ),
        "dutch": make_news(
            "Dutch probation joins the network",
            on=date(2025, 1, 15),
            categories=[members],
            news_type=news,
            topics=[monitoring, radicalisation],
        ),
        "episode_4": make_news(
            "Division_Y episode 4",
            on=date(2024, 11, 20),
            categories=[events, members],
            news_type=vodcast,
            series="Division_Y",
            episode_number=4,
            guest="Anna Novak, probation officer",
        ),
        "recap": make_news(
            "Autumn conference recap",
            on=date(2024, 10, 2),
            categories=[events],
            news_type=recap,
            topics=[radicalisation],
        ),
        "episode_3": make_news(
            "Division_Y episode 3",
            on=date(2024, 12, 5),
            categories=[members],
            news_type=vodcast,
            series="Division_Y",
            episode_number=3,
            guest="Jonas Berg, researcher",
        ),
        "draft": make_news(
            "Unannounced summer school",
            on=date(2025, 4, 1),
            categories=[events],
            news_type=news,
            topics=[monitoring],
            live=False,
        ),
    }
    return Newsroom(news_index, events, members, news, recap, vodcast, monitoring, radicalisation, items)
