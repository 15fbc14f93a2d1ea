"""The e-mails a registrant gets, one per `RegistrationEmail` row: what each kind says and what it carries.

Kinds: "confirm-address" (the link that makes a registration from the form), "confirmation", "waitlisted",
"promoted", "cancelled", "already-registered-<date>" (someone typed an address registered already),
"reminder-<hours>h" (before the start) and "update-<sequence>" (the event's time changed). Messages carry the
event's `.ics` where it helps the calendar.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.templatetags.tz import do_timezone
from django.utils import timezone

from .calendars import calendar_build
from .models import RegistrationEmail

REMINDER_PREFIX = "reminder-"
ALREADY_REGISTERED_PREFIX = "already-registered-"
UPDATE_PREFIX = "update-"


def reminder_kind(hours: int) -> str:
    return f"{REMINDER_PREFIX}{hours}h"


def update_kind(sequence: int) -> str:
    return f"{UPDATE_PREFIX}{sequence}"


def starts_in(time_left: timedelta) -> str:
    """ "in 7 days", "tomorrow", "in 3 hours", "in 1 hour", "in 20 minutes": said at sending time, so a reminder
    that went out late does not say "tomorrow" half an hour before the start."""
    hours = time_left.total_seconds() / 3600
    if hours >= 36:
        return f"in {round(hours / 24)} days"
    if hours >= 20:
        return "tomorrow"
    if hours >= 1.5:
        return f"in {round(hours)} hours"
    if hours >= 55 / 60:
        return "in 1 hour"
    return f"in {max(round(hours * 60), 1)} minutes"


def registration_url(registration) -> str:
    """The registrant's own page: the join link, and cancelling. The token in it is the key."""
    event = registration.event
    return event.get_full_url() + event.reverse_subpage("registration", kwargs={"token": registration.token})


@dataclass(frozen=True)
class Content:
    subject: str
    lines: tuple[str, ...]
    join_link: bool = False  # carries the online link (to people with a place only)
    calendar: bool = False  # carries the .ics


FIXED_CONTENT = {
    "confirm-address": Content(
        "Confirm your registration: {title}",
        (
            "Someone, perhaps you, registered this e-mail address for the event below. No place is held yet: "
            "open the link at the end of this e-mail and confirm within {confirm_hours} hours to take one.",
            "If it was not you, ignore this e-mail: the registration is deleted if nobody confirms it.",
        ),
    ),
    "confirmation": Content("You are registered: {title}", ("Thank you: your place is booked.",), True, True),
    "waitlisted": Content(
        "On the waiting list: {title}",
        (
            "The event is full, so we have put you on the waiting list.",
            "If a place becomes free we will give it to you and let you know by e-mail.",
        ),
    ),
    "promoted": Content("A place is free for you: {title}", ("A place became free and it is yours.",), True, True),
    "cancelled": Content("Registration cancelled: {title}", ("Your registration is cancelled.",)),
}


def message_content(kind: str, *, time_left: timedelta) -> Content:
    if kind in FIXED_CONTENT:
        return FIXED_CONTENT[kind]
    if kind.startswith(ALREADY_REGISTERED_PREFIX):
        return Content(
            "You are already registered: {title}",
            (
                "Someone, perhaps you, tried to register this e-mail address again for the event below. You are "
                "registered already, so nothing has changed.",
                "If it was not you, you need not do anything.",
            ),
        )
    if kind.startswith(REMINDER_PREFIX):
        when = starts_in(time_left)
        return Content(
            f"Reminder: {{title}} starts {when}", (f"A reminder: the event you registered for starts {when}.",), True
        )
    if kind.startswith(UPDATE_PREFIX):
        return Content(
            "New time: {title}",
            ("The time of the event you registered for has changed. The new calendar file is attached.",),
            True,
            True,
        )
    raise ValueError(f"Unknown registration e-mail kind {kind!r}")


def registration_message(row: RegistrationEmail) -> EmailMultiAlternatives:
    registration = row.registration
    event = registration.event
    content = message_content(row.kind, time_left=event.start - timezone.now())
    # The join link only goes to people with a place, never to the waiting list.
    confirmed = registration.status == registration.Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "lines": [line.format(confirm_hours=settings.EVENT_REGISTRATION_CONFIRM_HOURS) for line in content.lines],
        "confirming": registration.status == registration.Status.PENDING,
        "start": do_timezone(event.start, event.zone),
        "end": do_timezone(event.end, event.zone),
        "event_url": event.get_full_url(),
        "registration_url": registration_url(registration),
        "join_link": event.online_link if content.join_link and confirmed else "",
        "cancellable": registration.status not in (registration.Status.CANCELLED, registration.Status.PENDING)
        and not event.is_past,
    }
    message = EmailMultiAlternatives(
        subject=content.subject.format(title=event.title),
        body=render_to_string("events/email/registration.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(render_to_string("events/email/registration.html", context), "text/html")
    if content.calendar:
        calendar = calendar_build([event], method="PUBLISH")
        message.attach(f"{event.slug}.ics", calendar.to_ical(), "text/calendar; charset=utf-8; method=PUBLISH")
    return message
