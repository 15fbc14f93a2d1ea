"""Sending issues from the Wagtail admin: a test send, send now or at a time, pause and resume, and the progress and
final report with the deliveries behind each of its numbers.

Each view is about one `NewsletterIssuePage` and open only to people who may publish it (sending publishes it).
The views are grouped in `IssueSendingViewSet`, whose own page lists every sending; buttons on an issue's admin
page and in page listings lead to them (`issue_sending_header_buttons`, `issue_sending_listing_buttons`).
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy

from .drafting import INTRODUCTION_PLACEHOLDER
from .models import Delivery, IssueSending, NewsletterIssuePage, Subscriber
from .queries import sending_feedback_counts, sendings_feedback_counts
from .sending import TEST_SEND_MAX_ADDRESSES, sending_cancel, sending_pause, sending_resume, sending_start, test_send

URL_NAMESPACE = "newsletter_sending"
# Editors type times as CEP's office reads them, whatever their own admin time zone.
SEND_TIME_ZONE = ZoneInfo("Europe/Brussels")
SEND_AT_FORMAT = "%Y-%m-%dT%H:%M"
FAILED_ROWS_SHOWN = 200
PROGRESS_REFRESH_SECONDS = 5
DELIVERIES_PER_PAGE = 50


# The lists behind the report's numbers: name in the URL -> (heading, which deliveries). `progress()` counts the same.
DELIVERY_LISTS = {
    "sent": ("Delivered", lambda: Q(status=Delivery.Status.SENT)),
    "deferred": ("Deferred", Delivery.deferred_filter),
    "queued": ("Queued", lambda: Q(status=Delivery.Status.QUEUED) & ~Delivery.deferred_filter()),
    "sending": ("Sending", lambda: Q(status=Delivery.Status.SENDING)),
    "failed": ("Failed", lambda: Q(status=Delivery.Status.FAILED) & ~Delivery.skipped_filter()),
    "skipped": ("Skipped", Delivery.skipped_filter),
}


def sending_url(view_name: str, issue) -> str:
    return reverse(f"{URL_NAMESPACE}:{view_name}", args=[issue.pk])


def can_send(issue, user) -> bool:
    return issue.permissions_for_user(user).can_publish()


# --- Forms ----------------------------------------------------------------------------------------------------


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label="Send a test to",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"One or more e-mail addresses, separated by commas or new lines; at most {TEST_SEND_MAX_ADDRESSES}.",
    )

    def clean_addresses(self) -> list[str]:
        addresses = list(dict.fromkeys(part for part in re.split(r"[\s,;]+", self.cleaned_data["addresses"]) if part))
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(f"Not an e-mail address: {', '.join(invalid)}")
        if not addresses:
            raise ValidationError("Give at least one address.")
        if len(addresses) > TEST_SEND_MAX_ADDRESSES:
            raise ValidationError(f"At most {TEST_SEND_MAX_ADDRESSES} addresses: a test is not a sending.")
        return addresses


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label="When",
        choices=[("now", "Now"), ("later", "At a time I choose")],
        widget=forms.RadioSelect,
        initial="now",
    )
    send_at = forms.CharField(
        label="Date and time (Brussels time)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Only for a scheduled sending; the time in Brussels (CET or CEST).",
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") != "later":
            cleaned["send_at"] = None
            return cleaned
        typed = (cleaned.get("send_at") or "").strip()
        try:
            send_at = datetime.strptime(typed[:16], SEND_AT_FORMAT).replace(tzinfo=SEND_TIME_ZONE)
        except ValueError:
            self.add_error("send_at", "Give the date and time to send at, e.g. 2027-01-05T09:00.")
            return cleaned
        if send_at <= timezone.now():
            self.add_error("send_at", "That time has passed: choose a later one, or send now.")
        cleaned["send_at"] = send_at
        return cleaned


# --- Views ----------------------------------------------------------------------------------------------------


class IssueViewMixin(WagtailAdminTemplateMixin):
    """Loads the issue and refuses anybody who may not publish it."""

    header_icon = "mail"

    def dispatch(self, request, *args, page_id, **kwargs):
        self.issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
        if not can_send(self.issue, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.issue.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.issue.pk]),
                "label": self.issue.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            issue=self.issue,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.issue.pk]),
            test_url=sending_url("test", self.issue),
            send_url=sending_url("send", self.issue),
            progress_url=sending_url("progress", self.issue),
            **kwargs,
        )


class IssueTestSendView(IssueViewMixin, TemplateView):
    template_name = "newsletter/admin/test_send.html"
    page_title = "Send a test"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=TestSendForm(initial={"addresses": request.user.email}))
        )

    def post(self, request, *args, **kwargs):
        form = TestSendForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        addresses = form.cleaned_data["addresses"]
        test_send(self.issue, addresses)
        log(instance=self.issue, action="cep.newsletter.test_send", user=request.user, data={"to": len(addresses)})
        messages.success(
            request,
            f"Test of '{self.issue.get_admin_display_title()}' queued for {', '.join(addresses)}: "
            "it goes out within a minute.",
        )
        return redirect(sending_url("test", self.issue))


class IssueSendView(IssueViewMixin, TemplateView):
    """The form; then a confirmation that says when and to how many; then the sending is recorded."""

    template_name = "newsletter/admin/send.html"
    page_title = "Send or schedule"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sending=IssueSending.objects.filter(issue_id=self.issue.pk)
            .exclude(status=IssueSending.Status.CANCELLED)
            .first(),
            subscriber_count=Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count(),
            placeholder_left=INTRODUCTION_PLACEHOLDER
            in (self.issue.get_latest_revision_as_object().introduction or ""),
            publishes=not self.issue.live or self.issue.has_unpublished_changes,
            time_zone="Brussels",
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=SendForm()))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "cancel":
            sending = IssueSending.objects.filter(issue_id=self.issue.pk).first()
            if sending and sending_cancel(sending):
                log(instance=self.issue, action="cep.newsletter.cancel", user=request.user)
                messages.success(request, "The scheduled sending is cancelled; nothing was sent.")
            else:
                messages.error(
                    request, "That sending has started (or was cancelled already); it cannot be called back."
                )
            return redirect(sending_url("send", self.issue))
        form = SendForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        send_at = form.cleaned_data["send_at"]
        if not form.cleaned_data["confirmed"]:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    confirming=True,
                    send_at=send_at,
                    send_at_value=send_at.strftime(SEND_AT_FORMAT) if send_at else "",
                )
            )
        sending = sending_start(self.issue, by=request.user, send_at=send_at)
        if sending.status == IssueSending.Status.SCHEDULED:
            local = timezone.localtime(sending.send_at, SEND_TIME_ZONE)
            messages.success(request, f"Scheduled to go out on {local.day} {local:%b %Y at %H:%M} Brussels time.")
        else:
            messages.success(request, "Sending has started.")
        return redirect(sending_url("progress", self.issue))


class IssueProgressView(IssueViewMixin, TemplateView):
    template_name = "newsletter/admin/progress.html"
    page_title = "Sending progress"

    def get_context_data(self, **kwargs):
        sending = IssueSending.objects.filter(issue_id=self.issue.pk).select_related("requested_by").first()
        progress = sending.progress() if sending else {}
        failed = (
            Delivery.objects.filter(issue_id=self.issue.pk, status=Delivery.Status.FAILED)
            .select_related("subscriber")
            .order_by("pk")
        )
        under_way = sending is not None and sending.status == IssueSending.Status.SENDING
        return super().get_context_data(
            sending=sending,
            progress=progress,
            pause_url=sending_url("pause", self.issue),
            list_urls={name: delivery_list_url(name, self.issue) for name in DELIVERY_LISTS},
            percent_done=round(100 * progress["done"] / progress["total"]) if progress.get("total") else 0,
            failed_rows=failed[:FAILED_ROWS_SHOWN],
            failed_rows_more=max(progress.get("failed", 0) + progress.get("skipped", 0) - FAILED_ROWS_SHOWN, 0),
            refresh_seconds=PROGRESS_REFRESH_SECONDS if under_way else None,
            feedback=sending_feedback_counts(self.issue.pk),
            send_time_zone=SEND_TIME_ZONE,
            **kwargs,
        )


class IssuePauseView(IssueViewMixin, TemplateView):
    """POST only: pause a sending under way ("pause") or resume a paused one ("resume")."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        sending = IssueSending.objects.filter(issue_id=self.issue.pk).first()
        action = request.POST.get("action")
        if sending is None or action not in ("pause", "resume"):
            messages.error(request, "There is no sending to pause or resume.")
        elif action == "pause" and sending_pause(sending, by=request.user):
            messages.success(
                request, "Sending paused: no more messages go out. Those being sent this second are finished."
            )
        elif action == "resume" and sending_resume(sending, by=request.user):
            messages.success(request, "Sending resumed where it stopped.")
        else:
            messages.error(request, f"The sending is {sending.get_status_display().lower()}: nothing was changed.")
        return redirect(sending_url("progress", self.issue))


