"""Nominations in the Wagtail admin: the jury's list, a nomination shown whole, its review, and its PDF.

The jury changes only a nomination's status and notes: what the nominator sent is shown, never edited, and
nominations are not added here (only the public form makes them). Supporting PDFs are not public files: they are
downloaded through `SupportingPdfDownloadView`, which checks the permission, never from a media address.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import slugify
from django.views.generic import View

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from .models import Nomination


class NominationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("call", "category")


def supporting_pdf_link(nomination: Nomination, url_name: str | None):
    if not nomination.supporting_pdf or not url_name:
        return "None sent"
    return format_html(
        '<a href="{}">Download the supporting document (PDF)</a>', reverse(url_name, args=(nomination.pk,))
    )


class NominationInspectView(InspectView):
    supporting_pdf_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(Nomination.objects.select_related("call", "category"), pk=self.pk)

    def get_supporting_pdf_display_value(self):
        return supporting_pdf_link(self.object, self.supporting_pdf_url_name)


class NominationEditView(EditView):
    """The jury's review: the PDF is in reach beside the title, as on the nomination's own page."""

    supporting_pdf_url_name = None

    @cached_property
    def header_buttons(self):
        if not self.object.supporting_pdf or not self.supporting_pdf_url_name:
            return []
        url = reverse(self.supporting_pdf_url_name, args=(self.object.pk,))
        return [HeaderButton("Supporting document (PDF)", url=url, icon_name="download")]


class SupportingPdfDownloadView(PermissionCheckedMixin, View):
    """The nomination's PDF, as an attachment, to those who may view or review nominations."""

    model = Nomination
    any_permission_required = ["view", "change"]

    def get(self, request, pk):
        nomination = get_object_or_404(Nomination, pk=pk)
        if not nomination.supporting_pdf:
            raise Http404("This nomination has no supporting document.")
        return FileResponse(
            nomination.supporting_pdf.open("rb"),
            as_attachment=True,
            filename=f"nomination-{nomination.pk}-{slugify(nomination.nominee)[:60] or 'document'}.pdf",
            content_type="application/pdf",
        )


class NominationViewSet(ModelViewSet):
    model = Nomination
    name = "award_nominations"
    url_prefix = "awards/nominations"
    icon = "pick"
    menu_label = "Nominations"
    index_view_class = NominationIndexView
    inspect_view_class = NominationInspectView
    edit_view_class = NominationEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "nominee",
        "organisation",
        Column("country", label="Country", accessor="get_country_display"),
        "category",
        Column("call", label="Award", accessor="call"),
        "status",
        DateColumn("received_at", label="Received"),
    ]
    list_filter = ["call", "category", "status"]
    search_fields = ["nominee", "organisation", "nominator_name"]
    search_backend_name = None  # nominations are not in the site's search index: plain database filters
    ordering = ["-received_at"]
    inspect_view_fields = [
        "call",
        "category",
        "nominee",
        "organisation",
        "country",
        "motivation",
        "supporting_pdf",
        "nominator_name",
        "nominator_email",
        "received_at",
        "status",
        "jury_notes",
    ]
    # The review: what was sent, read-only, above the two fields the jury sets.
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("call", read_only=True), FieldPanel("category", read_only=True)]),
                    FieldPanel("nominee", read_only=True),
                    FieldRowPanel([FieldPanel("organisation", read_only=True), FieldPanel("country", read_only=True)]),
                    FieldPanel("motivation", read_only=True),
                    FieldRowPanel(
                        [FieldPanel("nominator_name", read_only=True), FieldPanel("nominator_email", read_only=True)]
                    ),
                ],
                heading="The nomination",
            ),
            MultiFieldPanel([FieldPanel("status"), FieldPanel("jury_notes")], heading="The jury's review"),
        ]
    )

    def get_common_view_kwargs(self, **kwargs):
        # No "add" view: nominations come from the public form, which checks the call and the PDF.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        return view_kwargs

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(supporting_pdf_url_name=self.get_url_name("supporting_pdf"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(supporting_pdf_url_name=self.get_url_name("supporting_pdf"), **kwargs)

    def get_urlpatterns(self):
        urlpatterns = [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
        download = self.construct_view(SupportingPdfDownloadView)
        return [*urlpatterns, path("supporting-pdf/<int:pk>/", download, name="supporting_pdf")]


class AwardAdminGroup(ModelViewSetGroup):
    items = (NominationViewSet,)
    menu_icon = "pick"
    menu_label = "CEP Award"
    menu_name = "cep-award"
    menu_order = 260
