import pytest

from tests.factories import EventIndexPageFactory, NewsIndexPageFactory, publish


@pytest.fixture
def news_index(demo_site):
    return publish(NewsIndexPageFactory(parent=demo_site))


@pytest.fixture
def event_index(demo_site):
    return publish(EventIndexPageFactory(parent=demo_site))
