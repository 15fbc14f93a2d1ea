"""The newsletter editor's panel on the CEP dashboard (core/dashboard.py): subscribers, the last sending and its
outcome, the draft in hand and when beat drafts the next one."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.permissions import policy_registry

from core.dashboard import Cell, DashboardPanel, Figure

from .admin_sending import sending_url
from .models import Delivery, IssueSending, NewsletterIssuePage, Subscriber

RECENTLY = timedelta(days=30)


class NewsletterPanel(DashboardPanel):
    name = "cep_newsletter"
    heading = "Newsletter"
    order = 130
    columns = ("Last sending", "Status", "Sent", "Failed", "Bounced")
    empty = "No issue has been sent yet."

    def figures(self):
        subscribers_url = reverse("newsletter_subscribers:index")
        counts = Subscriber.objects.aggregate(
            confirmed=Count("pk", filter=Q(status=Subscriber.Status.CONFIRMED)),
            pending=Count("pk", filter=Q(status=Subscriber.Status.PENDING)),
            left=Count(
                "pk",
                filter=Q(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at__gte=timezone.now() - RECENTLY),
            ),
        )
        return [
            Figure(counts["confirmed"], "confirmed subscribers", f"{subscribers_url}?status=confirmed"),
            Figure(counts["pending"], "waiting to confirm", f"{subscribers_url}?status=pending"),
            Figure(counts["left"], "unsubscribed in the last 30 days", f"{subscribers_url}?status=unsubscribed"),
        ]

    def rows(self):
        sending = IssueSending.objects.select_related("issue").order_by("-send_at").first()
        if sending is None:
            return []
        progress = sending.progress()
        bounced = Delivery.objects.filter(
            issue_id=sending.issue_id, status=Delivery.Status.FAILED, subscriber__status=Subscriber.Status.BOUNCED
        ).count()
        when = date_format(timezone.localtime(sending.finished_at or sending.send_at), "j M Y, H:i")
        return [
            [
                Cell(sending.issue.title, sending_url("progress", sending.issue)),
                Cell(f"{sending.get_status_display()}, {when}"),
                Cell(str(progress["sent"])),
                Cell(str(progress["failed"])),
                Cell(str(bounced)),
            ]
        ]

    def notes(self):
        notes = []
        draft = NewsletterIssuePage.objects.filter(live=False, sending__isnull=True).order_by("-covers_until").first()
        if draft is not None:
            notes.append(Cell(f"In hand: {draft.title}", reverse("wagtailadmin_pages:edit", args=[draft.pk])))
        drafting = settings.CELERY_BEAT_SCHEDULE["draft-newsletter-issue"]["schedule"]
        now = timezone.now()
        # The estimate stops short of the minute by a fraction of a second.
        next_draft = timezone.localtime(now + drafting.remaining_estimate(now) + timedelta(seconds=30))
        notes.append(Cell(f"The next issue is drafted automatically on {date_format(next_draft, 'j F Y, H:i')}."))
        return notes

    def links(self):
        return [
            ("All subscribers", reverse("newsletter_subscribers:index")),
            ("All sendings", reverse("newsletter_sending:index")),
        ]


def newsletter_panel(request, panels) -> None:
    if policy_registry.get_by_type(Subscriber).user_has_any_permission(request.user, ["view", "change"]):
        panels.append(NewsletterPanel())
