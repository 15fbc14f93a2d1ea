"""The admin's "Contact messages": what was sent with the contact page's form (core.contact); its "Outgoing e-mail":
the one-off e-mails of the outbox (core.mail), for staff to see what failed; both's part of a person's data
export and erasure; and Reports › "Documents search cannot read" (core/documents.py).

A model viewset, not a snippet: the messages are records, not content chosen in pages, and a snippet's save would
empty the page cache (core/page_cache.py). Staff read and delete them; nobody adds or edits one. Who may see
them is the model's permissions ("view" and "delete"; migration 0004 gives both to Editors and Moderators).
"""

import django_filters

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from . import dashboard
from .admin_views import DocumentsSearchReportView, RecordViewSet
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


class ContactSubmissionViewSet(RecordViewSet):
    model = ContactSubmission
    name = "contact_submissions"
    url_prefix = "contact-messages"
    icon = "mail"
    menu_label = "Contact messages"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ContactSubmissionIndexView
    inspect_view_class = ContactSubmissionInspectView
    # A message is a record of what someone sent: read and deleted, never added or edited.
    deletable = True
    list_display = ["subject", "name", "email", "organisation", "created_at", "delivery_status"]
    filterset_class = ContactSubmissionFilterSet
    search_fields = ["name", "email", "organisation", "subject", "message"]
    search_backend_name = None  # not in the site's search index: plain database filters
    ordering = ["-created_at"]
    inspect_view_fields = ["name", "email", "organisation", "subject", "message", "created_at", "recipient"]


@hooks.register("register_admin_viewset")
def register_contact_submissions():
    return ContactSubmissionViewSet()


class OutboxEmailViewSet(RecordViewSet):
    """Read only, and without the bodies: a queued password reset's link would let whoever reads it into the
    account. Only "view" is a permission; superusers have it."""

    model = OutboxEmail
    name = "outbox_emails"
    url_prefix = "outgoing-email"
    icon = "mail"
    menu_label = "Outgoing e-mail"
    add_to_settings_menu = True
    list_display = ["subject", "kind", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "kind"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_fields = ["kind", "to", "subject", "status", "attempts", "error", "created_at", "sent_at"]


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


hooks.register("construct_homepage_panels", dashboard.recently_edited_pages_panel)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# ---- Documents search cannot read (core/documents.py): a report for staff who can change documents ----


@hooks.register("register_admin_urls")
def documents_search_report_urls():
    return [
        path("reports/documents-search/", DocumentsSearchReportView.as_view(), name="documents_search_report"),
        path(
            "reports/documents-search/results/",
            DocumentsSearchReportView.as_view(results_only=True),
            name="documents_search_report_results",
        ),
    ]


class DocumentsSearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(get_document_model()).user_has_permission(request.user, "change")


@hooks.register("register_reports_menu_item")
def documents_search_report_menu_item():
    return DocumentsSearchReportMenuItem(
        "Documents search cannot read",
        reverse("documents_search_report"),
        name="documents-search",
        icon_name="doc-full-inverse",
        order=1000,
    )
