"""Bounces and complaints in the Wagtail admin (newsletter.feedback, docs/bounces.md).

- per sending, the subscribers behind each count of the sending report (bounced, soft-bounced, complained), for
  those who may send the issue;
- per subscriber, the history of their bounces and complaints, on their page in the subscriber list;
- "Unprocessed feedback" in the Newsletter menu: mail from the bounce mailbox that could not be read as a report of a
  known subscriber, kept whole, for staff with the permission (the Newsletter editor role).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .admin_sending import IssueViewMixin
from .models import FeedbackEvent, UnprocessedFeedback

URL_NAMESPACE = "newsletter_feedback"
ROWS_PER_PAGE = 100
HISTORY_SHOWN = 100
VIEW_UNPROCESSED = "newsletter.view_unprocessedfeedback"
DELETE_UNPROCESSED = "newsletter.delete_unprocessedfeedback"


class SendingFeedbackView(IssueViewMixin, TemplateView):
    """The subscribers of one sending who bounced hard, bounced soft or complained, with what was reported."""

    template_name = "newsletter/admin/sending_feedback.html"

    def get(self, request, *args, kind, **kwargs):
        if kind not in FeedbackEvent.Kind.values:
            raise Http404
        self.kind = FeedbackEvent.Kind(kind)
        self.page_title = f"{self.kind.label}s"
        events = (
            FeedbackEvent.objects.filter(delivery__issue_id=self.issue.pk, kind=kind)
            .select_related("subscriber")
            .order_by("-occurred_at", "-pk")
        )
        page = Paginator(events, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render_to_response(self.get_context_data(events_page=page, kind=self.kind))


class SubscriberInspectView(InspectView):
    """A subscriber's record, then the history of their bounces and complaints."""

    template_name = "newsletter/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        events = self.object.feedback_events.select_related("delivery__issue").order_by("-occurred_at", "-pk")
        return super().get_context_data(
            feedback_events=events[:HISTORY_SHOWN], feedback_count=self.object.feedback_events.count(), **kwargs
        )


# --- Unprocessed feedback -------------------------------------------------------------------------------------


class UnprocessedMixin(WagtailAdminTemplateMixin):
    header_icon = "warning"
    permission = VIEW_UNPROCESSED

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # The header shows the breadcrumbs and names the page by the last one: without it, "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class UnprocessedIndexView(UnprocessedMixin, TemplateView):
    template_name = "newsletter/admin/unprocessed_index.html"
    page_title = "Unprocessed feedback"

    def get_context_data(self, **kwargs):
        mails = UnprocessedFeedback.objects.defer("raw").order_by("-received_at", "-pk")
        page = Paginator(mails, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(mails_page=page, **kwargs)


class UnprocessedDetailView(UnprocessedMixin, TemplateView):
    template_name = "newsletter/admin/unprocessed_detail.html"
    page_title = "Unprocessed feedback"

    def get_context_data(self, **kwargs):
        mail = get_object_or_404(UnprocessedFeedback, pk=self.kwargs["pk"])
        return super().get_context_data(
            mail=mail,
            can_delete=self.request.user.has_perm(DELETE_UNPROCESSED),
            index_url=reverse(f"{URL_NAMESPACE}:unprocessed"),
            **kwargs,
        )

    def get_page_subtitle(self):
        return str(get_object_or_404(UnprocessedFeedback, pk=self.kwargs["pk"]))

    def get_breadcrumbs_items(self):
        index = {"url": reverse(f"{URL_NAMESPACE}:unprocessed"), "label": self.page_title}
        return [*self.breadcrumbs_items, index, {"url": "", "label": self.get_page_subtitle()}]


class UnprocessedDeleteView(UnprocessedMixin, TemplateView):
    """POST: discard a mail once staff have dealt with it (a bounce in free text: mark the subscriber by hand)."""

    permission = DELETE_UNPROCESSED
    http_method_names = ["post"]

    def post(self, request, *args, pk, **kwargs):
        get_object_or_404(UnprocessedFeedback, pk=pk).delete()
        messages.success(request, "The mail is deleted.")
        return redirect(f"{URL_NAMESPACE}:unprocessed")


class UnprocessedMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_UNPROCESSED)


class FeedbackViewSet(ViewSet):
    """Registered by newsletter/wagtail_hooks.py, in the "Newsletter" menu as "Unprocessed feedback"."""

    name = URL_NAMESPACE
    url_prefix = "newsletter/feedback"
    icon = "warning"
    menu_label = "Unprocessed feedback"
    menu_item_class = UnprocessedMenuItem

    def get_urlpatterns(self):
        return [
            path("", UnprocessedIndexView.as_view(), name="unprocessed"),
            path("<int:pk>/", UnprocessedDetailView.as_view(), name="unprocessed_detail"),
            path("<int:pk>/delete/", UnprocessedDeleteView.as_view(), name="unprocessed_delete"),
            path("sendings/<int:page_id>/<str:kind>/", SendingFeedbackView.as_view(), name="sending"),
        ]
