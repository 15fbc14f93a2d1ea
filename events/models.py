"""Events: webinars, workshops, conferences, expert meetings and the General Assembly."""

import json
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.search import index

from core.blocks import BodyStreamBlock, DocumentLinkBlock, EmbedWithCaptionBlock
from core.countries import COUNTRY_CHOICES
from core.listing_cache import cached
from core.models import BasePage, IndexPage, checkboxes_panel
from core.outbox import OutboxMessage

from .forms import EventPageForm

# The zones of CEP's member countries, offered to editors; times are stored in UTC and shown in the event's zone.
EVENT_TIME_ZONES = sorted(
    {
        "Europe/Amsterdam", "Europe/Athens", "Europe/Belgrade", "Europe/Berlin", "Europe/Brussels",
        "Europe/Bucharest", "Europe/Budapest", "Europe/Copenhagen", "Europe/Dublin", "Europe/Helsinki",
        "Europe/Istanbul", "Europe/Lisbon", "Europe/Ljubljana", "Europe/London", "Europe/Madrid", "Europe/Oslo",
        "Europe/Paris", "Europe/Prague", "Europe/Riga", "Europe/Rome", "Europe/Stockholm", "Europe/Tallinn",
        "Europe/Vienna", "Europe/Vilnius", "Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "UTC",
    }
)  # fmt: skip
TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in EVENT_TIME_ZONES]


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=255)
    role = blocks.CharBlock(max_length=255, required=False, help_text="Job title and organisation.")
    photo = ImageChooserBlock(required=False)

    class Meta:
        icon = "user"
        template = "blocks/speaker_block.html"


class EventKind(models.TextChoices):
    WEBINAR = "webinar", "Webinar"
    WORKSHOP = "workshop", "Workshop"
    CONFERENCE = "conference", "Conference"
    GENERAL_ASSEMBLY = "general-assembly", "General Assembly"
    EXPERT_MEETING = "expert-meeting", "Expert meeting"
    OTHER = "other", "Other"


class Attendance(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in-person", "In person"
    HYBRID = "hybrid", "In person and online"


class EventSeries(ClusterableModel):
    """Events on a rule, such as "every third Thursday of January, March, May and November".

    The rule (RFC 5545 RRULE) gives the dates; the site makes one event page per date, which editors then edit
    like any other. Each page remembers the date the rule gave it, so moving one date touches nothing else.
    """

    title = models.CharField(max_length=255, help_text="E.g. 'CEP Webinar Series 2026'.")
    slug = models.SlugField(max_length=255, unique=True, help_text="Used in the address of the series' page.")
    description = models.TextField(blank=True, help_text="What the series is; shown on its page.")
    recurrence_rule = models.CharField(
        max_length=500,
        help_text="An RFC 5545 rule, e.g. FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;COUNT=4 "
        "(third Thursday of January, March, May and November, four times). It must end: give COUNT or UNTIL.",
    )
    first_start = models.DateTimeField(
        help_text="The first event's start, in the time zone below; later dates keep its time of day."
    )
    duration_minutes = models.PositiveIntegerField(default=60, help_text="How long each event lasts.")
    time_zone = models.CharField(
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="Europe/Brussels",
        help_text="The zone the rule's dates and times are in; summer time is followed.",
    )
    kind = models.CharField(
        max_length=20,
        choices=EventKind.choices,
        default=EventKind.WEBINAR,
        help_text="Copied to each new event of the series.",
    )
    attendance = models.CharField(
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.ONLINE,
        help_text="Copied to each new event; give an in-person event's venue on the event itself.",
    )
    summary = models.TextField(help_text="Copied to each new event of the series; edit it there afterwards.")
    topics = ParentalManyToManyField(
        "topics.TopicPage",
        blank=True,
        related_name="event_series",
        help_text="Given to each new event of the series; its events then show on these topics' pages.",
    )

    class Meta:
        verbose_name = "event series"
        verbose_name_plural = "event series"
        ordering = ["-first_start"]

    def __str__(self):
        return self.title

    def clean(self):
        from .series import recurrence_rule_check

        super().clean()
        if not self.recurrence_rule or not self.first_start or self.time_zone not in EVENT_TIME_ZONES:
            return  # the fields' own checks say what is missing
        try:
            recurrence_rule_check(self.recurrence_rule, first_start=self.first_start, time_zone=self.time_zone)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"recurrence_rule": error.messages}) from error

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @cached_property
    def dates(self) -> list:
        """Its live, public event pages, soonest first (one query, kept for the rest of the request)."""
        from .series import series_dates

        return list(series_dates(self))