def delivery_list_url(name: str, issue) -> str:
    return reverse(f"{URL_NAMESPACE}:deliveries", args=[issue.pk, name])


class IssueDeliveriesView(IssueViewMixin, TemplateView):
    """The deliveries behind one number of the report (DELIVERY_LISTS), a page at a time."""

    template_name = "newsletter/admin/deliveries.html"

    def get(self, request, *args, list_name, **kwargs):
        if list_name not in DELIVERY_LISTS:
            raise Http404("No such list of deliveries.")
        self.list_name = list_name
        self.heading, self.rows_filter = DELIVERY_LISTS[list_name]
        return self.render_to_response(self.get_context_data())

    @property
    def page_title(self):
        return f"{self.heading} deliveries"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        progress = {"url": sending_url("progress", self.issue), "label": IssueProgressView.page_title}
        return [*items[:-1], progress, items[-1]]

    def get_context_data(self, **kwargs):
        rows = (
            Delivery.objects.filter(issue_id=self.issue.pk)
            .filter(self.rows_filter())
            .select_related("subscriber")
            .order_by("pk")
        )
        page = Paginator(rows, DELIVERIES_PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            list_name=self.list_name,
            heading=self.heading,
            page=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            send_time_zone=SEND_TIME_ZONE,
            **kwargs,
        )


class SendingIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Every issue that was sent, is sending or is scheduled, newest first, with its counts."""

    template_name = "newsletter/admin/sendings.html"
    page_title = "Newsletter sendings"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not PagePermissionPolicy().user_has_permission(request.user, "publish"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # The header names the last breadcrumb: without this one it read "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        sendings = list(IssueSending.objects.select_related("issue").order_by("-send_at")[:100])
        counts: dict[int, dict[str, int]] = {}
        rows = (
            Delivery.objects.filter(issue_id__in=[sending.issue_id for sending in sendings])
            .order_by()
            .values_list("issue_id", "status")
            .annotate(count=Count("pk"))
        )
        for issue_id, status, count in rows:
            counts.setdefault(issue_id, {})[status] = count

        feedback = sendings_feedback_counts(sending.issue_id for sending in sendings)

        def summary(issue_id):
            by_status = counts.get(issue_id, {})
            return {
                "waiting": by_status.get("queued", 0) + by_status.get("sending", 0),
                "sent": by_status.get("sent", 0),
                "failed": by_status.get("failed", 0),
                **feedback.get(issue_id, {"bounced": 0, "complained": 0}),
            }

        return super().get_context_data(
            sendings=[(sending, summary(sending.issue_id)) for sending in sendings],
            send_time_zone=SEND_TIME_ZONE,
            **kwargs,
        )


class SendingsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "publish")


class IssueSendingViewSet(ViewSet):
    """Registered by newsletter/wagtail_hooks.py, in the "Newsletter" menu."""

    name = URL_NAMESPACE
    url_prefix = "newsletter/sendings"
    icon = "mail"
    menu_label = "Sendings"
    menu_item_class = SendingsMenuItem

    def get_urlpatterns(self):
        return [
            path("", SendingIndexView.as_view(), name="index"),
            path("<int:page_id>/test/", IssueTestSendView.as_view(), name="test"),
            path("<int:page_id>/send/", IssueSendView.as_view(), name="send"),
            path("<int:page_id>/progress/", IssueProgressView.as_view(), name="progress"),
            path("<int:page_id>/pause/", IssuePauseView.as_view(), name="pause"),
            path("<int:page_id>/deliveries/<str:list_name>/", IssueDeliveriesView.as_view(), name="deliveries"),
        ]


# --- Buttons on issues ----------------------------------------------------------------------------------------

BUTTONS = [
    ("test", "Send test", "mail", 26),
    ("send", "Send / schedule", "mail", 27),
    ("progress", "Sending progress", "time", 28),
]


def is_issue(page) -> bool:
    return issubclass(page.specific_class or type(page), NewsletterIssuePage)


def issue_sending_header_buttons(page, user, view_name=None, next_url=None):
    """ "Send test", "Send / schedule" and "Sending progress" in an issue's admin header."""
    if not is_issue(page) or not can_send(page, user):
        return []
    return [
        Button(label, url=sending_url(name, page), icon_name=icon, priority=priority)
        for name, label, icon, priority in BUTTONS
    ]


class IssueSendingMenuItem(PageMenuItem):
    def is_shown(self, user):
        return can_send(self.page, user)


def issue_sending_listing_buttons(page, user, next_url=None):
    """The same three in the "more" menu of an issue in page listings."""
    if not is_issue(page):
        return []
    return [
        IssueSendingMenuItem(label, url=sending_url(name, page), icon_name=icon, page=page, priority=priority)
        for name, label, icon, priority in BUTTONS
    ]
