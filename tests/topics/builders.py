"""Topic, resource and expert group content for tests, built with the factories and published."""

import io

from PIL import Image as PillowImage

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from news.models import NewsIndexPage
from projects.models import ProjectIndexPage
from tests.core.factories import publish
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.topics.factories import (
    ExpertGroupIndexPageFactory,
    ExpertGroupPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)
from topics.models import ExpertGroupIndexPage, ResourceFile, ResourceIndexPage, TopicIndexPage

PDF_CONTENT = b"%PDF-1.4 a CEP publication"


def without_demo_listings(home):
    """The home page without the demo's index pages of the kinds a topic gathers: tests build their own."""
    for model in (TopicIndexPage, ResourceIndexPage, ExpertGroupIndexPage, NewsIndexPage, ProjectIndexPage):
        for page in model.objects.child_of(home):
            page.delete()
    return home


def image(title, size=(800, 450)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (0, 51, 153)).save(buffer, format="PNG")
    return get_image_model().objects.create(title=title, file=ContentFile(buffer.getvalue(), name=f"{title}.png"))


def document(name, content=PDF_CONTENT):
    return get_document_model().objects.create(title=name, file=ContentFile(content, name=name))


def indexes(home):
    return {
        "topics": publish(TopicIndexPageFactory(parent=home, introduction="What CEP works on.")),
        "resources": publish(ResourceIndexPageFactory(parent=home, introduction="Reports, leaflets, guidelines.")),
        "expert_groups": publish(ExpertGroupIndexPageFactory(parent=home, introduction="Members at work.")),
        "news": publish(NewsIndexPageFactory(parent=home)),
        "projects": publish(ProjectIndexPageFactory(parent=home)),
    }


def topic(parent, **kwargs):
    return publish(TopicPageFactory(parent=parent, **kwargs))


def news_item(parent, topics=(), **kwargs):
    return publish(NewsPageFactory(parent=parent, topics=list(topics), **kwargs))


def project(parent, topics=(), **kwargs):
    return publish(ProjectPageFactory(parent=parent, topics=list(topics), **kwargs))


def expert_group(parent, topics=(), **kwargs):
    return publish(ExpertGroupPageFactory(parent=parent, topics=list(topics), **kwargs))


def resource(parent, topics=(), languages=("en",), **kwargs):
    page = ResourcePageFactory(parent=parent, topics=list(topics), **kwargs)
    for language in languages:
        ResourceFile.objects.create(resource=page, language=language, document=document(f"{page.slug}-{language}.pdf"))
    return publish(page)