class EventIndexPage(RoutablePageMixin, IndexPage):
    """Upcoming events, and past events with their recaps, filtered by kind, topic and year."""

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = "event index page"

    @path("")
    def upcoming(self, request):
        from . import views

        return views.event_list(request, index_page=self, past=False)

    @path("past/")
    def past(self, request):
        from . import views

        return views.event_list(request, index_page=self, past=True)

    @path("calendar/")
    def calendar(self, request):
        from . import views

        return views.event_calendar(request, index_page=self)

    @path("series/<slug:slug>/", name="series")
    def series(self, request, slug):
        from . import views

        return views.event_series(request, index_page=self, slug=slug)

    # Not under `calendar/`, which is the .ics feed. Four and two digits, so that each month has one address.
    @path("month/", name="month")
    @re_path(r"^month/(?P<year>\d{4})/(?P<month>\d{2})/$", name="month_of")
    def month(self, request, year=None, month=None):
        from . import views

        return views.event_month(request, index_page=self, year=year, month=month)


class EventPage(RoutablePageMixin, BasePage):
    Kind = EventKind
    Attendance = Attendance

    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What sort of event this is.")
    start = models.DateTimeField(help_text="When it starts, in the time zone below.")
    end = models.DateTimeField(help_text="When it ends, in the time zone below.")
    time_zone = models.CharField(
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="Europe/Brussels",
        help_text="The zone the event's times are given and shown in (CET for Brussels).",
    )
    summary = models.TextField(help_text="Two or three sentences for lists, calendars and search results.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in event lists and at the top of the page (landscape).",
    )
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.ONLINE, help_text="Where people take part."
    )
    venue_name = models.CharField(max_length=255, blank=True, help_text="E.g. 'Houses of Justice'.")
    venue_address = models.CharField(
        max_length=255, blank=True, help_text="Street and number; shown on the page and in calendar files."
    )
    venue_city = models.CharField(
        max_length=100, blank=True, help_text="Needed unless the event is online only; shown in event lists."
    )
    venue_country = models.CharField(
        max_length=2, choices=COUNTRY_CHOICES, blank=True, help_text="Shown beside the city in event lists."
    )
    online_link = models.URLField(
        blank=True, help_text="The address to join online; only people who registered are given it."
    )
    description = StreamField(BodyStreamBlock(), blank=True, help_text="What the event is about.")
    programme = RichTextField(
        blank=True,
        features=["h3", "bold", "italic", "link", "ul", "ol"],
        help_text="The timetable: one line a session with its time, or a heading a day for longer events.",
    )
    speakers = StreamField(
        [("speaker", SpeakerBlock())],
        blank=True,
        help_text="Each speaker's name, job title and organisation, and a photo if you have one.",
    )
    topics = ParentalManyToManyField(
        "topics.TopicPage", blank=True, related_name="events", help_text="The topics the event is about."
    )
    countries = ParentalManyToManyField(
        "countries.CountryPage",
        blank=True,
        related_name="events",
        help_text="The countries it is about or takes place in; it is then listed on their profiles while upcoming.",
    )
    highlighted = models.BooleanField(
        default=False, help_text="Feature it under 'Highlighted events' on the home page."
    )
    price = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="In euros; leave empty if free of charge."
    )
    eligibility = models.TextField(
        blank=True, help_text="Who may take part, e.g. 'CEP members have priority; commercial parties are excluded.'"
    )
    documents = StreamField([("document", DocumentLinkBlock())], blank=True, help_text="Programme, practical info.")
    recap = StreamField(BodyStreamBlock(), blank=True, help_text="Shown once the event is past: how it went.")
    recording = StreamField(
        [("recording", EmbedWithCaptionBlock())],
        blank=True,
        max_num=1,
        help_text="A YouTube or Vimeo address of the recording; shown once the event is past.",
    )
    presentations = StreamField(
        [("presentation", DocumentLinkBlock())],
        blank=True,
        help_text="The speakers' slides as documents; shown once the event is past.",
    )
    takes_registrations = models.BooleanField(
        default=True,
        verbose_name="registration on this page",
        help_text="People register with the form on this page. Untick it for an event with no registration, or one "
        "that registers elsewhere (give that link in the description): the page then has no form.",
    )
    registration_opens = models.DateTimeField(
        null=True, blank=True, help_text="In the event's time zone; empty means open as soon as published."
    )
    registration_deadline = models.DateTimeField(
        null=True, blank=True, help_text="In the event's time zone; empty means until the event starts."
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Places; empty means no limit.")
    waitlist = models.BooleanField(default=True, help_text="When full, offer a place on the waiting list.")
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
        help_text="The series this event belongs to, if any.",
    )  # fmt: skip
    # The start the series' rule gave this event (RFC 5545 RECURRENCE-ID): it stays when the date is moved.
    series_occurrence = models.DateTimeField(null=True, blank=True, editable=False)
    # Stable across edits, so calendars update the event instead of adding a copy (RFC 5545 UID).
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    base_form_class = EventPageForm
    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("highlighted")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("time_zone")]),
                checkboxes_panel("topics"),
                checkboxes_panel("countries"),
            ],
            "When and what",
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldRowPanel([FieldPanel("venue_city"), FieldPanel("venue_country")]),
                FieldPanel("online_link"),
            ],
            "Where",
        ),
        FieldPanel("description"),
        FieldPanel("programme"),
        FieldPanel("speakers"),
        MultiFieldPanel([FieldPanel("price"), FieldPanel("eligibility")], "Taking part"),
        MultiFieldPanel(
            [
                FieldPanel("takes_registrations"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_deadline")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist")]),
            ],
            "Registration",
        ),
        FieldPanel("documents"),
        MultiFieldPanel([FieldPanel("recap"), FieldPanel("recording"), FieldPanel("presentations")], "Recap"),
    ]
    promote_panels = [*BasePage.promote_panels, FieldPanel("series")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("programme"),
        index.SearchField("recap"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    # A copy is a new event: its own calendar entry, and not the series' date it was copied from.
    exclude_fields_in_copy = ["calendar_uid", "calendar_sequence", "series_occurrence"]

    class Meta:
        verbose_name = "event"
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "series_occurrence"], name="events_eventpage_one_page_per_occurrence"
            ),
        ]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event cannot end before it starts."})
        if self.attendance != self.Attendance.ONLINE and not self.venue_city:
            raise ValidationError({"venue_city": "Say where the event takes place."})
        if (
            self.registration_opens
            and self.registration_deadline
            and self.registration_deadline <= self.registration_opens
        ):
            raise ValidationError({"registration_deadline": "Registration must close after it opens."})
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            raise ValidationError({"registration_deadline": "Registration must close before the event ends."})
        if self.registration_opens and self.start and self.registration_opens >= self.start:
            raise ValidationError({"registration_opens": "Registration must open before the event starts."})

    def save(self, *args, **kwargs):
        # A change of time is a new version of the calendar entry (RFC 5545 SEQUENCE).
        # Never lower, even when an older revision (with its older number) is published again.
        if self.pk:
            saved = EventPage.objects.filter(pk=self.pk).values_list("start", "end", "calendar_sequence").first()
            if saved:
                saved_start, saved_end, saved_sequence = saved
                self.calendar_sequence = max(self.calendar_sequence, saved_sequence)
                if (saved_start, saved_end) != (self.start, self.end):
                    self.calendar_sequence += 1
        super().save(*args, **kwargs)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    # In the event's zone, and marked so that templates do not convert them back to the site's zone.
    @property
    def local_start(self):
        return do_timezone(self.start, self.zone)

    @property
    def local_end(self):
        return do_timezone(self.end, self.zone)

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def is_free(self):
        return not self.price

    def get_meta_description(self):
        return self.search_description or self.summary

    @path("calendar/")
    def calendar_file(self, request):
        from . import views

        return views.event_ics(request, self)

    @property
    def is_online(self):
        return self.attendance != self.Attendance.IN_PERSON

    def get_context(self, request, *args, registration_form=None, registration_error="", **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        if self.series_id:
            # Whether each date is past is worked out when the page is rendered, so the dates keep for long.
            context["series"] = cached(request, f"event-series:{self.series_id}", self.series_with_dates)
        context.update(views.registration_context(request, self, form=registration_form, error=registration_error))
        return context

    def series_with_dates(self):
        """The series this event is part of, with its dates fetched, so that it can be cached."""
        series = self.series
        series.dates  # noqa: B018 -- a cached property, fetched now to go into the cache with the series.
        return series

    @path("register/", name="register")
    def register_route(self, request):
        from . import views

        return views.event_register(request, self)

    @path("register/sent/", name="register_sent")
    def register_sent_route(self, request):
        from . import views

        return views.registration_requested(request, self)

    # The token is URL-safe base64 (secrets.token_urlsafe); anything else is not one and never reaches the database.
    @path("registration/<slug:token>/", name="registration")
    def registration_route(self, request, token):
        from . import views

        return views.registration_detail(request, self, token=token)

    def json_ld(self, request=None) -> str:
        """schema.org `Event` as JSON, safe inside a <script> element; never gives the online link away."""
        page_url = self.get_full_url(request)
        attendance_modes = {
            self.Attendance.ONLINE: "OnlineEventAttendanceMode",
            self.Attendance.IN_PERSON: "OfflineEventAttendanceMode",
            self.Attendance.HYBRID: "MixedEventAttendanceMode",
        }
        place = {
            "@type": "Place",
            "name": self.venue_name or self.venue_city,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.venue_address,
                "addressLocality": self.venue_city,
                "addressCountry": self.venue_country,
            },
        }
        # The join link is for registered people only: online events point at this page instead.
        virtual_location = {"@type": "VirtualLocation", "url": page_url}
        locations = {
            self.Attendance.ONLINE: virtual_location,
            self.Attendance.IN_PERSON: place,
            self.Attendance.HYBRID: [virtual_location, place],
        }
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "url": page_url,
            "startDate": self.local_start.isoformat(),
            "endDate": self.local_end.isoformat(),
            "eventAttendanceMode": f"https://schema.org/{attendance_modes[self.attendance]}",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": locations[self.attendance],
            "organizer": {
                "@type": "Organization",
                "name": "Confederation of European Probation",
                "url": "https://www.cep-probation.org/",
            },
            "isAccessibleForFree": self.is_free,
        }
        if not self.is_free:
            data["offers"] = {"@type": "Offer", "price": str(self.price), "priceCurrency": "EUR", "url": page_url}
        # https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


