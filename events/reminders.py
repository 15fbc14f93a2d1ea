"""Reminders before an event starts, and word to registrants when its time changes (docs/delivery.md).

Each message is a `RegistrationEmail` row, unique per (event, registration, kind): rows are created when due and
then sent through the outbox, so a reminder that fell due while the workers were down goes out when they come
back, and a reminder that was sent is never sent again. Nothing here waits: there are no countdown or ETA tasks.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .delivery import emails_queue
from .emails import reminder_kind, update_kind
from .models import EventPage, Registration, RegistrationEmail


def reminder_offsets(event: EventPage) -> list[int]:
    """Hours before the start at which `event`'s registrants are reminded, smallest first.

    EVENT_REMINDER_HOURS for every event; EVENT_REMINDER_JOIN_HOURS ("starting in 1 hour", with the join link)
    only for events people take part in online.
    """
    hours = {int(offset) for offset in settings.EVENT_REMINDER_HOURS if int(offset) > 0}
    join_hours = int(settings.EVENT_REMINDER_JOIN_HOURS)
    if join_hours > 0 and event.is_online:
        hours.add(join_hours)
    return sorted(hours)


def reminder_due(event: EventPage, now: datetime) -> tuple[str, datetime] | None:
    """The one reminder of `event` due at `now`, with the time it fell due, or None.

    It is the one with the smallest offset whose due time (start − offset) has passed while the start has not:
    if the job did not run across two windows, a registrant gets the nearer reminder only.
    """
    if event.start <= now:
        return None
    for hours in reminder_offsets(event):
        due_at = event.start - timedelta(hours=hours)
        if due_at <= now:
            return reminder_kind(hours), due_at
    return None


def reminders_create_due(now: datetime | None = None) -> list[int]:
    """Create the reminder rows that are due at `now` and return the ids of those queued.

    Only confirmed registrations that agreed to reminders get one, and not for a window that opened before they
    had their place (their confirmation told them just then). A constant number of queries, whatever the number
    of registrations: one for the events, one for the registrations, one for the rows already made, and per
    reminder kind a bulk insert (ignoring rows made meanwhile) and one select of the queued ids.
    """
    now = now or timezone.now()
    longest = max([int(hours) for hours in settings.EVENT_REMINDER_HOURS] + [int(settings.EVENT_REMINDER_JOIN_HOURS)])
    if longest <= 0:
        return []
    events = EventPage.objects.live().filter(start__gt=now, start__lte=now + timedelta(hours=longest))
    due = {event.pk: reminder_due(event, now) for event in events.only("pk", "start", "attendance")}
    due = {event_id: kind_and_time for event_id, kind_and_time in due.items() if kind_and_time}
    if not due:
        return []
    made = set(
        RegistrationEmail.objects.filter(
            event_id__in=due, kind__in={kind for kind, _due_at in due.values()}
        ).values_list("registration_id", "kind")
    )
    registrations = Registration.objects.filter(
        event_id__in=due, status=Registration.Status.CONFIRMED, reminders_consent=True
    ).only("pk", "event_id", "status_changed_at")
    by_kind: dict[str, list[Registration]] = {}
    for registration in registrations:
        kind, due_at = due[registration.event_id]
        # Confirmed after the window opened (registered or promoted from the waiting list): the e-mail that
        # gave them the place said it all, with the calendar file.
        if registration.status_changed_at > due_at or (registration.pk, kind) in made:
            continue
        by_kind.setdefault(kind, []).append(registration)
    queued = []
    for kind, group in by_kind.items():
        queued += emails_queue(group, kind)
    return queued


def updates_queue(event: EventPage) -> list[int]:
    """Queue word of a new time to everyone with a place or on the waiting list who has not had it yet.

    `EventPage.calendar_sequence` goes up when the start or end changes; each registration remembers the
    sequence it was last sent, so an update reaches each person once, and publishing again without a change of
    time sends nothing. Returns the queued ids, for `events.delivery.emails_dispatch`.
    """
    if event.end < timezone.now():
        return []  # correcting the record of a past event is no news to its registrants
    stale = Registration.objects.filter(
        event=event,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        calendar_sequence__lt=event.calendar_sequence,
    )
    with transaction.atomic():
        registrations = list(stale.select_for_update().only("pk", "event_id"))
        if not registrations:
            return []
        ids = emails_queue(registrations, update_kind(event.calendar_sequence))
        Registration.objects.filter(pk__in=[registration.pk for registration in registrations]).update(
            calendar_sequence=event.calendar_sequence
        )
    return ids
