import pytest

from tests.topics import builders


@pytest.fixture
def home(demo_site):
    return builders.without_demo_listings(demo_site)


@pytest.fixture
def index(home):
    """Every index page a topic links to, by kind: topics, resources, expert_groups, news, projects."""
    return builders.indexes(home)
