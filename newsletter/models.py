"""The bi-monthly newsletter: subscribers with their consent record, issues as pages, and one delivery row per
recipient so that each issue reaches each confirmed subscriber exactly once (docs/delivery.md)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cep_site.models import BasePage, IndexPage
from cep_site.outbox import OutboxMessage

from .blocks import IssueStreamBlock


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
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")]
        indexes = [models.Index(fields=["status", "signed_up_at"], name="newsletter_subscriber_status")]

    def __str__(self):
        return self.email


class NewsletterIndexPage(RoutablePageMixin, IndexPage):
    """The public archive of the issues that were sent, with an RSS feed."""

    subpage_types = ["newsletter.NewsletterIssuePage"]

    class Meta:
        verbose_name = "newsletter archive"


class NewsletterIssuePage(BasePage):
    """One issue: a page, so editors get drafts, preview, revisions and the archive from Wagtail itself."""

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = StreamField(IssueStreamBlock(), blank=True, help_text="The issue's sections, top to bottom.")
    # Covers what was published after this moment; the next draft starts where this one ends.
    covers_from = models.DateTimeField(null=True, blank=True, editable=False)
    covers_until = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "newsletter issue"


class IssueSending(models.Model):
    """The sending of one issue: rendered once, then a delivery row per confirmed subscriber."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
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


class Delivery(OutboxMessage):
    """One issue to one subscriber, sent exactly once."""

    issue = models.ForeignKey(NewsletterIssuePage, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        verbose_name = "newsletter delivery"
        verbose_name_plural = "newsletter deliveries"
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="newsletter_delivery_queue")]

    def __str__(self):
        return f"{self.issue} to subscriber {self.subscriber_id}"
