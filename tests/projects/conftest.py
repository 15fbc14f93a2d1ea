"""Projects, topics and news built for each test, beside whatever demo content the site has.

The index pages get slugs of their own, so they never clash with the demo content's pages.
"""

import pytest

from projects.models import ProjectPartner
from tests.core.factories import publish
from tests.helpers import image_create
from tests.news.factories import NewsIndexPageFactory
from tests.projects.factories import PartnerOrganisationFactory, ProjectIndexPageFactory, ProjectPageFactory
from tests.topics.factories import TopicIndexPageFactory, TopicPageFactory


@pytest.fixture
def project_index(demo_site):
    return publish(
        ProjectIndexPageFactory(
            parent=demo_site, title="Projects", slug="cep-projects", introduction="The projects CEP takes part in."
        )
    )


@pytest.fixture
def topic_index(demo_site):
    return publish(TopicIndexPageFactory(parent=demo_site, slug="project-test-topics"))


@pytest.fixture
def news_index(demo_site):
    return publish(NewsIndexPageFactory(parent=demo_site, slug="project-test-news"))


@pytest.fixture
def make_topic(topic_index):
    def make(title, slug):
        return publish(TopicPageFactory(parent=topic_index, title=title, slug=slug))

    return make


@pytest.fixture
def make_project(project_index):
    """A published project; `topics` and `partners` (organisations, in order) are set before publishing."""

    def make(*, topics=(), partners=(), **fields):
        project = ProjectPageFactory(parent=project_index, **fields)
        project.topics.set(topics)
        for position, organisation in enumerate(partners):
            project.partners.add(ProjectPartner(organisation=organisation, sort_order=position))
        return publish(project)

    return make


@pytest.fixture
def make_partner(db):
    def make(name, *, with_logo=False, **fields):
        logo = image_create(f"{name} logo", size=(300, 150)) if with_logo else None
        return PartnerOrganisationFactory(name=name, logo=logo, **fields)

    return make
