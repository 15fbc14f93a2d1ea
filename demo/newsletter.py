"""Demo content for the newsletter: the public archive and one past issue, sent in September 2026.

The issue is made of the demo's own news, events and projects, and marked sent (an `IssueSending` with no
deliveries: nobody received it on a new install). There are no demo subscribers.
"""

import datetime
import json
import uuid
import zoneinfo

from demo.site import paragraph, publish_child
from newsletter.models import IssueSending, NewsletterIndexPage, NewsletterIssuePage
from newsletter.rendering import issue_render

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")

ARCHIVE_INTRODUCTION = (
    "Every two months the CEP newsletter brings the latest news from probation in Europe, the events coming up and "
    "the new projects and resources. Here are the issues sent so far."
)

PAST_ISSUE = {
    "title": "Newsletter September 2026",
    "slug": "newsletter-september-2026",
    "introduction": [
        "Welcome back after the summer. In this issue: the recap of our expert workshop on the Framework "
        "Decisions, a new episode of our vodcast, and the webinars of the autumn.",
        "As always, we are glad to hear from you: reply to this e-mail with your news for the next issue.",
    ],
    "covers_from": datetime.datetime(2026, 7, 1, 6, 0, tzinfo=datetime.UTC),
    "covers_until": datetime.datetime(2026, 9, 1, 6, 0, tzinfo=datetime.UTC),
    "sent_at": datetime.datetime(2026, 9, 3, 10, 0, tzinfo=BRUSSELS),
}


def pages_block(heading, pages):
    return {
        "type": "section",
        "id": str(uuid.uuid4()),
        "value": {
            "heading": heading,
            "introduction": "",
            "pages": [{"type": "item", "value": page.pk, "id": str(uuid.uuid4())} for page in pages],
        },
    }


def past_issue_body():
    """The demo's newest news, the events after the issue went out, and two projects."""
    from events.models import EventPage
    from news.models import NewsPage
    from projects.models import ProjectPage

    sections = [
        ("Latest news", NewsPage.objects.live().order_by("-date", "-pk")[:4]),
        ("Upcoming events", EventPage.objects.live().filter(start__gte=PAST_ISSUE["sent_at"]).order_by("start")[:3]),
        ("New projects and resources", ProjectPage.objects.live().order_by("-start_date")[:2]),
    ]
    return json.dumps([pages_block(heading, list(pages)) for heading, pages in sections if pages])


def past_issue_load(index, stdout):
    issue = NewsletterIssuePage.objects.child_of(index).filter(slug=PAST_ISSUE["slug"]).first()
    if issue is None:
        issue = publish_child(
            index,
            NewsletterIssuePage(
                title=PAST_ISSUE["title"],
                slug=PAST_ISSUE["slug"],
                search_description="The recap of our expert workshop on the Framework Decisions, a new vodcast "
                "episode and the webinars of the autumn.",
                introduction="".join(paragraph(text) for text in PAST_ISSUE["introduction"]),
                body=past_issue_body(),
                covers_from=PAST_ISSUE["covers_from"],
                covers_until=PAST_ISSUE["covers_until"],
            ),
        )
        stdout.write(f"Created the newsletter issue {issue.title}.")
    if not IssueSending.objects.filter(issue=issue).exists():
        subject, html, text = issue_render(issue)
        sent_at = PAST_ISSUE["sent_at"]
        IssueSending.objects.create(
            issue=issue,
            status=IssueSending.Status.SENT,
            send_at=sent_at,
            requested_at=sent_at,
            started_at=sent_at,
            finished_at=sent_at + datetime.timedelta(minutes=4),
            subject=subject,
            html=html,
            text=text,
        )
    return issue


def load(home, stdout):
    index = NewsletterIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home, NewsletterIndexPage(title="Newsletter", slug="newsletter", introduction=ARCHIVE_INTRODUCTION)
        )
        stdout.write("Created the newsletter archive.")
    past_issue_load(index, stdout)
    return index
