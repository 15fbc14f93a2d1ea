"""Event series: the dates an RFC 5545 recurrence rule gives, and the event pages made for them.

A series makes one event page per date of its rule. Each page keeps the start the rule gave it in
`series_occurrence` (RFC 5545 RECURRENCE-ID), so an editor can move or retitle one event and the series still
knows that date is taken: making the series' events again creates only the missing ones, and never changes or
deletes a page.
"""

import datetime
import zoneinfo
from itertools import islice

from dateutil.rrule import rrule, rrulestr

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import dateformat, timezone
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug

from .models import Attendance, EventIndexPage, EventPage, EventSeries

MAX_OCCURRENCES = 60
RULE_EXAMPLE = "FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;COUNT=4"


def rule_parts(rule: str) -> dict[str, str]:
    """`{"FREQ": "MONTHLY", "COUNT": "4", …}`, upper-cased, for the checks dateutil does not make."""
    text = rule.strip().upper().removeprefix("RRULE:")
    parts = (part.split("=", 1) for part in text.split(";") if part.strip())
    return {part[0].strip(): part[-1].strip() for part in parts}


def rule_dates(rule: str, local_start: datetime.datetime) -> rrule:
    """The rule's dates from `local_start`, an aware datetime in the series' zone, keeping its wall-clock time.

    dateutil builds each date from the wall time of the start and its tzinfo, so with a `zoneinfo` zone 14:00 stays
    14:00 across a change to or from summer time. UNTIL with a "Z" is a moment in UTC; UNTIL without one is in the
    series' own zone, and a bare date (UNTIL=20261231) includes that day.
    """
    text = rule.strip()
    if "DTSTART" in text.upper():
        raise ValidationError("Leave DTSTART out of the rule: the first start of the series gives it.")
    if "\n" in text or "\r" in text:
        raise ValidationError(f"Give a single rule on one line, e.g. {RULE_EXAMPLE}.")
    parts = rule_parts(text)
    if parts.get("FREQ") in {"SECONDLY", "MINUTELY", "HOURLY"}:
        # Also keeps dateutil from searching years of seconds for a rule that never matches.
        raise ValidationError("Events repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.")
    until = parts.get("UNTIL", "")
    try:
        if until and not until.endswith("Z"):
            # dateutil wants UNTIL in UTC when the start has a zone: read both without it, then give them the zone.
            naive = rrulestr(text, dtstart=local_start.replace(tzinfo=None))
            last = naive._until if "T" in until else datetime.datetime.combine(naive._until, datetime.time.max)
            dates = naive.replace(dtstart=local_start, until=last.replace(tzinfo=local_start.tzinfo))
        else:
            dates = rrulestr(text, dtstart=local_start)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
        detail = f" ({error})" if str(error).startswith("invalid") else ""
        raise ValidationError(
            f"This is not a recurrence rule we can read{detail}. Write it like {RULE_EXAMPLE}."
        ) from error
    if not isinstance(dates, rrule):
        raise ValidationError(f"Give a single rule, e.g. {RULE_EXAMPLE}.")
    return dates


