"""The bi-monthly draft: on the 1st of every second month an issue is assembled from what was published since the
last one, as a draft for editors to write the introduction, reorder, preview, test and send.

A page is in one issue: the draft leaves out what an earlier issue (sent or not) already carries, so that an item
published late in one period, or an event still upcoming, comes round again only when an editor adds it.

Run by beat (`newsletter.tasks.newsletter_issue_draft`) or by hand (`manage.py draft_newsletter_issue`).
"""

import json
import logging
import uuid
from datetime import datetime

from dateutil.relativedelta import relativedelta

from django.utils import dateformat, timezone
from django.utils.text import slugify

from wagtail.log_actions import log

from events.models import EventPage
from news.models import NewsPage
from projects.models import ProjectPage
from topics.models import ResourcePage

from .models import IssueSending, NewsletterIndexPage, NewsletterIssuePage

logger = logging.getLogger(__name__)

# What a draft covers when there is no earlier issue to start from, and how far ahead it looks for events.
DEFAULT_PERIOD = relativedelta(months=2)
EVENTS_AHEAD = relativedelta(months=2)
# The editor replaces this; the send form warns while it is still there.
INTRODUCTION_PLACEHOLDER = "Write a short introduction to this issue here: what stands out, and what is coming."


def period_start(now: datetime) -> datetime:
    """Where the last issue that went out (or is scheduled to) stopped; two months back if there is none."""
    previous = (
        NewsletterIssuePage.objects.filter(covers_until__isnull=False, covers_until__lte=now)
        .filter(
            sending__status__in=[
                IssueSending.Status.SCHEDULED,
                IssueSending.Status.SENDING,
                IssueSending.Status.SENT,
            ]
        )
        .order_by("-covers_until")
        .first()
    )
    return previous.covers_until if previous else now - DEFAULT_PERIOD


def published_between(queryset, start: datetime, end: datetime):
    return queryset.live().public().filter(first_published_at__gte=start, first_published_at__lt=end)


def pages_in_issues(index: NewsletterIndexPage) -> set[int]:
    """The pages the issues in `index` carry, in their latest version (an editor's draft included)."""
    carried = set()
    for issue in NewsletterIssuePage.objects.child_of(index):
        body = issue.get_latest_revision_as_object().body if issue.has_unpublished_changes else issue.body
        for section in body.raw_data:
            carried.update(item["value"] for item in section["value"]["pages"])
    return carried


def draft_sections(start: datetime, now: datetime, carried: set[int]) -> list[tuple[str, list]]:
    """(heading, pages) for each section of the draft, in the order the issue shows them; none of `carried`."""
    news = published_between(NewsPage.objects.all(), start, now).order_by("-date", "-first_published_at")
    events = (
        EventPage.objects.live().public().filter(end__gte=now, start__lt=now + EVENTS_AHEAD).order_by("start", "pk")
    )
    projects = published_between(ProjectPage.objects.all(), start, now).order_by("-first_published_at")
    resources = published_between(ResourcePage.objects.all(), start, now).order_by("-first_published_at")
    news, events, projects, resources = (
        queryset.exclude(pk__in=carried) for queryset in (news, events, projects, resources)
    )
    return [
        ("Latest news", list(news)),
        ("Upcoming events", list(events)),
        ("New projects and resources", [*projects, *resources]),
    ]


def section_block(heading: str, pages: list) -> dict:
    return {
        "type": "section",
        "id": str(uuid.uuid4()),
        "value": {
            "heading": heading,
            "introduction": "",
            "pages": [{"type": "item", "value": page.pk, "id": str(uuid.uuid4())} for page in pages],
        },
    }


def free_slug(index: NewsletterIndexPage, slug: str) -> str:
    taken = set(index.get_children().values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def issue_draft(now: datetime | None = None) -> NewsletterIssuePage | None:
    """Draft this month's issue, unless it exists; returns it (or None when the site has no newsletter archive).

    The draft covers what was published from where the last issue stopped until now, and the events of the next
    two months, but for what an earlier issue carries; it is saved as a revision and not published.
    """
    now = now or timezone.now()
    index = NewsletterIndexPage.objects.first()
    if index is None:
        logger.warning("No newsletter issue drafted: the site has no newsletter archive page.")
        return None
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    existing = (
        NewsletterIssuePage.objects.child_of(index)
        .filter(covers_until__gte=month_start, covers_until__lt=month_start + relativedelta(months=1))
        .first()
    )
    if existing:
        return existing

    start = period_start(now)
    title = f"Newsletter {dateformat.format(timezone.localtime(now), 'F Y')}"
    issue = NewsletterIssuePage(
        title=title,
        slug=free_slug(index, slugify(title)),
        live=False,
        introduction=f"<p>{INTRODUCTION_PLACEHOLDER}</p>",
        body=json.dumps(
            [
                section_block(heading, pages)
                for heading, pages in draft_sections(start, now, pages_in_issues(index))
                if pages
            ]
        ),
        covers_from=start,
        covers_until=now,
    )
    index.add_child(instance=issue)
    log(instance=issue, action="wagtail.create")
    issue.save_revision()
    logger.info("Drafted %s, covering %s to %s", title, start, now)
    return issue
