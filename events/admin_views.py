"""Registrations in the Wagtail admin: a list per event, a CSV export, and promoting someone from the waiting list.

Staff correct a registrant's details here; places are given and taken only through events.registrations, so a
promotion e-mails the person, and nobody is added here without the e-mails the form sends.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from .models import EventPage, Registration
from .registrations import RegistrationRefused, confirmed_count, registration_promote

INDEX_URL_NAME = "event_registrations:index"
# A cell starting with one of these is run as a formula by spreadsheet programs; registrants type these values.
# https://owasp.org/www-community/attacks/CSV_Injection
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def registrations_url(event) -> str:
    return f"{reverse(INDEX_URL_NAME)}?event={event.pk}"


class RegistrationIndexView(IndexView):
    promote_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Who took the attendees' personal data away, and when: in each event's history.
        for event in EventPage.objects.filter(pk__in=queryset.values("event_id")):
            log(
                instance=event,
                action="cep.registrations.export",
                user=self.request.user,
                data={"format": spreadsheet_format},
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value

    @cached_property
    def header_buttons(self):
        # The export is what the list is mostly for: in sight beside the title, not in the header's menu.
        if not self.show_export_buttons:
            return super().header_buttons
        return [
            *super().header_buttons,
            HeaderButton("Download CSV", url=self.csv_export_url, icon_name="download"),
            HeaderButton("Download XLSX", url=self.xlsx_export_url, icon_name="download"),
        ]

    @cached_property
    def header_more_buttons(self):
        in_sight = {self.csv_export_url, self.xlsx_export_url}
        return [button for button in super().header_more_buttons if button.url not in in_sight]

    @cached_property
    def columns(self):
        # One event's list names the event in its filter: the room goes to the people.
        if self.request.GET.get("event"):
            return [column for column in super().columns if column.name != "event"]
        return super().columns

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Registration.Status.WAITLISTED and self.user_has_permission("change"):
            url = reverse(self.promote_url_name, args=[instance.pk])
            buttons.append(MenuItem("Promote to a place", url=url, icon_name="arrow-up", priority=5))
        return buttons


class RegistrationInspectView(InspectView):
    promote_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.status == Registration.Status.WAITLISTED and self.user_has_permission("change"):
            url = reverse(self.promote_url_name, args=[self.object.pk])
            buttons.append(Button("Promote to a place", url=url, icon_name="arrow-up", priority=5))
        return buttons


class RegistrationPromoteView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation; POST gives the place, even beyond the event's capacity."""

    model = Registration
    permission_required = "change"
    template_name = "events/registration_promote.html"
    page_title = "Promote to a place"
    header_icon = "arrow-up"
    index_url_name = INDEX_URL_NAME
    promote_url_name = None

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Registration.objects.select_related("event"), pk=pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": registrations_url(self.object.event), "label": "Event registrations"},
            {"url": "", "label": self.page_title, "sublabel": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        event = self.object.event
        confirmed = confirmed_count(event)
        return super().get_context_data(
            registration=self.object,
            event=event,
            confirmed=confirmed,
            over_capacity=event.capacity is not None and confirmed >= event.capacity,
            promote_url=reverse(self.promote_url_name, args=[self.object.pk]),
            back_url=registrations_url(event),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            registration = registration_promote(self.object)
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"{registration.name} now has a place; we have e-mailed them.")
        return redirect(registrations_url(self.object.event))


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "event_registrations"
    url_prefix = "events/registrations"
    icon = "group"
    menu_label = "Registrations"
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "event",
        "email",
        "organisation",
        "country",
        BooleanColumn("is_member", label="CEP member"),
        "status",
        DateColumn("created_at", label="Registered"),
    ]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None  # registrations are not in the site's search index: plain database filters
    ordering = ["-created_at"]
    list_export = [
        "event",
        "name",
        "email",
        "organisation",
        "get_country_display",
        "is_member",
        "reminders_consent",
        "get_status_display",
        "created_at",
    ]
    export_headings = {
        "event": "Event",
        "get_country_display": "Country",
        "is_member": "CEP member",
        "reminders_consent": "Reminders",
        "get_status_display": "Status",
        "created_at": "Registered at (UTC)",
    }
    export_filename = "event-registrations"
    # Personal details only: the status changes through the services, which send the e-mails.
    form_fields = ["name", "email", "organisation", "country", "is_member", "reminders_consent"]
    inspect_view_fields = [
        "event",
        "name",
        "email",
        "organisation",
        "country",
        "is_member",
        "reminders_consent",
        "status",
        "created_at",
        "status_changed_at",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No "add" view: registrations come from the form, which checks places and sends the e-mails.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(promote_url_name=self.get_url_name("promote"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(promote_url_name=self.get_url_name("promote"), **kwargs)

    @property
    def promote_view(self):
        return RegistrationPromoteView.as_view(promote_url_name=self.get_url_name("promote"))

    def get_urlpatterns(self):
        urlpatterns = [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
        return [*urlpatterns, path("promote/<int:pk>/", self.promote_view, name="promote")]


def event_registrations_button(page, user, view_name, next_url=None):
    """A "Registrations" button in an event's admin header, to the list of that event's registrations."""
    if not issubclass(page.specific_class or type(page), EventPage):
        return []
    if not policy_registry.get_by_type(Registration).user_has_any_permission(user, ["view", "change"]):
        return []
    return [Button("Registrations", url=registrations_url(page), icon_name="group", priority=25)]
