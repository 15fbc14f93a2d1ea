"""The routes of the event index (upcoming and past listings, the month view, the calendar feed), an event's own
`.ics` file, its registration form and each registrant's own page.

`EventIndexPage` and `EventPage` serve them through `RoutablePageMixin`.
"""

from urllib.parse import urlencode

from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.listing_cache import TIME_DEPENDENT_TIMEOUT, cached, detached_page, page_number
from core.public_forms import answered_in_even_time, kept_private, rate_limited, see_other
from topics.models import TopicPage

from . import registrations
from .calendars import calendar_build
from .forms import RegistrationForm
from .models import EventPage, Registration
from .month import WEEKDAY_NAMES, Month, month_weeks
from .queries import EVENTS_PER_PAGE, EventFilters, events_overlapping, past_events, upcoming_events

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def with_query(url: str, query: dict | None) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def topic_options() -> list:
    # A list, not a queryset: the form and the filter check both read it, for one query.
    return list(TopicPage.objects.live().public().order_by("title").only("id", "title", "slug"))


def filters_from(request, topics) -> EventFilters:
    return EventFilters.from_query(request.GET, topic_slugs={topic.slug for topic in topics})


def calendar_query(filters: EventFilters) -> dict:
    """The feed takes kind and topic; a year makes no sense for a subscription to what is coming."""
    return {name: value for name, value in (("kind", filters.kind), ("topic", filters.topic)) if value}


