"""Read-side queries for topics: the topic list, a topic's hub, and the resource library."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model

from cep_site.blocks import live_pages
from cep_site.languages import LANGUAGE_CHOICES
from news.queries import news_for_topics
from projects.queries import projects_for_topic

LISTING_IMAGE_SPEC = "fill-480x270"
RESOURCES_PER_PAGE = 20
HUB_ITEMS = 4


def topics_for_listing(queryset: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC)
    return queryset.live().public().prefetch_related(Prefetch("image", queryset=images)).order_by("path")


def resources_for_listing(queryset: QuerySet) -> QuerySet:
    from .models import ResourceFile

    files = ResourceFile.objects.select_related("document").order_by("sort_order")
    return (
        queryset.live()
        .public()
        .prefetch_related("topics", Prefetch("files", queryset=files))
        .order_by("-publication_date", "-pk")
    )


def topic_hub(topic) -> dict:
    """Everything tagged with a topic: the newest of each kind, with a link to the full list."""
    from .models import ResourcePage

    return {
        "news_items": news_for_topics([topic], limit=HUB_ITEMS),
        "events": live_pages("events.EventPage", limit=HUB_ITEMS, order_by=["start"], filters={"topics": topic}),
        "projects": projects_for_topic(topic, limit=HUB_ITEMS),
        "resources": list(resources_for_listing(ResourcePage.objects.filter(topics=topic))[:HUB_ITEMS]),
        "expert_groups": list(topic.expert_groups.live().public().order_by("title")),
    }


def resource_library(index_page, request) -> dict:
    """The context of the resource library: filters by type, topic and language, and a page of resources."""
    from .models import ResourcePage, TopicPage

    resource_type = request.GET.get("type", "")
    resource_type = resource_type if resource_type in ResourcePage.ResourceType.values else ""
    language = request.GET.get("language", "")
    language = language if language in dict(LANGUAGE_CHOICES) else ""
    topic = request.GET.get("topic", "").strip()[:255]

    resources = ResourcePage.objects.child_of(index_page)
    if resource_type:
        resources = resources.filter(resource_type=resource_type)
    if topic:
        resources = resources.filter(topics__slug=topic)
    if language:
        resources = resources.filter(files__language=language)
    resources = resources_for_listing(ResourcePage.objects.filter(pk__in=resources.values("pk")))
    return {
        "resources_page": Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("page")),
        "selected_type": resource_type,
        "selected_topic": topic,
        "selected_language": language,
        "type_options": ResourcePage.ResourceType.choices,
        "topic_options": TopicPage.objects.live().public().order_by("title").only("id", "title", "slug"),
        "language_options": LANGUAGE_CHOICES,
    }
