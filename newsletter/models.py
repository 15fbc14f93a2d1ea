"""The bi-monthly newsletter: subscribers with their consent record, issues as pages, and one delivery row per
recipient so that each issue reaches each confirmed subscriber exactly once (docs/delivery.md)."""

import secrets

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.models import BasePage, IndexPage
from core.outbox import OutboxMessage

from .blocks import IssueStreamBlock
from .panels import IssueSendingPanel


class Subscriber(models.Model):
    """An address that signed up, and the proof of its consent: what it was shown, when, and from where."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"

    email = models.EmailField("e-mail address")
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    # The key in the subscriber's unsubscribe links; confirmation links are signed separately and expire.
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    source = models.CharField(max_length=200, blank=True, help_text="Where the address came from, e.g. an import.")
    consent_text = models.TextField(blank=True, help_text="The consent wording the person was shown.")
    consent_version = models.CharField(max_length=40, blank=True)
    signed_up_at = models.DateTimeField(default=timezone.now)
    signed_up_ip = models.GenericIPAddressField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounce_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "newsletter subscriber"
        ordering = ["email"]
        # The whole list of addresses leaving the site: a permission of its own, not part of "view" (core/roles.py).
        permissions = [("export_subscriber", "Can export the subscriber list")]
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")]
        indexes = [models.Index(fields=["status", "signed_up_at"], name="newsletter_subscriber_status")]

    def __str__(self):
        return self.email


ISSUES_PER_PAGE = 12


class NewsletterIndexPage(RoutablePageMixin, IndexPage):
    """The public archive of the issues that were sent, with an RSS feed."""

    subpage_types = ["newsletter.NewsletterIssuePage"]

    class Meta:
        verbose_name = "newsletter archive"

    def sent_issues(self):
        """Issues that went out to subscribers, newest first. Publishing alone does not put an issue here: an
        issue is published when its sending starts, and listed once its sending has finished."""
        return (
            NewsletterIssuePage.objects.child_of(self)
            .live()
            .public()
            .filter(sending__status=IssueSending.Status.SENT)
            .select_related("sending")
            .order_by("-sending__started_at", "-pk")
        )

    def feed_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("feed")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues_page"] = Paginator(self.sent_issues(), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
        context["feed_url"] = self.feed_url(request)
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import IssueFeed

        return IssueFeed()(request, index_page=self)


class NewsletterIssuePage(BasePage):
    """One issue: a page, so editors get drafts, preview, revisions and the archive from Wagtail itself."""

    introduction = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A few sentences above the sections, in the e-mail and on the web page.",
    )
    body = StreamField(IssueStreamBlock(), blank=True, help_text="The issue's sections, top to bottom.")
    # Covers what was published after this moment; the next draft starts where this one ends.
    covers_from = models.DateTimeField(null=True, blank=True, editable=False)
    covers_until = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *BasePage.content_panels,
        IssueSendingPanel(heading="Sending"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []
    # "E-mail" shows the message as subscribers will get it (newsletter/email/issue.html), from the unsaved edits.
    preview_modes = [("", "Web"), ("email", "E-mail")]

    class Meta:
        verbose_name = "newsletter issue"

    def get_context(self, request, *args, **kwargs):
        from .rendering import issue_blocks

        context = super().get_context(request, *args, **kwargs)
        context["blocks"] = issue_blocks(self)
        context["sending"] = IssueSending.objects.filter(issue_id=self.pk, status=IssueSending.Status.SENT).first()
        return context

    def serve_preview(self, request, mode_name):
        if mode_name == "email":
            from .rendering import UNSUBSCRIBE_PLACEHOLDER, issue_render

            _subject, html, _text = issue_render(self)
            return HttpResponse(html.replace(UNSUBSCRIBE_PLACEHOLDER, "#unsubscribe"))
        return super().serve_preview(request, mode_name)


class IssueSending(models.Model):
    """The sending of one issue: rendered once, then a delivery row per confirmed subscriber."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        # Staff paused it part way: workers claim none of its rows until it is resumed (newsletter.sending).
        PAUSED = "paused", "Paused"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    issue = models.OneToOneField(NewsletterIssuePage, on_delete=models.CASCADE, related_name="sending")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    send_at = models.DateTimeField(default=timezone.now, help_text="When to start sending.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # The issue as rendered when sending began; only the unsubscribe link differs per recipient.
    subject = models.CharField(max_length=255, blank=True)
    html = models.TextField(blank=True)
    text = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "issue sending"

    def __str__(self):
        return f"Sending of {self.issue}"

    def progress(self) -> dict:
        """How many of the issue's deliveries are queued, deferred (queued after a passing refusal, or waiting out
        the server's trouble), sending, sent, failed, or skipped (the subscriber left between the start and their
        turn), and when the next deferred one is tried; two queries whatever the number of subscribers."""
        deliveries = Delivery.objects.filter(issue_id=self.issue_id).order_by()
        counts = dict(deliveries.values_list("status").annotate(count=Count("pk")))
        deferred, skipped = Delivery.deferred_filter(), Delivery.skipped_filter()
        apart = deliveries.aggregate(
            deferred=Count("pk", filter=deferred),
            skipped=Count("pk", filter=skipped),
            next_try=Min("lease_expires_at", filter=deferred),
        )
        progress = {status: counts.get(status, 0) for status in Delivery.Status.values}
        progress["queued"] -= apart["deferred"]
        progress["failed"] -= apart["skipped"]
        progress.update(apart)
        progress["total"] = sum(counts.values())
        progress["done"] = progress["sent"] + progress["failed"] + progress["skipped"]
        return progress


class Delivery(OutboxMessage):
    """One issue to one subscriber, sent exactly once."""

    send_task = "newsletter.tasks.issue_deliveries_send"

    # The error of a row not sent because its subscriber had left (unsubscribed, bounced) when its turn came.
    SKIPPED_PREFIX = "Not sent: subscriber "

    issue = models.ForeignKey(NewsletterIssuePage, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        verbose_name = "newsletter delivery"
        verbose_name_plural = "newsletter deliveries"
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")]
        indexes = [
            models.Index(fields=["status", "lease_expires_at"], name="newsletter_delivery_queue"),
            # A complaint or a report without the return path's token names its delivery by Message-ID.
            models.Index(fields=["message_id"], name="newsletter_delivery_message"),
        ]

    def __str__(self):
        return f"{self.issue} to subscriber {self.subscriber_id}"

    @classmethod
    def send_batch_size(cls) -> int:
        return settings.NEWSLETTER_BATCH_SIZE

    @classmethod
    def sendable(cls, queryset: models.QuerySet) -> models.QuerySet:
        # Not a join: the claim locks the rows it reads (FOR UPDATE), and must not lock the sending's row too.
        paused = IssueSending.objects.filter(issue_id=OuterRef("issue_id"), status=IssueSending.Status.PAUSED)
        return queryset.filter(~Exists(paused))

    @staticmethod
    def deferred_filter() -> Q:
        """Queued rows that were tried and refused for a passing reason, or wait for a server that struggled."""
        return Q(status=Delivery.Status.QUEUED) & (Q(attempts__gt=0) | Q(lease_expires_at__gt=timezone.now()))

    @staticmethod
    def skipped_filter() -> Q:
        return Q(status=Delivery.Status.FAILED, error__startswith=Delivery.SKIPPED_PREFIX)


class FeedbackEvent(models.Model):
    """A report that an issue did not reach a subscriber (a bounce) or that they called it spam (a complaint),
    from the mail server at sending, the bounce mailbox or a provider's webhook (newsletter.feedback)."""

    class Kind(models.TextChoices):
        HARD = "hard", "Hard bounce"
        SOFT = "soft", "Soft bounce"
        COMPLAINT = "complaint", "Complaint"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="feedback_events")
    # Null when the report named the address but not the message, or the delivery was deleted with its issue.
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_events"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # "smtp" (refused at sending), "mailbox" (a report read from the bounce mailbox), "webhook:<provider>".
    source = models.CharField(max_length=40)
    status_code = models.CharField(max_length=20, blank=True, help_text="e.g. 5.1.1, or the SMTP reply code.")
    diagnostic = models.TextField(blank=True, help_text="What the receiving server said.")
    occurred_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)
    # What makes a report the same report when it arrives twice (a mailbox read again, a webhook retried).
    key = models.CharField(max_length=255, unique=True)

    class Meta:
        verbose_name = "bounce or complaint"
        verbose_name_plural = "bounces and complaints"
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["subscriber", "kind", "occurred_at"], name="newsletter_feedback_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} of subscriber {self.subscriber_id}"


class UnprocessedFeedback(models.Model):
    """Mail from the bounce mailbox that could not be read as a report of a known subscriber, kept whole for staff."""

    received_at = models.DateTimeField(default=timezone.now)
    sender = models.CharField(max_length=255, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=255, help_text="Why it was not understood.")
    raw = models.BinaryField(help_text="The message as it arrived.")
    # A digest of `raw`: the same mail read twice is kept once.
    key = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "unprocessed feedback mail"
        verbose_name_plural = "unprocessed feedback mail"
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.subject or f"Mail of {self.received_at:%Y-%m-%d %H:%M}"

    def text(self) -> str:
        return bytes(self.raw).decode("utf-8", errors="replace")
