import pytest

from tests.news.factories import NewsIndexPageFactory


@pytest.fixture
def news_index(demo_site):
    return NewsIndexPageFactory(parent=demo_site)
