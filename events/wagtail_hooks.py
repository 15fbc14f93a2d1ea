"""The "Events" menu of the admin: event series (and, later, registrations).

Saving a series in the admin makes the event pages of its dates that have none yet (events.series); pages already
made, moved or retitled by an editor are left as they are.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils import dateformat, timezone

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TitleFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.contributions import CountryProfileSection, TopicHubSection, country_profile_section, topic_hub_section
from core.models import checkboxes_panel
from core.review import REVIEWED_SECTIONS
from core.roles import EVENTS_TEAM, IMAGES_AND_DOCUMENTS, ROLE_GRANTS, RoleGrant

from . import dashboard
from .admin_views import RegistrationViewSet, event_registrations_button
from .forms import EventSeriesForm
from .models import EventIndexPage, EventPage, EventSeries
from .queries import upcoming_for_countries, upcoming_for_topics
from .series import series_events_create, series_events_off_rule, series_events_publishable, series_events_submit


class EventSeriesIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(event_count=Count("events"))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class SeriesEventsCreateMixin:
    """After the series is saved, make its missing event pages and say what was made.

    In the same transaction as the series: if making the pages fails, the series is not saved either.
    """

    series_events = ()
    series_notes = ()

    def save_instance(self):
        series = super().save_instance()
        self.series_events, self.series_notes = self.series_events_make(series)
        return series

    def series_events_make(self, series):
        """The pages made, and the messages for the editor as (level, text) pairs."""
        indexes = list(EventIndexPage.objects.all()[:2])
        if len(indexes) != 1:
            return [], [("warning", "No event pages were made: the site needs exactly one events page to hold them.")]
        index = indexes[0]
        publishable = series_events_publishable(series)
        permissions = index.permissions_for_user(self.request.user)
        if not permissions.can_add_subpage():
            return [], [("warning", f"No event pages were made: you may not add events under '{index.title}'.")]
        # Someone who may not publish (the Events team) makes online events as drafts, sent to the review.
        publish = publishable and permissions.can_publish_subpage()
        events = series_events_create(series, index=index, user=self.request.user, publish=publish)
        notes = []
        if events and publish:
            notes.append(("success", f"Created {plural(len(events), 'event')} of {series.title}."))
        elif events and publishable and series_events_submit(events, self.request.user):
            notes.append(
                (
                    "success",
                    f"Created {plural(len(events), 'event')} of {series.title} and submitted them for review: "
                    "a moderator publishes them.",
                )
            )
        elif events and publishable:
            notes.append(
                ("success", f"Created {plural(len(events), 'event')} of {series.title} as drafts, for a moderator.")
            )
        elif events:
            notes.append(
                (
                    "success",
                    f"Created {plural(len(events), 'event')} of {series.title} as drafts: "
                    "add where each takes place, then publish it.",
                )
            )
        off_rule = series_events_off_rule(series)
        if off_rule:
            notes.append(
                (
                    "warning",
                    f"{plural(off_rule, 'event')} of the series {'is' if off_rule == 1 else 'are'} on a date its "
                    "rule no longer gives, and left as they are; delete any that should go.",
                )
            )
        return events, notes

    def save_action(self):
        response = super().save_action()
        if self.expects_json_response:
            return response
        for level, text in self.series_notes:
            if level == "success":
                url = reverse("wagtailadmin_explore", args=[self.series_events[0].get_parent().pk])
                messages.success(self.request, text, buttons=[messages.button(url, "See the events")])
            else:
                messages.warning(self.request, text)
        return response


class EventSeriesCreateView(SeriesEventsCreateMixin, snippet_views.CreateView):
    pass


class EventSeriesEditView(SeriesEventsCreateMixin, snippet_views.EditView):
    pass


def first_start_in_series_zone(series):
    return dateformat.format(timezone.localtime(series.first_start, series.zone), "j M Y, H:i T")


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = "Event series"
    index_view_class = EventSeriesIndexView
    add_view_class = EventSeriesCreateView
    edit_view_class = EventSeriesEditView
    copy_view_enabled = False
    list_display = [
        "title",
        Column("first_start", label="First start", accessor=first_start_in_series_zone, sort_key="first_start"),
        Column("event_count", label="Number of events", sort_key="event_count"),
    ]
    search_fields = ["title"]
    search_backend_name = None  # series are not in the site's search index: plain database filters
    edit_handler = ObjectList(
        [
            # The slug follows the title as it is typed, as on pages, until the editor changes it.
            TitleFieldPanel("title"),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("recurrence_rule"),
                    FieldRowPanel([FieldPanel("first_start"), FieldPanel("time_zone")]),
                    FieldPanel("duration_minutes"),
                ],
                "When",
            ),
            MultiFieldPanel(
                [FieldPanel("kind"), FieldPanel("attendance"), FieldPanel("summary"), checkboxes_panel("topics")],
                "Each event",
            ),
        ],
        base_form_class=EventSeriesForm,
    )


class EventsAdminGroup(SnippetViewSetGroup):
    """Events admin: what staff manage about events besides the pages themselves.

    Add viewsets for events here (e.g. registrations, events.admin_views.RegistrationViewSet).
    """

    items = (EventSeriesViewSet, RegistrationViewSet)
    menu_icon = "date"
    menu_label = "Events"
    menu_name = "events-admin"


register_snippet(EventsAdminGroup)

# A "Registrations" button on an event's admin page, to the list of that event's registrations.
hooks.register("register_page_header_buttons", event_registrations_button)


@topic_hub_section("events")
def events_on_topics(topics, *, limit):
    return TopicHubSection(
        slug="events",
        heading="Upcoming events",
        chip="Events",
        template="events/includes/topic_hub_section.html",
        items=upcoming_for_topics(topics, limit=limit),
        order=20,
    )


@country_profile_section("events")
def events_in_country(country_page, *, limit):
    return CountryProfileSection(
        slug="events",
        heading="Upcoming events",
        template="events/includes/country_section.html",
        items=upcoming_for_countries([country_page], limit=limit),
        order=30,
    )


hooks.register("construct_homepage_panels", dashboard.upcoming_events_panel)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def upcoming_event_without_registration_warn(request, page):
    # Registration is on by default; an editor who turned it off is told what visitors will (not) see.
    if isinstance(page, EventPage) and not page.takes_registrations and page.end > timezone.now():
        messages.warning(
            request,
            f"'{page.title}' takes no registrations on this site: its page shows no form. If people should register "
            "here, tick 'Registration on this page'.",
        )


@hooks.register(ROLE_GRANTS)
def events_team_permissions():
    # "view" lists and exports the registrations; "change" corrects a registrant's details and promotes from the
    # waiting list (admin_views). Registrations are never added in the admin, and deleting one is for Administrators.
    # The team also runs event series, and drafts the events they make, for the Communications review to publish.
    return [
        RoleGrant(
            EVENTS_TEAM,
            permissions=(
                "events.view_registration",
                "events.change_registration",
                "events.view_eventseries",
                "events.add_eventseries",
                "events.change_eventseries",
            ),
            page_actions=("add", "change"),
            pages=EventIndexPage.objects.all,
            collection_permissions=IMAGES_AND_DOCUMENTS,
        )
    ]


@hooks.register("register_log_actions")
def registrations_log_actions(actions):
    actions.register_action("cep.registrations.export", "Export registrations", "Registrations exported")


# Event pages go through the Communications review (core/review.py).
hooks.register(REVIEWED_SECTIONS, EventIndexPage.objects.all)
