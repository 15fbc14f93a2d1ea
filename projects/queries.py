"""Read-side queries for projects: the filtered listing and a project's related news."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from wagtail.images import get_image_model

from news.models import NewsPage
from news.queries import news_for_listing

from .models import ProjectPage

LISTING_IMAGE_SPEC = "fill-480x270"
PROJECTS_PER_PAGE = 12


def projects_for_listing(queryset: QuerySet) -> QuerySet:
    """Live, public projects, newest first, with their topics and listing images fetched up front."""
    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC)
    return (
        queryset.live()
        .public()
        .prefetch_related("topics", Prefetch("image", queryset=images))
        .order_by("-start_date", "-pk")
    )


def projects_with_status(queryset: QuerySet, status: str) -> QuerySet:
    today = timezone.localdate()
    if status == ProjectPage.Status.COMPLETED:
        return queryset.filter(end_date__lt=today)
    if status == ProjectPage.Status.ONGOING:
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return queryset


def project_listing(index_page, request) -> dict:
    """The context of the project index: the filters as chosen, their options and a page of projects."""
    from topics.models import TopicPage

    status = request.GET.get("status", "")
    status = status if status in ProjectPage.Status.values else ""
    topic = request.GET.get("topic", "").strip()[:255]
    projects = projects_with_status(ProjectPage.objects.child_of(index_page), status)
    if topic:
        projects = projects.filter(topics__slug=topic)
    return {
        "projects_page": Paginator(projects_for_listing(projects), PROJECTS_PER_PAGE).get_page(request.GET.get("page")),
        "selected_status": status,
        "selected_topic": topic,
        "status_options": ProjectPage.Status.choices,
        "topic_options": TopicPage.objects.live().public().order_by("title").only("id", "title", "slug"),
    }


def projects_for_topic(topic, *, limit: int) -> list:
    return list(projects_for_listing(ProjectPage.objects.filter(topics=topic))[:limit])


def project_related_news(project: ProjectPage, *, limit: int) -> list:
    """News linked to the project, or on its topics, newest first."""
    ids = (
        NewsPage.objects.filter(Q(related_project=project) | Q(topics__in=list(project.topics.all())))
        .values("pk")
        .distinct()
    )
    return list(news_for_listing(NewsPage.objects.filter(pk__in=ids))[:limit])
