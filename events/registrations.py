"""Registering for an event: whether it takes registrations now, and registering, cancelling and promoting.

Every write locks the event's row first, so two people cannot both take the last place and a freed place goes to
one person on the waiting list. Each change queues its e-mail as a row in the same transaction; a worker sends it
once the transaction commits (events.delivery).

A registration from the form is a request (`registration_request`): it holds no place until the owner of the address
confirms from the e-mail sent there (`registration_address_confirm`), as the newsletter's double opt-in does, so a
stranger cannot fill an event with other people's addresses. The answer is the same whatever the address: a new one
gets the link, the owner of one already registered a notice instead. Holds nobody confirms expire
(`pending_expire`). A logged-in person registering their own verified address gets the place at once.
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.db import IntegrityError, transaction
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.dateformat import format as date_format

from .delivery import emails_dispatch, emails_queue
from .models import EventPage, Registration

# As the event page shows its times: "15 Jan 2026, 12:00 CET", in the event's zone.
MOMENT_FORMAT = "j M Y, H:i T"


class Availability(enum.StrEnum):
    NOT_TAKING = "not-taking"  # the event takes no registrations on this site
    NOT_OPEN_YET = "not-open-yet"
    OPEN = "open"
    WAITLIST = "waitlist"  # full, and new registrants join the waiting list
    FULL = "full"  # full, with no waiting list
    CLOSED = "closed"  # the deadline has passed
    PAST = "past"


class RegistrationRefused(Exception):
    """A registration, cancellation or promotion that cannot be made; `message` is for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationRefused):
    """Not open yet, past its deadline, over, or not taking registrations here."""


class EventFull(RegistrationRefused):
    pass


class AlreadyRegistered(RegistrationRefused):
    # Says nothing about the registration that exists: whoever typed the address may not own it.
    default_message = (
        "This e-mail address is already registered for this event. "
        "If you need the link to your registration again, use the one in your confirmation e-mail."
    )

    def __init__(self, message: str = default_message):
        super().__init__(message)


class NotOnWaitlist(RegistrationRefused):
    pass


def moment(value: datetime, event: EventPage) -> str:
    return date_format(do_timezone(value, event.zone), MOMENT_FORMAT)


def registration_deadline(event: EventPage) -> datetime:
    """Registration closes at the deadline the editor set, or when the event starts."""
    return event.registration_deadline or event.start


def places_text(count: int) -> str:
    return "1 place left" if count == 1 else f"{count} places left"


@dataclass(frozen=True)
class RegistrationState:
    event: EventPage
    availability: Availability
    places_left: int | None  # None: no limit

    @property
    def accepts(self) -> bool:
        return self.availability in {Availability.OPEN, Availability.WAITLIST}

    @property
    def opens(self) -> datetime | None:
        return self.event.registration_opens and do_timezone(self.event.registration_opens, self.event.zone)

    @property
    def deadline(self) -> datetime:
        return do_timezone(registration_deadline(self.event), self.event.zone)

    @property
    def message(self) -> str:
        """What the event page says about registering, with times in the event's zone."""
        event = self.event
        deadline = moment(registration_deadline(event), event)
        match self.availability:
            case Availability.NOT_TAKING:
                return "This event does not take registrations on this site."
            case Availability.NOT_OPEN_YET:
                return f"Registration opens on {moment(event.registration_opens, event)}."
            case Availability.OPEN if self.places_left is None:
                return f"Register by {deadline}."
            case Availability.OPEN:
                return f"Register by {deadline}. {places_text(self.places_left)}."
            case Availability.WAITLIST:
                return f"The event is full: join the waiting list by {deadline}."
            case Availability.FULL:
                return "The event is full."
            case Availability.CLOSED:
                return "Registration is closed."
            case Availability.PAST:
                return "This event is over."


def refuse_unless_accepting(state: RegistrationState) -> None:
    """Raise EventFull or RegistrationClosed, with a message for the person, unless the event takes one more."""
    if not state.accepts:
        if state.availability == Availability.FULL:
            raise EventFull("Sorry, the event is full and has no waiting list.")
        raise RegistrationClosed(state.message)


def confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def registration_state(event: EventPage, *, now: datetime | None = None) -> RegistrationState:
    """Where registration for `event` stands at `now`: one query for the places taken, when places are limited."""
    now = now or timezone.now()

    def state(availability, places_left=None):
        return RegistrationState(event=event, availability=availability, places_left=places_left)

    if not event.takes_registrations:
        return state(Availability.NOT_TAKING)
    if event.end < now:
        return state(Availability.PAST)
    if now >= registration_deadline(event):
        return state(Availability.CLOSED)
    if event.registration_opens and now < event.registration_opens:
        return state(Availability.NOT_OPEN_YET)
    if event.capacity is None:
        return state(Availability.OPEN)
    places_left = max(event.capacity - confirmed_count(event), 0)
    if places_left:
        return state(Availability.OPEN, places_left)
    return state(Availability.WAITLIST if event.waitlist else Availability.FULL, 0)


def event_locked(event_id: int) -> EventPage:
    """The event, its row locked until the transaction ends: the one place where places are counted and given."""
    return EventPage.objects.select_for_update().get(pk=event_id)


def registration_locked(registration: Registration) -> tuple[EventPage, Registration]:
    """The registration's event and the registration as they are now, both rows locked (the event's first, as
    every write takes them), the registration holding the locked event."""
    event = event_locked(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    return event, registration


def emails_send_later(registrations: list[Registration], kind: str) -> None:
    if registrations:
        emails_dispatch(emails_queue(registrations, kind))


def registration_create(
    event: EventPage,
    *,
    name: str,
    email: str,
    organisation: str = "",
    country: str = "",
    is_member: bool = False,
    reminders_consent: bool = False,
    user=None,
) -> Registration:
    """A place at `event`, or a place on its waiting list when it is full; the registrant gets an e-mail.

    Raises RegistrationClosed, EventFull or AlreadyRegistered (with a message for the registrant) and then
    creates nothing.
    """
    try:
        with transaction.atomic():
            event = event_locked(event.pk)
            state = registration_state(event)
            refuse_unless_accepting(state)
            taken = Registration.objects.filter(event=event, email__iexact=email).exclude(
                status=Registration.Status.CANCELLED
            )
            if taken.exists():
                raise AlreadyRegistered()
            registration = Registration.objects.create(
                event=event,
                user=user,
                name=name,
                email=email,
                organisation=organisation,
                country=country,
                is_member=is_member,
                reminders_consent=reminders_consent,
                status=(
                    Registration.Status.CONFIRMED
                    if state.availability == Availability.OPEN
                    else Registration.Status.WAITLISTED
                ),
                calendar_sequence=event.calendar_sequence,
            )
            confirmed = registration.status == Registration.Status.CONFIRMED
            emails_send_later([registration], "confirmation" if confirmed else "waitlisted")
    except IntegrityError as error:
        # The database's one-per-address constraint: the same address registering twice at the same moment.
        raise AlreadyRegistered() from error
    return registration


def places_fill(event: EventPage, *, now: datetime) -> list[Registration]:
    """Give the free places to the waiting list, oldest first; the event's row must be locked."""
    if event.start <= now:
        return []  # too late to give anyone a place
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by(
        "created_at", "pk"
    )
    if event.capacity is not None:
        waiting = waiting[: max(event.capacity - confirmed_count(event), 0)]
    promoted = list(waiting)
    for registration in promoted:
        confirm(registration, event, now=now)
    emails_send_later(promoted, "promoted")
    return promoted


def confirm(registration: Registration, event: EventPage, *, now: datetime) -> None:
    registration.status = Registration.Status.CONFIRMED
    registration.status_changed_at = now
    registration.calendar_sequence = event.calendar_sequence
    registration.save(update_fields=["status", "status_changed_at", "calendar_sequence"])


def registration_cancel(registration: Registration) -> Registration:
    """Cancel a registration; a place it frees goes to the first person on the waiting list.

    Cancelling twice changes nothing; an event that is over cannot be cancelled (RegistrationClosed).
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = registration_locked(registration)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if registration.status == Registration.Status.PENDING:
            # It held no place and nobody confirmed it: nothing to free, nobody to tell.
            registration.status, registration.status_changed_at = Registration.Status.CANCELLED, now
            registration.save(update_fields=["status", "status_changed_at"])
            return registration
        if event.end < now:
            raise RegistrationClosed("This event is over, so the registration can no longer be cancelled.")
        freed_a_place = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = now
        registration.save(update_fields=["status", "status_changed_at"])
        emails_send_later([registration], "cancelled")
        if freed_a_place:
            places_fill(event, now=now)
    return registration


def registration_promote(registration: Registration) -> Registration:
    """Staff give a place to someone on the waiting list, even when that takes the event over its capacity."""
    now = timezone.now()
    with transaction.atomic():
        event, registration = registration_locked(registration)
        if registration.status != Registration.Status.WAITLISTED:
            raise NotOnWaitlist(f"{registration.name} is not on the waiting list.")
        if event.end < now:
            raise RegistrationClosed("This event is over.")
        confirm(registration, event, now=now)
        emails_send_later([registration], "promoted")
    return registration


# ---------------------------------------------------------------------------
# Registering from the form: a request the address's owner confirms
# ---------------------------------------------------------------------------


def address_is_users_own(user, email: str) -> bool:
    """Whether `email` is an address `user` has verified (their account proves it is theirs)."""
    return bool(
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def already_registered_kind(now: datetime) -> str:
    # One notice a day at most, however often someone types the address.
    return f"already-registered-{now:%Y%m%d}"


def registration_request(event: EventPage, *, email: str, user=None, **details) -> Registration | None:
    """What the form does: the registration if it was made at once (a logged-in person's own verified address),
    else None, with an e-mail sent to the address either way and nothing else to tell the person who typed it.

    - a new address: a pending registration, holding no place, and the link to confirm it;
    - an address already registered (or waiting): its owner is told, and nothing changes;
    - a hold that expired: it goes, and the address starts again as new.
    Raises RegistrationClosed or EventFull, which say nothing about the address, and then creates nothing.
    """
    if address_is_users_own(user, email):
        return registration_create(event, email=email, user=user, **details)
    now = timezone.now()
    try:
        with transaction.atomic():
            event = event_locked(event.pk)
            state = registration_state(event, now=now)
            refuse_unless_accepting(state)
            existing = (
                Registration.objects.select_for_update()
                .filter(event=event, email__iexact=email)
                .exclude(status=Registration.Status.CANCELLED)
                .first()
            )
            if existing and existing.status == Registration.Status.PENDING and existing.confirm_by <= now:
                existing.delete()
                existing = None
            if existing:
                if existing.status != Registration.Status.PENDING:
                    # A row a day: a second notice the same day finds it and is not sent.
                    emails_send_later([existing], already_registered_kind(now))
                return None
            pending = Registration.objects.create(
                event=event,
                user=user if user is not None and user.is_authenticated else None,
                email=email,
                status=Registration.Status.PENDING,
                confirm_by=min(now + timedelta(hours=settings.EVENT_REGISTRATION_CONFIRM_HOURS), event.end),
                calendar_sequence=event.calendar_sequence,
                **details,
            )
            emails_send_later([pending], "confirm-address")
    except IntegrityError:
        # The same address sent twice at the same moment: the other request made the row and sent the e-mail.
        return None
    return None


def registration_address_confirm(registration: Registration) -> Registration:
    """The owner of the address followed the link: the registration takes a place, or a place on the waiting list,
    as if made now, and gets its confirmation e-mail. Confirming again changes nothing.

    Raises RegistrationRefused if the hold has expired, and RegistrationClosed or EventFull as registering would.
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = registration_locked(registration)
        if registration.status != Registration.Status.PENDING:
            return registration
        if registration.confirm_by <= now:
            raise RegistrationRefused("This link has expired. Register again on the event's page.")
        state = registration_state(event, now=now)
        refuse_unless_accepting(state)
        registration.status = (
            Registration.Status.CONFIRMED if state.availability == Availability.OPEN else Registration.Status.WAITLISTED
        )
        # Made now, for its place in the waiting list too.
        registration.created_at = registration.status_changed_at = now
        registration.confirm_by = None
        registration.calendar_sequence = event.calendar_sequence
        registration.save(
            update_fields=["status", "created_at", "status_changed_at", "confirm_by", "calendar_sequence"]
        )
        confirmed = registration.status == Registration.Status.CONFIRMED
        emails_send_later([registration], "confirmation" if confirmed else "waitlisted")
    return registration


def pending_expire(now: datetime | None = None) -> int:
    """Delete the registrations nobody confirmed in time (they never held a place), with their e-mail rows."""
    expired = Registration.objects.filter(status=Registration.Status.PENDING, confirm_by__lte=now or timezone.now())
    _total, deleted = expired.delete()
    return deleted.get(Registration._meta.label, 0)
