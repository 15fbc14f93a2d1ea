"""The e-mails a registrant gets, one per `RegistrationEmail` row: what each kind says and what it carries.

Kinds: "confirmation", "waitlisted", "promoted", "cancelled", "reminder-<hours>h" (before the start) and
"update-<sequence>" (the event's time changed). Messages carry the event's `.ics` where it helps the calendar.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.templatetags.tz import do_timezone

from .calendars import calendar_build
from .models import RegistrationEmail

REMINDER_PREFIX = "reminder-"
UPDATE_PREFIX = "update-"


def reminder_kind(hours: int) -> str:
    return f"{REMINDER_PREFIX}{hours}h"


def update_kind(sequence: int) -> str:
    return f"{UPDATE_PREFIX}{sequence}"


def reminder_hours(kind: str) -> int:
    return int(kind.removeprefix(REMINDER_PREFIX).removesuffix("h"))


def starts_in(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return "tomorrow" if days == 1 else f"in {days} days"
    return "in 1 hour" if hours == 1 else f"in {hours} hours"


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


def message_content(kind: str) -> Content:
    if kind in FIXED_CONTENT:
        return FIXED_CONTENT[kind]
    if kind.startswith(REMINDER_PREFIX):
        when = starts_in(reminder_hours(kind))
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
    content = message_content(row.kind)
    # The join link only goes to people with a place, never to the waiting list.
    confirmed = registration.status == registration.Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "lines": content.lines,
        "start": do_timezone(event.start, event.zone),
        "end": do_timezone(event.end, event.zone),
        "event_url": event.get_full_url(),
        "registration_url": registration_url(registration),
        "join_link": event.online_link if content.join_link and confirmed else "",
        "cancellable": registration.status != registration.Status.CANCELLED and not event.is_past,
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
