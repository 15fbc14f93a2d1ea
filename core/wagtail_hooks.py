"""The admin's "Contact messages": what was sent with the contact page's form (core.contact); its "Outgoing e-mail":
the one-off e-mails of the outbox (core.mail), for staff to see what failed; and both's part of a person's data
export and erasure.

A model viewset, not a snippet: the messages are records, not content chosen in pages, and a snippet's save would
empty the page cache (core/page_cache.py). Staff read and delete them; nobody adds or edits one. Who may see
them is the model's permissions ("view" and "delete"; migration 0004 gives both to Editors and Moderators).
"""

import django_filters

from django.contrib.auth import get_permission_codename
from django.urls import path
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .contributions import PERSONAL_DATA, PersonalData, any_address
from .models import ContactSubmission, OutboxEmail


class ContactSubmissionFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label="Sent", widget=DateRangePickerWidget)

    class Meta:
        model = ContactSubmission
        fields = ["created_at"]


class ContactSubmissionIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The delivery status column reads each message's e-mail row.
        return super().get_base_queryset().select_related("email_row")


class ContactSubmissionInspectView(generic.InspectView):
    def get_message_display_value(self):
        # Paragraphs and line breaks as typed; linebreaks() escapes the text first.
        return mark_safe(linebreaks(self.object.message, autoescape=True))  # noqa: S308


class ContactSubmissionViewSet(ModelViewSet):
    model = ContactSubmission
    name = "contact_submissions"
    url_prefix = "contact-messages"
    icon = "mail"
    menu_label = "Contact messages"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ContactSubmissionIndexView
    inspect_view_class = ContactSubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["subject", "name", "email", "organisation", "created_at", "delivery_status"]
    filterset_class = ContactSubmissionFilterSet
    search_fields = ["name", "email", "organisation", "subject", "message"]
    search_backend_name = None  # not in the site's search index: plain database filters
    ordering = ["-created_at"]
    inspect_view_fields = ["name", "email", "organisation", "subject", "message", "created_at", "recipient"]

    def get_common_view_kwargs(self, **kwargs):
        # No add or edit views: a message is a record of what someone sent.
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
        ]

    @property
    def url_finder_class(self):
        # Wagtail's "edit this object" links (e.g. from the history) go to the message itself.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_permissions_to_register(self):
        # Only what the views use: "add" and "change" would be boxes in the group editor that allow nothing.
        codenames = [get_permission_codename(action, self.model._meta) for action in ("view", "delete")]
        return super().get_permissions_to_register().filter(codename__in=codenames)


@hooks.register("register_admin_viewset")
def register_contact_submissions():
    return ContactSubmissionViewSet()


class OutboxEmailViewSet(ModelViewSet):
    """Read only, and without the bodies: a queued password reset's link would let whoever reads it into the
    account. Only "view" is a permission; superusers have it."""

    model = OutboxEmail
    name = "outbox_emails"
    url_prefix = "outgoing-email"
    icon = "mail"
    menu_label = "Outgoing e-mail"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["subject", "kind", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "kind"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_fields = ["kind", "to", "subject", "status", "attempts", "error", "created_at", "sent_at"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_permissions_to_register(self):
        codename = get_permission_codename("view", self.model._meta)
        return super().get_permissions_to_register().filter(codename=codename)


@hooks.register("register_admin_viewset")
def register_outbox_emails():
    return OutboxEmailViewSet()


@hooks.register(PERSONAL_DATA)
def contact_messages_of_a_person():
    def matching(addresses):
        return ContactSubmission.objects.filter(any_address("email", addresses)).order_by("created_at", "pk")

    def export(user, addresses):
        return [
            {
                "name": message.name,
                "email": message.email,
                "organisation": message.organisation,
                "subject": message.subject,
                "message": message.message,
                "sent_at": message.created_at,
            }
            for message in matching(addresses)
        ]

    def erase(user, addresses):
        # With the e-mail to the secretariat that carried each, sent or not (CASCADE).
        matching(addresses).delete()

    return PersonalData(key="contact_messages", export=export, erase=erase)


@hooks.register(PERSONAL_DATA)
def emails_to_a_person():
    def matching(addresses):
        return OutboxEmail.objects.filter(any_address("to", addresses)).order_by("created_at", "pk")

    def export(user, addresses):
        return [
            {"to": email.to, "subject": email.subject, "status": email.status, "sent_at": email.sent_at}
            for email in matching(addresses)
        ]

    def erase(user, addresses):
        matching(addresses).delete()

    return PersonalData(key="emails", export=export, erase=erase)
