"""Subscribers in the Wagtail admin: the list with filters and a CSV export (for staff with the permission
`newsletter.export_subscriber`), each one's consent record, and the CSV import. Registered in the "Newsletter" menu
by newsletter/wagtail_hooks.py.

Nobody is added by hand: addresses come from the sign-up form, a member's account page or an import, each of
which records consent (newsletter.services). Staff may correct a name, or delete a subscriber (erasure).
"""

import django_filters

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from events.admin_views import spreadsheet_safe

from . import imports
from .admin_feedback import SubscriberInspectView
from .forms import SubscriberImportForm
from .models import NewsletterIndexPage, Subscriber

URL_NAMESPACE = "newsletter_subscribers"


def source_choices():
    """The sources that occur, for the filter: the form, the account page and each import's own name."""
    sources = Subscriber.objects.exclude(source="").order_by("source").values_list("source", flat=True).distinct()
    return [(source, source) for source in sources]


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Subscriber.Status.choices, empty_label="All")
    source = django_filters.ChoiceFilter(choices=source_choices, empty_label="All")
    signed_up_at = django_filters.DateFromToRangeFilter(label="Signed up", widget=DateRangePickerWidget)

    class Meta:
        model = Subscriber
        fields = ["status", "source", "signed_up_at"]


class SubscriberIndexView(IndexView):
    import_url_name = None

    def dispatch(self, request, *args, **kwargs):
        # Seeing subscribers one page at a time is "view"; taking the whole list away needs its own permission.
        if self.is_export and not self.user_has_permission("export"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.user_has_permission("export")

    def preprocess_field_value(self, field, value, export_format):
        # Addresses and names are typed by the public: never let a spreadsheet run them as formulas.
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.import_url_name and self.user_has_permission("add"):
            buttons.append(HeaderButton("Import CSV", url=reverse(self.import_url_name), icon_name="upload"))
        return buttons


class SubscriberImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a CSV file; the same page then shows what was done with each line."""

    model = Subscriber  # the permission policy is the model's (policy_registry)
    permission_required = "add"
    form_class = SubscriberImportForm
    template_name = "newsletter/subscribers_import.html"
    page_title = "Import subscribers"
    header_icon = "upload"
    index_url_name = f"{URL_NAMESPACE}:index"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Newsletter subscribers"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(index_url=reverse(self.index_url_name), **kwargs)

    def form_valid(self, form):
        report = imports.subscribers_import(
            file=form.cleaned_data["file"],
            source=form.cleaned_data["source"].strip(),
            consented=form.cleaned_data["consented"],
            imported_by=self.request.user,
        )
        # A fresh form under the report, for the next file.
        return self.render_to_response(self.get_context_data(form=self.form_class(), report=report))


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = URL_NAMESPACE
    url_prefix = "newsletter/subscribers"
    icon = "user"
    menu_label = "Subscribers"
    index_view_class = SubscriberIndexView
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView  # with the subscriber's bounces and complaints
    copy_view_enabled = False
    list_display = ["email", "name", "status", "source", "signed_up_at", "confirmed_at", "unsubscribed_at"]
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name"]
    search_backend_name = None  # subscribers are not in the site's search index: plain database filters
    ordering = ["-signed_up_at"]
    list_export = [
        "email",
        "name",
        "get_status_display",
        "source",
        "consent_version",
        "signed_up_at",
        "signed_up_ip",
        "confirmed_at",
        "confirmed_ip",
        "unsubscribed_at",
    ]
    export_headings = {
        "email": "E-mail address",
        "name": "Name",
        "get_status_display": "Status",
        "source": "Source",
        "consent_version": "Consent wording version",
        "signed_up_at": "Signed up at (UTC)",
        "signed_up_ip": "Signed up from (IP)",
        "confirmed_at": "Confirmed at (UTC)",
        "confirmed_ip": "Confirmed from (IP)",
        "unsubscribed_at": "Unsubscribed at (UTC)",
    }
    export_filename = "newsletter-subscribers"
    # Only the name: the address and status change through the links and the services, which keep the record.
    form_fields = ["name"]
    inspect_view_fields = [
        "email",
        "name",
        "status",
        "user",
        "source",
        "consent_text",
        "consent_version",
        "signed_up_at",
        "signed_up_ip",
        "confirmation_sent_at",
        "confirmed_at",
        "confirmed_ip",
        "unsubscribed_at",
        "bounce_count",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No "add" view: people subscribe themselves, or come in through an import.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    @property
    def import_view(self):
        return SubscriberImportView.as_view()

    def get_urlpatterns(self):
        urlpatterns = [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
        return [*urlpatterns, path("import/", self.import_view, name="import")]


# ---------------------------------------------------------------------------
# "Issues" in the Newsletter menu: the archive's pages, where issues are written, tested and sent
# ---------------------------------------------------------------------------


def issues_in_explorer(request):
    """The newsletter archive in the page explorer: its issues, newest first, with their Send buttons."""
    archive = NewsletterIndexPage.objects.first()
    if archive is None:
        messages.error(request, "The site has no newsletter archive page yet: add one under the home page.")
        return redirect("wagtailadmin_explore_root")
    return redirect(f"{reverse('wagtailadmin_explore', args=[archive.pk])}?ordering=-latest_revision_created_at")


class IssuesMenuItem(MenuItem):
    """Shown to whoever may edit pages in the archive (Newsletter editor, Editors, Moderators, Administrators)."""

    def is_shown(self, request):
        archive = NewsletterIndexPage.objects.first()
        return archive is None or archive.permissions_for_user(request.user).can_edit()


class IssuesViewSet(ViewSet):
    name = "newsletter_issues"
    url_prefix = "newsletter/issues"
    icon = "doc-full"
    menu_label = "Issues"
    menu_item_class = IssuesMenuItem

    def get_urlpatterns(self):
        return [path("", issues_in_explorer, name="index")]
