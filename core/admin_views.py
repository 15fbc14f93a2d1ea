"""The admin's own views: what the views of records share (a record, such as a message someone sent, an e-mail, a
person's membership, is read and where staff may deleted; nobody adds or edits one in the admin), the pages that do
one thing to one record, and the report of the documents search cannot read."""

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from .documents import documents_pages_using
from .models import DocumentText


class RecordViewSet(ModelViewSet):
    """A model viewset with the list and the inspect view only, and the delete view (with its history and usage)
    where `deletable`. Wagtail's "edit this object" links, as from the history, go to the inspect view."""

    deletable = False
    # The permissions the group editor offers for it; None: those the views use, "view" and where deletable "delete".
    permission_actions = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        if not self.deletable:
            kwargs["delete_url_name"] = None
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, **kwargs)

    def get_urlpatterns(self):
        urlpatterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
        if self.deletable:
            urlpatterns += [
                path("delete/<int:pk>/", self.delete_view, name="delete"),
                path("history/<int:pk>/", self.history_view, name="history"),
                path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
                path("usage/<int:pk>/", self.usage_view, name="usage"),
            ]
        return urlpatterns

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_permissions_to_register(self):
        # Only what the views use: "add" and "change" would be boxes in the group editor that allow nothing.
        actions = self.permission_actions or (("view", "delete") if self.deletable else ("view",))
        codenames = [get_permission_codename(action, self.model._meta) for action in actions]
        return super().get_permissions_to_register().filter(codename__in=codenames)


class RecordActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An admin page that does one thing to one record (approve an application, record a payment): GET shows the
    record with a button or a form, POST does it through a service. The breadcrumbs lead back to the list and to
    the record's page, where the view returns."""

    model = None  # which gives PermissionCheckedMixin its policy: without it, nothing would be checked
    permission_required = "change"
    action_label = ""
    index_url_name = None
    index_label = ""  # the list's name in the breadcrumbs; the model's plural name if empty
    inspect_url_name = None  # the record's page, if it has one; else the view returns to the list

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, pk=pk, **kwargs)
        self.object = get_object_or_404(self.get_queryset(), pk=pk)

    def get_queryset(self):
        return self.model.objects.all()

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def back_url(self):
        if self.inspect_url_name:
            return reverse(self.inspect_url_name, args=(quote(self.object.pk),))
        return reverse(self.index_url_name)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": self.index_label or self.model._meta.verbose_name_plural.capitalize(),
            },
        ]
        if self.inspect_url_name:
            items.append({"url": self.back_url, "label": str(self.object)})
        return [*items, {"url": "", "label": self.action_label}]


class DocumentsSearchReportView(ReportView):
    """Reports › "Documents search cannot read": the PDFs whose words search does not know, why, and where they are
    used, for staff who can change documents to replace them (core/documents.py)."""

    page_title = "Documents search cannot read"
    header_icon = "doc-full-inverse"
    results_template_name = "cep_site/admin/documents_search_report_results.html"
    index_url_name = "documents_search_report"
    index_results_url_name = "documents_search_report_results"
    permission_required = "change"
    list_export = ["document.title", "document.filename", "reason", "read_at"]
    export_headings = {"document.title": "Document", "document.filename": "File", "read_at": "Read on"}

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(get_document_model())

    def get_queryset(self):
        # Only the documents of the collections this user may change: those they can replace.
        documents = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return (
            DocumentText.objects.filter(status=DocumentText.Status.UNREADABLE, document__in=documents)
            .select_related("document")
            .order_by("-read_at", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        texts = list(object_list)
        pages_of_document = documents_pages_using([text.document for text in texts])
        for text in texts:
            text.pages = pages_of_document.get(text.document_id, [])
        return texts
