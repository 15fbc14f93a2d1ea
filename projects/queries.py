"""Read-side queries for projects: the filtered listing, and what a project's page shows.

Each goes through a fixed number of queries whatever the number of projects, partners or news:
topics, images with their renditions, and partners with their organisations and logos are fetched up front.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from wagtail.images import get_image_model

from core.images import CARD_IMAGE, LOGO_IMAGE, renditions
from core.visibility import public
from news.models import NewsPage
from news.queries import news_for_listing
from topics.models import TopicPage

from .models import ProjectPage, SocialLinkBlock

PROJECTS_PER_PAGE = 12
RELATED_NEWS_LIMIT = 6


def projects_for_listing(queryset: QuerySet) -> QuerySet:
    """Live, public projects, newest first, with their topics and listing images fetched up front."""
    images = get_image_model().objects.prefetch_renditions(*renditions(CARD_IMAGE))
    return (
        public(queryset.live())
        .prefetch_related("topics", Prefetch("image", queryset=images))
        .order_by("-start_date", "-pk")
    )


def projects_with_status(queryset: QuerySet, status: str) -> QuerySet:
    # The same rule as ProjectPage.status: completed only once the end date has passed.
    today = timezone.localdate()
    if status == ProjectPage.Status.COMPLETED:
        return queryset.filter(end_date__lt=today)
    if status == ProjectPage.Status.ONGOING:
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return queryset


def project_listing(index_page, request) -> dict:
    """The context of the project index: the filters as chosen, their options and a page of projects."""
    topic_options = list(public(TopicPage.objects.live()).order_by("title").only("id", "title", "slug"))
    status = request.GET.get("status", "")
    status = status if status in ProjectPage.Status.values else ""
    # Like an unknown status, a topic that is not one of the options is ignored, so the form always shows
    # the filters that were applied.
    topic = request.GET.get("topic", "").strip()
    topic = topic if topic in {option.slug for option in topic_options} else ""

    projects = projects_with_status(ProjectPage.objects.child_of(index_page), status)
    if topic:
        projects = projects.filter(topics__slug=topic)
    # Filter on ids, so a join through topics can never list a project twice.
    projects = projects_for_listing(ProjectPage.objects.filter(pk__in=projects.values("pk")))
    return {
        "projects_page": Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page")),
        "selected_status": status,
        "selected_topic": topic,
        "status_options": ProjectPage.Status.choices,
        "topic_options": topic_options,
    }


def projects_for_topics(topics, *, limit: int) -> list:
    """The newest projects tagged with any of the topics."""
    ids = ProjectPage.objects.filter(topics__in=list(topics)).values("pk")
    return list(projects_for_listing(ProjectPage.objects.filter(pk__in=ids))[:limit])


def project_related_news(project: ProjectPage, *, limit: int) -> list:
    """News linked to the project, or on its topics, newest first."""
    ids = (
        NewsPage.objects.filter(Q(related_project=project) | Q(topics__in=list(project.topics.all())))
        .values("pk")
        .distinct()
    )
    return list(news_for_listing(NewsPage.objects.filter(pk__in=ids))[:limit])


def project_partners(project: ProjectPage) -> list:
    """The partners in the editor's order, with their organisations and logo renditions."""
    logos = get_image_model().objects.prefetch_renditions(*renditions(LOGO_IMAGE))
    # Works on a preview too: there `partners` holds unsaved rows, and modelcluster prefetches onto them.
    return list(
        project.partners.select_related("organisation")
        .prefetch_related(Prefetch("organisation__logo", queryset=logos))
        .order_by("sort_order")
    )


def project_social_links(project: ProjectPage) -> list[dict]:
    """Each social link with its platform's name as visitors read it ("LinkedIn", not "linkedin")."""
    platform_names = dict(SocialLinkBlock().child_blocks["platform"].field.choices)
    return [
        {"name": platform_names.get(link.value["platform"], link.value["platform"]), "url": link.value["url"]}
        for link in project.social_links
    ]


def project_detail(project: ProjectPage) -> dict:
    """What a project's page shows beyond its own fields."""
    return {
        "partners": project_partners(project),
        "topics": sorted((topic for topic in project.topics.all() if topic.live), key=lambda topic: topic.title),
        "social_links": project_social_links(project),
        "related_news": project_related_news(project, limit=RELATED_NEWS_LIMIT),
    }