class Registration(models.Model):
    """One person's place (or place on the waiting list) at an event."""

    class Status(models.TextChoices):
        # Registered from the form: no place is held until the address's owner confirms from the e-mail.
        PENDING = "pending", "Waiting for the address to be confirmed"
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField("e-mail address")
    organisation = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True)
    is_member = models.BooleanField("from a CEP member", default=False)
    reminders_consent = models.BooleanField("agreed to reminders", default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    # The key to the registrant's own page (join link, cancelling): only they have it, by e-mail.
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    # The event's calendar SEQUENCE this person was last sent, so a change of time reaches them once.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # A pending registration is deleted after this, unconfirmed (events.registrations.pending_expire).
    confirm_by = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "event registration"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~models.Q(status="cancelled"),
                name="events_registration_one_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="events_registration_queue")]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    def get_url(self, request=None) -> str:
        """The registrant's own page for this registration, reached by its token: their place, cancel, calendar."""
        return self.event.get_url(request) + self.event.reverse_subpage("registration", kwargs={"token": self.token})


class RegistrationEmail(OutboxMessage):
    """One e-mail to a registrant (confirmation, reminder, change of time), sent exactly once.

    The design's `Reminder(event, registration, kind)` row, used for every message to a registrant so that all of
    them go out through the same claimed, leased path (docs/delivery.md).
    """

    send_task = "events.tasks.registration_emails_send"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registration_emails")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="emails")
    # "confirmation", "waitlisted", "promoted", "reminder-168h", "update-3" … (see events.emails)
    kind = models.CharField(max_length=40)

    class Meta:
        verbose_name = "registration e-mail"
        constraints = [
            models.UniqueConstraint(fields=["event", "registration", "kind"], name="events_registrationemail_once"),
        ]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="events_registrationemail_queue")]

    def __str__(self):
        return f"{self.kind} to registration {self.registration_id}"