def calendar_response(calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_listing(index_page, *, past: bool, filters: EventFilters, number: int) -> tuple[list, object]:
    """The years that have events of the listing, and the page of it asked for, evaluated so they can be cached."""
    children = EventPage.objects.child_of(index_page)
    listed = past_events(children) if past else upcoming_events(children)
    years = [moment.year for moment in listed.datetimes("start", "year", order="DESC")]
    return years, detached_page(filters.apply(listed), EVENTS_PER_PAGE, number)


@require_safe
def event_list(request, *, index_page, past: bool):
    topics = cached(request, "event-topic-options", topic_options)
    filters = filters_from(request, topics)
    number = page_number(request.GET.get("page"))
    # Which events are upcoming changes with the time, so the listing is kept only briefly.
    years, events_page = cached(
        request,
        f"event-list:{index_page.pk}:{past}:{filters!r}:{number}",
        lambda: event_listing(index_page, past=past, filters=filters, number=number),
        TIME_DEPENDENT_TIMEOUT,
    )

    index_url = index_page.get_url(request)
    calendar_path = index_page.reverse_subpage("calendar")
    feed_query = calendar_query(filters)
    full_calendar_url = with_query(index_page.get_full_url(request) + calendar_path, feed_query)
    context = index_page.get_context(request)
    context.update(
        {
            "past": past,
            "events_page": events_page,
            "filters": filters,
            "kinds": EventPage.Kind.choices,
            "topics": topics,
            "years": years,
            "filter_kind_label": EventPage.Kind(filters.kind).label if filters.kind else "",
            "filter_topic": next((topic for topic in topics if topic.slug == filters.topic), None),
            "listing_url": index_url + index_page.reverse_subpage("past" if past else "upcoming"),
            "upcoming_url": index_url,
            "past_url": index_url + index_page.reverse_subpage("past"),
            "month_url": index_url + index_page.reverse_subpage("month"),
            "calendar_url": with_query(index_url + calendar_path, feed_query),
            "webcal_url": "webcal://" + full_calendar_url.split("://", 1)[-1],
        }
    )
    return TemplateResponse(request, "events/event_index_page.html", context)


@require_safe
def event_calendar(request, *, index_page):
    filters = filters_from(request, topic_options())
    # Only kind and topic: a subscription is to what is coming, whatever the year.
    filters = EventFilters(kind=filters.kind, topic=filters.topic)
    events = filters.apply(upcoming_events(EventPage.objects.child_of(index_page)))
    calendar = calendar_build(events, request=request, name="CEP events")
    return calendar_response(calendar, filename="cep-events.ics")


def month_url(index_page, month: Month | None, request) -> str:
    if month is None:
        return ""
    return index_page.get_url(request) + index_page.reverse_subpage(
        "month_of", args=(f"{month.year:04}", f"{month.month:02}")
    )


@require_safe
def event_month(request, *, index_page, year: str | None, month: str | None):
    """`/events/month/` (this month) and `/events/month/2027/03/`: a table of the month's days and their events."""
    if year is None:
        today = timezone.localdate()
        shown = Month(today.year, today.month)
    else:
        shown = Month.of(int(year), int(month))
    if shown is None:
        raise Http404("No such month")
    start, end = shown.search_bounds()
    events = events_overlapping(EventPage.objects.child_of(index_page), start, end).defer_streamfields()
    weeks = month_weeks(shown, events)
    context = index_page.get_context(request)
    context.update(
        {
            "month": shown.first_day,
            "weekday_names": WEEKDAY_NAMES,
            "weeks": weeks,
            "has_events": any(day.entries for week in weeks for day in week),
            "previous_month": shown.previous and shown.previous.first_day,
            "next_month": shown.next and shown.next.first_day,
            "previous_url": month_url(index_page, shown.previous, request),
            "next_url": month_url(index_page, shown.next, request),
            "upcoming_url": index_page.get_url(request),
            "month_url": index_page.get_url(request) + index_page.reverse_subpage("month"),
        }
    )
    return TemplateResponse(request, "events/event_month.html", context)


@require_safe
def event_ics(request, event):
    return calendar_response(calendar_build([event], request=request), filename=f"{event.slug}.ics")


# ---------------------------------------------------------------------------
# Registration: the form on the event page, and each registrant's own page
# ---------------------------------------------------------------------------

# The event takes no registration now (403), or has no place for this one (409); a confirmation link that has
# expired (410).
REFUSAL_STATUS = {
    registrations.RegistrationClosed: 403,
    registrations.EventFull: 409,
    registrations.AlreadyRegistered: 409,
    registrations.RegistrationRefused: 410,
}


HOLDING_A_PLACE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def registration_rate(group, request) -> str:
    # Read at each request rather than at import, so that a changed setting takes effect.
    return settings.EVENT_REGISTRATION_RATE


def registration_of_user(request, event) -> Registration | None:
    """A logged-in person's own registration for `event`, made while logged in or with their login's address."""
    user = request.user
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


def registration_context(request, event, *, form=None, error: str = "") -> dict:
    """The event page's registration section: where registration stands, and the form or the visitor's own place.

    At most one query for the places taken, and one more for a logged-in visitor's own registration.
    """
    if not event.takes_registrations and not error:
        return {"registration_state": None}
    own = registration_of_user(request, event) if event.takes_registrations else None
    if own:
        own.event = event
    return {
        "registration_state": registrations.registration_state(event),
        "registration_form": form or RegistrationForm(user=request.user),
        "registration_error": error,
        "own_registration": own,
        "own_registration_url": own.get_url(request) if own else "",
    }


def event_page_with_form(request, event, *, form, error: str = "", status: int):
    """The event page again, with what was typed, what was wrong and a 4xx status."""
    request.is_preview = getattr(request, "is_preview", False)
    context = event.get_context(request, registration_form=form, registration_error=error)
    return TemplateResponse(request, event.get_template(request), context, status=status)


@answered_in_even_time
@ratelimit(key="ip", rate=registration_rate, method="POST", block=False)
def event_register(request, event):
    """The form's POST: the same answer, "check your inbox", whatever the address, unless it is the logged-in
    person's own verified address, which gets its place at once (events/registrations.py)."""
    if request.method in ("GET", "HEAD"):
        return redirect(event.get_url(request) + "#register")
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.limited:
        return rate_limited(request, page=event, things="registrations", doing="registering")
    form = RegistrationForm(request.POST, user=request.user)
    if form.is_from_a_bot:
        # Thanked like anyone else, so that the bot learns nothing; nothing is kept.
        return see_other(event.get_url(request) + "#register")
    if not form.is_valid():
        return event_page_with_form(request, event, form=form, status=400)
    try:
        registration = registrations.registration_request(event, **form.registration_data())
    except registrations.RegistrationRefused as refusal:
        status = REFUSAL_STATUS[type(refusal)]
        return event_page_with_form(request, event, form=form, error=refusal.message, status=status)
    if registration is None:
        return see_other(event.get_url(request) + event.reverse_subpage("register_sent"))
    return see_other(registration.get_url(request))


@require_safe
def registration_requested(request, event):
    """After the form, for every address alike: the e-mail says what comes next."""
    context = {"page": event, "confirm_hours": settings.EVENT_REGISTRATION_CONFIRM_HOURS}
    return kept_private(TemplateResponse(request, "events/registration_requested.html", context), noindex=True)


def waitlist_position(registration) -> int:
    ahead = Registration.objects.filter(event=registration.event, status=Registration.Status.WAITLISTED).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_detail(request, event, *, token: str):
    """A registrant's own page, reached by the link in their e-mails: the join link, the calendar file, cancelling.

    The token in the address is the only key, so the page is never cached or indexed.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    registration = get_object_or_404(Registration, event=event, token=token)
    registration.event = event
    notice, status = "", 200
    if request.method == "POST" and request.POST.get("action") == "confirm":
        # A second click finds it confirmed already: the page shows where it stands.
        if registration.status == Registration.Status.PENDING:
            try:
                registration = registrations.registration_address_confirm(registration)
                notice = "Thank you: your registration is confirmed. We have sent you an e-mail about it."
            except registrations.RegistrationRefused as refusal:
                notice, status = refusal.message, REFUSAL_STATUS[type(refusal)]
    elif request.method == "POST":
        if registration.status == Registration.Status.CANCELLED:
            notice = "This registration was already cancelled."
        else:
            try:
                registration = registrations.registration_cancel(registration)
                notice = "Your registration is cancelled. We have sent you an e-mail to confirm it."
            except registrations.RegistrationRefused as refusal:
                notice, status = refusal.message, 403
    confirmed = registration.status == Registration.Status.CONFIRMED
    context = {
        "page": event,
        "registration": registration,
        "start": do_timezone(event.start, event.zone),
        "end": do_timezone(event.end, event.zone),
        "join_link": event.online_link if confirmed and event.is_online and not event.is_past else "",
        "waitlist_position": (
            waitlist_position(registration) if registration.status == Registration.Status.WAITLISTED else None
        ),
        "cancellable": registration.status in HOLDING_A_PLACE and not event.is_past,
        "confirmable": registration.status == Registration.Status.PENDING and not event.is_past,
        "notice": notice,
    }
    response = TemplateResponse(request, "events/registration.html", context, status=status)
    # The address is a personal key: keep the page out of shared caches, browser history caches and search engines.
    return kept_private(response, noindex=True)


# ---------------------------------------------------------------------------
# Series: the page listing all dates of a series
# ---------------------------------------------------------------------------


@require_safe
def event_series(request, *, index_page, slug: str):
    """`/events/series/<slug>/`: what the series is, and each of its dates, past ones marked."""
    from .models import EventSeries

    series = get_object_or_404(EventSeries, slug=slug)
    context = index_page.get_context(request)
    context.update(
        {
            "series": series,
            "dates": series.dates,
            "upcoming_count": sum(1 for event in series.dates if not event.is_past),
            "index_url": index_page.get_url(request),
        }
    )
    return TemplateResponse(request, "events/event_series.html", context)
