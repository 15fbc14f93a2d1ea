"""Sending an issue, exactly once to each confirmed subscriber, through the outbox (core.outbox, docs/delivery.md).

1. `sending_start` records the editor's "send now" or "send at" as the issue's one `IssueSending`;
2. when it is due (at once, or `sendings_start_due` every minute), `deliveries_create` publishes the issue's latest
   revision, renders it once and bulk-creates one `Delivery` per confirmed subscriber; `deliveries_dispatch` wakes
   workers with batches of ids after commit;
3. `deliveries_send` (the worker) claims what is still queued, skips subscribers who left since, sends the rest
   over one SMTP connection and marks the sending sent when no row is left to send;
4. the outbox's sweep (core.tasks.outbox_sweep, every minute) requeues rows of dead workers and wakes workers for
   every row due; `sendings_finish` (every minute, with the scheduled starts) closes sendings with nothing left.

Workers send no faster than NEWSLETTER_SEND_RATE_PER_MINUTE, all of them together (core.send_rate). Staff may pause
a sending under way (`sending_pause`): its rows are claimed by no worker (`Delivery.sendable`), and a batch being
sent stops within a second, its untried rows back in the queue; `sending_resume` wakes workers for what is left.
"""

import logging
import time
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from wagtail.log_actions import log

from core import mail, outbox
from core.send_rate import SendRate

from . import feedback
from .messages import IssueMessages, issue_message
from .models import Delivery, IssueSending, NewsletterIssuePage, Subscriber
from .rendering import issue_render, newsletter_settings

__all__ = [
    "deliveries_create",
    "deliveries_dispatch",
    "deliveries_send",
    "deliveries_send_queued",
    "issue_render",
    "sending_cancel",
    "sending_pause",
    "sending_resume",
    "sending_start",
    "sendings_finish",
    "sendings_start_due",
    "test_send",
]

logger = logging.getLogger(__name__)

TEST_SEND_MAX_ADDRESSES = 10
TEST_SUBJECT_PREFIX = "[Test] "
TEST_KIND = "newsletter.test"
OPEN_STATUSES = (Delivery.Status.QUEUED, Delivery.Status.SENDING)


def batch_size() -> int:
    return Delivery.send_batch_size()


# --- Starting -------------------------------------------------------------------------------------------------


def sending_start(issue: NewsletterIssuePage, *, by, send_at: datetime | None = None) -> IssueSending:
    """Send `issue` now (`send_at` None or past) or at `send_at`. Asking again does nothing and returns the sending
    there is, unless it was cancelled: then this one replaces it."""
    now = timezone.now()
    with transaction.atomic():
        sending, created = IssueSending.objects.select_for_update().get_or_create(
            issue_id=issue.pk, defaults={"send_at": send_at or now, "requested_by": by, "requested_at": now}
        )
        if not created:
            if sending.status != IssueSending.Status.CANCELLED:
                return sending
            sending.status = IssueSending.Status.SCHEDULED
            sending.send_at, sending.requested_by, sending.requested_at = send_at or now, by, now
            sending.save(update_fields=["status", "send_at", "requested_by", "requested_at"])
        sends_now = sending.send_at <= now
        log(instance=issue, action="cep.newsletter.send" if sends_now else "cep.newsletter.schedule", user=by)
        if sends_now:
            deliveries_dispatch(deliveries_create(sending))
    sending.refresh_from_db()
    return sending


def sending_cancel(sending: IssueSending) -> bool:
    """Cancel a scheduled sending that has not started; a sending under way cannot be called back."""
    return bool(
        IssueSending.objects.filter(pk=sending.pk, status=IssueSending.Status.SCHEDULED).update(
            status=IssueSending.Status.CANCELLED
        )
    )


def sending_pause(sending: IssueSending, *, by) -> bool:
    """Pause a sending under way: workers take none of its rows, and those sending now stop within a second."""
    paused = IssueSending.objects.filter(pk=sending.pk, status=IssueSending.Status.SENDING).update(
        status=IssueSending.Status.PAUSED
    )
    if paused:
        log(instance=sending.issue, action="cep.newsletter.pause", user=by)
    return bool(paused)


