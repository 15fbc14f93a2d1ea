import pytest

from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory
from tests.news.factories import NewsIndexPageFactory


@pytest.fixture
def news_index(demo_site):
    return publish(NewsIndexPageFactory(parent=demo_site))


@pytest.fixture
def event_index(demo_site):
    return publish(EventIndexPageFactory(parent=demo_site))
