"""Read-side queries for topics: the topic list, a topic's hub, and the resource library."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model

from core.contributions import topic_hub_sections
from core.images import CARD_IMAGE, renditions
from core.languages import LANGUAGE_CHOICES
from core.listing_cache import renditions_made
from core.search import search_query_clean, search_terms
from core.visibility import public

RESOURCES_PER_PAGE = 20
HUB_ITEMS = 4


def topics_for_listing(queryset: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(*renditions(CARD_IMAGE))
    return public(queryset.live()).prefetch_related(Prefetch("image", queryset=images)).order_by("path")


def topics_for_home() -> list:
    """Every live, public topic in the tree's order, with the image its tile shows."""
    from .models import TopicPage

    topics = list(topics_for_listing(TopicPage.objects.all()))
    renditions_made([topic.image for topic in topics], CARD_IMAGE)
    return topics


def resources_for_listing(queryset: QuerySet) -> QuerySet:
    """Live, public resources, newest first, with their files and documents (as lists show them) fetched up front."""
    from .models import ResourceFile

    files = ResourceFile.objects.select_related("document").order_by("sort_order")
    return (
        public(queryset.live()).prefetch_related(Prefetch("files", queryset=files)).order_by("-publication_date", "-pk")
    )


def topic_hub(topic) -> dict:
    """Everything tagged with a topic, as each app contributes it (core.contributions): the newest of each kind, with
    a link to the full list. All evaluated, renditions included, so that it can be cached."""
    sections = topic_hub_sections([topic], limit=HUB_ITEMS)
    return {
        "sections": sections,
        "has_content": any(section.items for section in sections),
        "browse": next((section for section in sections if section.browse_label and section.index_page), None),
    }


def resource_library(index_page, request) -> dict:
    """The context of the resource library: words in the title or description, filters by type, topic and
    language, and a page of resources.

    A value that is not one of the options is ignored, like a missing one, so the form always shows
    the filters the results were chosen by (a stale link to a renamed topic lists everything).
    """
    from .models import ResourcePage, TopicPage

    topic_options = list(public(TopicPage.objects.live()).order_by("title").only("id", "title", "slug"))
    resource_type = request.GET.get("type", "")
    resource_type = resource_type if resource_type in ResourcePage.ResourceType.values else ""
    language = request.GET.get("language", "")
    language = language if language in dict(LANGUAGE_CHOICES) else ""
    topic = request.GET.get("topic", "")
    topic = topic if topic in {option.slug for option in topic_options} else ""

    query = search_query_clean(request.GET.get("q", ""))
    terms = search_terms(query)

    resources = ResourcePage.objects.child_of(index_page)
    if terms:
        # The search backend cannot filter by topic or language, so it narrows by ids and the ORM does the rest.
        matching_ids = [result.pk for result in ResourcePage.objects.child_of(index_page).live().search(terms)]
        resources = resources.filter(pk__in=matching_ids)
    if resource_type:
        resources = resources.filter(resource_type=resource_type)
    if topic:
        resources = resources.filter(topics__slug=topic)
    if language:
        resources = resources.filter(files__language=language)
    resources = resources_for_listing(ResourcePage.objects.filter(pk__in=resources.values("pk")))
    return {
        "resources_page": Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("page")),
        "filtered": bool(query or resource_type or topic or language),
        "search_query": query,
        "selected_type": resource_type,
        "selected_topic": topic,
        "selected_language": language,
        "type_options": ResourcePage.ResourceType.choices,
        "topic_options": topic_options,
        "language_options": LANGUAGE_CHOICES,
    }