def sending_resume(sending: IssueSending, *, by) -> bool:
    """Resume a paused sending where it stopped: wake workers for its rows still queued (each is sent once: a row
    sent is never claimed again)."""
    with transaction.atomic():
        resumed = IssueSending.objects.filter(pk=sending.pk, status=IssueSending.Status.PAUSED).update(
            status=IssueSending.Status.SENDING
        )
        if not resumed:
            return False
        log(instance=sending.issue, action="cep.newsletter.resume", user=by)
        queued = outbox.claimable(Delivery.objects.filter(issue_id=sending.issue_id))
        deliveries_dispatch(list(queued.order_by("pk").values_list("pk", flat=True)))
        # Paused after its last rows were taken: nothing is left, and it is sent.
        sendings_finish([sending.issue_id])
    return True


def sendings_start_due(now: datetime | None = None) -> int:
    """Every minute (beat): start the scheduled sendings whose time has come. Returns how many rows were queued."""
    now = now or timezone.now()
    queued = 0
    for sending in IssueSending.objects.filter(status=IssueSending.Status.SCHEDULED, send_at__lte=now):
        with transaction.atomic():
            ids = deliveries_create(sending)
            deliveries_dispatch(ids)
        queued += len(ids)
    return queued


def issue_publish(issue: NewsletterIssuePage, *, user) -> NewsletterIssuePage:
    """Publish the issue's latest revision unless it is live as it stands, so the web version is what was sent."""
    if issue.live and not issue.has_unpublished_changes:
        return issue
    revision = issue.get_latest_revision() or issue.save_revision(user=user)
    revision.publish(user=user)
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def deliveries_create(sending: IssueSending) -> list[int]:
    """Render the issue once, create a row per confirmed subscriber and return the ids to send.

    Runs once per sending (the row is locked, and `started_at` set); a second call returns no ids.
    """
    with transaction.atomic():
        sending = IssueSending.objects.select_for_update().get(pk=sending.pk)
        if sending.started_at is not None or sending.status != IssueSending.Status.SCHEDULED:
            return []
        issue = issue_publish(NewsletterIssuePage.objects.get(pk=sending.issue_id), user=sending.requested_by)
        sending.subject, sending.html, sending.text = issue_render(issue)
        sending.status, sending.started_at = IssueSending.Status.SENDING, timezone.now()
        sending.save(update_fields=["subject", "html", "text", "status", "started_at"])
        subscriber_ids = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).values_list("pk", flat=True)
        Delivery.objects.bulk_create(
            [Delivery(issue_id=issue.pk, subscriber_id=subscriber_id) for subscriber_id in subscriber_ids.iterator()],
            ignore_conflicts=True,
            batch_size=500,
        )
        ids = list(
            Delivery.objects.filter(issue_id=issue.pk, status=Delivery.Status.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            sendings_finish([issue.pk])
    logger.info("%s: %s deliveries queued", issue, len(ids))
    return ids


def deliveries_dispatch(ids: list[int]) -> None:
    """Wake workers, in batches of ids, once the rows are committed; the rows, not the broker, are the record."""
    outbox.dispatch(Delivery, ids)


# --- Sending --------------------------------------------------------------------------------------------------


def deliveries_skip_departed(ids: list[int]) -> int:
    """Fail, without sending, claimed rows whose subscriber is no longer confirmed (unsubscribed since, bounced).

    Their error reads "Not sent: subscriber <status>" (Delivery.SKIPPED_PREFIX), which the report counts apart.
    """
    departed = (
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING)
        .exclude(subscriber__status=Subscriber.Status.CONFIRMED)
        .values_list("pk", "subscriber__status")
    )
    by_status: dict[str, list[int]] = {}
    for pk, status in departed:
        by_status.setdefault(status, []).append(pk)
    for status, pks in by_status.items():
        Delivery.objects.filter(pk__in=pks).update(
            status=Delivery.Status.FAILED, lease_expires_at=None, error=f"{Delivery.SKIPPED_PREFIX}{status}"
        )
    return sum(len(pks) for pks in by_status.values())


def send_rate() -> SendRate:
    """The newsletter's sending rate, shared by every worker (0: as fast as the server takes them)."""
    return SendRate("newsletter", settings.NEWSLETTER_SEND_RATE_PER_MINUTE)


class SendingPaused:
    """`halted` for the outbox: whether staff paused a sending of this batch, asked at most once a second."""

    CHECK_EVERY_SECONDS = 1.0

    def __init__(self, issue_ids: list[int]):
        self.issue_ids = issue_ids
        self.paused = False
        self.checked_at = float("-inf")

    def __call__(self) -> bool:
        if not self.paused and time.monotonic() - self.checked_at >= self.CHECK_EVERY_SECONDS:
            self.checked_at = time.monotonic()
            self.paused = IssueSending.objects.filter(
                issue_id__in=self.issue_ids, status=IssueSending.Status.PAUSED
            ).exists()
        return self.paused


def claimed_send(claimed: list[int]) -> dict[str, int]:
    issue_ids = list(Delivery.objects.filter(pk__in=claimed).values_list("issue_id", flat=True).distinct())
    skipped = deliveries_skip_departed(claimed)
    rate = send_rate()
    outcome = outbox.send_claimed(
        Delivery,
        claimed,
        IssueMessages(),
        related=("subscriber",),
        # A server refusing for a passing reason is given 1, 5, 15 and 60 minutes.
        retry_delay=outbox.backoff,
        # A 5xx answer is a hard bounce (newsletter.feedback).
        on_permanent_failure=feedback.delivery_refused,
        pace=rate.wait_turn if rate.per_minute > 0 else None,
        halted=SendingPaused(issue_ids),
    )
    sendings_finish(issue_ids)
    return {**outcome, "skipped": skipped}


def deliveries_send(ids: list[int]) -> dict[str, int]:
    """The worker's task: claim those of `ids` still queued and send them; rows held or sent elsewhere are skipped."""
    claimed = outbox.claim(Delivery.objects.filter(pk__in=ids), limit=len(ids))
    if not claimed:
        return {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    return claimed_send(claimed)


def deliveries_send_queued() -> dict[str, int]:
    """Send every row that may be sent now, batch by batch, in this process (`manage.py send_newsletter`)."""
    totals = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    while claimed := outbox.claim(Delivery.objects.all(), limit=batch_size()):
        outcome = claimed_send(claimed)
        for key, value in outcome.items():
            totals[key] += value
        if outcome["retry"]:
            break  # the mail server is struggling: leave the rest for the next run
    return totals


def sendings_finish(issue_ids: Iterable[int] | None = None) -> int:
    """Mark sent each sending under way that has no row left to send (every row sent or failed)."""
    open_rows = Delivery.objects.filter(issue_id=OuterRef("issue_id"), status__in=OPEN_STATUSES)
    sendings = IssueSending.objects.filter(status=IssueSending.Status.SENDING, started_at__isnull=False)
    if issue_ids is not None:
        sendings = sendings.filter(issue_id__in=list(issue_ids))
    return sendings.filter(~Exists(open_rows)).update(status=IssueSending.Status.SENT, finished_at=timezone.now())


# --- Test sends -----------------------------------------------------------------------------------------------


def test_send(issue: NewsletterIssuePage, addresses: list[str]) -> int:
    """Queue the issue as it stands now (its latest revision, draft or not) to `addresses`; workers send it.

    Not to subscribers, and no delivery rows: one-off e-mails (core.mail, kind "newsletter.test"). The subject
    starts "[Test] "; the unsubscribe link leads to the newsletter archive, since a test has no subscriber whose
    link it could be.
    """
    if not addresses or len(addresses) > TEST_SEND_MAX_ADDRESSES:
        raise ValueError(f"Send a test to between 1 and {TEST_SEND_MAX_ADDRESSES} addresses.")
    issue = NewsletterIssuePage.objects.get(pk=issue.pk)  # the latest revision as of now
    subject, html, text = issue_render(issue.get_latest_revision_as_object())
    sender = newsletter_settings(issue)
    link = issue.get_parent().get_full_url() or ""
    message = issue_message(f"{TEST_SUBJECT_PREFIX}{subject}", text, html, sender, link, to=addresses)
    return len(mail.message_queue(TEST_KIND, message))