def recurrence_rule_check(rule: str, *, first_start: datetime.datetime | None = None, time_zone: str = "UTC"):
    """Raise ValidationError, with a message for the editor, unless `rule` is a rule a series can use.

    A usable rule can be read, leaves DTSTART to the series' first start, ends (COUNT or UNTIL) and gives at most
    60 dates. With `first_start` the dates are counted from it (an UNTIL rule gives more dates from an earlier
    start), and the first start must be the rule's first date; without it, from today.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    local_start = (
        timezone.localtime(first_start, zone)
        if first_start
        else datetime.datetime.combine(timezone.localdate(timezone=zone), datetime.time(), tzinfo=zone)
    )
    dates = rule_dates(rule, local_start)
    if not rule_parts(rule).keys() & {"COUNT", "UNTIL"}:
        raise ValidationError(
            "The rule never ends: add COUNT (how many events) or UNTIL (the last date), e.g. "
            "FREQ=MONTHLY;BYDAY=3TH;COUNT=4 or FREQ=MONTHLY;BYDAY=3TH;UNTIL=20261231."
        )
    first_dates = list(islice(dates, MAX_OCCURRENCES + 1))
    if len(first_dates) > MAX_OCCURRENCES:
        raise ValidationError(
            f"The rule gives more than {MAX_OCCURRENCES} dates; a series can have at most {MAX_OCCURRENCES}. "
            "Lower COUNT or bring UNTIL forward."
        )
    if not first_dates:
        raise ValidationError("The rule gives no dates from the first start on.")
    if first_start and first_dates[0] != local_start:
        raise ValidationError(
            {
                "first_start": "The first start is not a date of the rule: its first date is "
                f"{dateformat.format(first_dates[0], 'l j F Y, H:i')}."
            }
        )


def series_occurrences(series: EventSeries) -> list[datetime.datetime]:
    """The starts the series' rule gives, aware, in the series' zone, at the wall-clock time of its first start."""
    local_start = timezone.localtime(series.first_start, series.zone)
    return list(islice(rule_dates(series.recurrence_rule, local_start), MAX_OCCURRENCES))


def series_event_title(series: EventSeries, occurrence: datetime.datetime) -> str:
    suffix = f": {dateformat.format(timezone.localtime(occurrence, series.zone), 'j F Y')}"
    max_length = EventPage._meta.get_field("title").max_length
    return series.title[: max_length - len(suffix)] + suffix


def series_events_publishable(series: EventSeries) -> bool:
    """Events in person need a venue, which a series does not give: those are made as drafts to complete."""
    return series.attendance == Attendance.ONLINE


def series_events_create(
    series: EventSeries, *, index: EventIndexPage | None = None, user=None, publish: bool | None = None
) -> list[EventPage]:
    """Make an event page for each date of the series' rule that has none yet; return the pages made.

    Pages go under `index`, or the site's only event index (EventIndexPage.DoesNotExist or MultipleObjectsReturned
    when there is none or more than one). A date counts as taken when a page of the series has it as its
    `series_occurrence`, wherever an editor has moved that page since, and a page whose date the rule no longer
    gives is left alone. Online events are published unless `publish` is False; others are saved as drafts, for an
    editor to add the venue.
    """
    index = index or EventIndexPage.objects.get()
    if publish is None:
        publish = series_events_publishable(series)
    with transaction.atomic():
        # One maker at a time per series: two saves at once would both see a date as free.
        list(EventSeries.objects.select_for_update().filter(pk=series.pk))
        taken = set(EventPage.objects.filter(series=series).values_list("series_occurrence", flat=True))
        topics = list(series.topics.all())
        created = []
        for occurrence in series_occurrences(series):
            if occurrence in taken:
                continue
            title = series_event_title(series, occurrence)
            page = EventPage(
                title=title,
                slug=find_available_slug(index, slugify(title)[:255]),
                live=publish,
                start=occurrence.astimezone(datetime.UTC),
                end=(occurrence + datetime.timedelta(minutes=series.duration_minutes)).astimezone(datetime.UTC),
                time_zone=series.time_zone,
                kind=series.kind,
                attendance=series.attendance,
                summary=series.summary,
                series=series,
                series_occurrence=occurrence.astimezone(datetime.UTC),
            )
            page.topics = topics
            if user:
                page.owner = user
            index.add_child(instance=page)
            revision = page.save_revision(user=user, log_action=True, clean=publish)
            if publish:
                revision.publish(user=user)
            created.append(page)
    return created


def series_events_submit(events: list[EventPage], user) -> bool:
    """Submit each event to its workflow (the Communications review), as the editor's "Submit for moderation" does;
    False when no workflow applies to them."""
    workflow = events[0].get_workflow() if events else None
    if workflow is None:
        return False
    for page in events:
        workflow.start(page, user)
    return True


def series_events_off_rule(series: EventSeries) -> int:
    """How many of the series' pages have a date its rule no longer gives (after the rule or first start changed)."""
    occurrences = series_occurrences(series)
    return (
        EventPage.objects.filter(series=series, series_occurrence__isnull=False)
        .exclude(series_occurrence__in=occurrences)
        .count()
    )


def series_dates(series: EventSeries) -> QuerySet:
    """The series' live, public event pages, soonest first: one query, however many dates it has."""
    return EventPage.objects.filter(series=series).live().public().order_by("start", "pk")
