"""Reads for the newsletter's admin pages that several views share."""

from collections.abc import Iterable

from django.db.models import Count

from .models import FeedbackEvent

# The report's names for the kinds of feedback, per sending: subscribers, not reports (three soft bounces of one
# address count once).
FEEDBACK_COLUMNS = {
    FeedbackEvent.Kind.HARD: "bounced",
    FeedbackEvent.Kind.SOFT: "soft_bounced",
    FeedbackEvent.Kind.COMPLAINT: "complained",
}


def sendings_feedback_counts(issue_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """For each issue, how many of its recipients bounced hard, bounced soft and complained; one query."""
    rows = (
        FeedbackEvent.objects.filter(delivery__issue_id__in=list(issue_ids))
        .order_by()
        .values_list("delivery__issue_id", "kind")
        .annotate(subscribers=Count("subscriber_id", distinct=True))
    )
    counts: dict[int, dict[str, int]] = {}
    for issue_id, kind, subscribers in rows:
        counts.setdefault(issue_id, dict.fromkeys(FEEDBACK_COLUMNS.values(), 0))[FEEDBACK_COLUMNS[kind]] = subscribers
    return counts


def sending_feedback_counts(issue_id: int) -> dict[str, int]:
    return sendings_feedback_counts([issue_id]).get(issue_id, dict.fromkeys(FEEDBACK_COLUMNS.values(), 0))
