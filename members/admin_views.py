"""Admin views for membership: the listings, the edit views that keep the "Members" group in step, and one
confirmation view per transition (GET shows what will happen, POST calls the service)."""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import Panel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from core.admin_views import RecordActionView

from . import services
from .models import ACTIVE_STATUSES, MemberOrganisation, Membership, MembershipApplication, MemberStatus
from .queries import member_people

# ---------------------------------------------------------------------------
# Member organisations: the form, the status panel, and views that keep the group in step
# ---------------------------------------------------------------------------


class MemberOrganisationForm(WagtailAdminModelForm):
    """Staff set the status only when entering a member (one who joined before the site); after that, the status
    changes only through the actions, which log it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("status", None)
        elif "status" in self.fields:
            self.fields["status"].choices = [
                (value, label)
                for value, label in MemberStatus.choices
                if value in (MemberStatus.APPLIED, *ACTIVE_STATUSES)
            ]
            self.fields["status"].help_text = (
                "For a member who joined before this site: provisional or confirmed. New applicants come "
                "through the application form."
            )


class StatusHistoryPanel(Panel):
    """The member's status and every change to it, read-only, on the edit view."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "members/admin/status_history_panel.html"

        def is_shown(self):
            return bool(self.instance is not None and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["member"] = self.instance
            context["status_changes"] = self.instance.status_changes.select_related("changed_by")
            return context


def memberships_user_ids(member_pk) -> set[int]:
    return set(Membership.objects.filter(member_id=member_pk).values_list("user_id", flat=True))


class MemberOrganisationIndexView(generic.IndexView):
    confirm_url_name = None
    lapse_url_name = None

    def get_base_queryset(self):
        # The CSV export lists each member's main contacts: fetch them with the page, not one query per row.
        people = Membership.objects.select_related("user")
        return super().get_base_queryset().prefetch_related(Prefetch("memberships", queryset=people))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission("change"):
            return buttons
        for label, url_name, icon, allowed in member_actions(instance):
            url_name = getattr(self, f"{url_name}_url_name")
            if allowed and url_name:
                buttons.append(MenuItem(label, url=reverse(url_name, args=(quote(instance.pk),)), icon_name=icon))
        return buttons


def member_actions(member: MemberOrganisation):
    """(label, action, icon, allowed now) for each action on a member."""
    return [
        ("Confirm (General Assembly)", "confirm", "check", member.status == MemberStatus.PROVISIONAL),
        ("Lapse", "lapse", "cross", member.status in ACTIVE_STATUSES),
    ]


class MemberOrganisationCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.member_record(instance, by=self.request.user)
        return instance


class MemberOrganisationEditView(generic.EditView):
    def save_instance(self):
        before = memberships_user_ids(self.object.pk)
        instance = super().save_instance()
        # People added or removed in the form join or leave the "Members" group now.
        services.members_group_sync(before | memberships_user_ids(instance.pk))
        return instance


class MemberOrganisationDeleteView(generic.DeleteView):
    def delete_action(self):
        people = memberships_user_ids(self.object.pk)
        super().delete_action()
        services.members_group_sync(people)


class MemberOrganisationInspectView(generic.InspectView):
    template_name = "members/admin/member_inspect.html"
    confirm_url_name = None
    lapse_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people"] = member_people(self.object)
        context["status_changes"] = self.object.status_changes.select_related("changed_by")
        context["applications"] = self.object.applications.all()
        context["actions"] = [
            (label, reverse(getattr(self, f"{name}_url_name"), args=(quote(self.object.pk),)))
            for label, name, _icon, allowed in member_actions(self.object)
            if allowed and getattr(self, f"{name}_url_name") and self.user_has_permission("change")
        ]
        return context


# ---------------------------------------------------------------------------
# Applications: read-only records with the decisions as actions
# ---------------------------------------------------------------------------


def application_actions(application: MembershipApplication):
    """(label, action, icon, allowed now) for each decision on an application; the services have the last word."""
    status = application.member.status
    decision = application.decision
    Decision = MembershipApplication.Decision
    return [
        ("Approve (provisional access)", "approve", "check", decision == Decision.PENDING and status == "applied"),
        ("Reject", "reject", "cross", decision != Decision.REJECTED and status in ("applied", "provisional")),
        ("Confirm (General Assembly)", "confirm", "check", status == MemberStatus.PROVISIONAL),
    ]


class ApplicationIndexView(generic.IndexView):
    approve_url_name = None
    reject_url_name = None
    confirm_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "applicant")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission("change"):
            return buttons
        for label, name, icon, allowed in application_actions(instance):
            url_name = getattr(self, f"{name}_url_name")
            if allowed and url_name:
                buttons.append(MenuItem(label, url=reverse(url_name, args=(quote(instance.pk),)), icon_name=icon))
        return buttons


class ApplicationInspectView(generic.InspectView):
    template_name = "members/admin/application_inspect.html"
    approve_url_name = None
    reject_url_name = None
    confirm_url_name = None
    statute_url_name = None

    def get_statute_display_value(self):
        if not self.object.statute or not self.statute_url_name:
            return "–"
        return format_html(
            '<a href="{}">Download the statute (PDF)</a>', reverse(self.statute_url_name, args=(self.object.pk,))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [
            (label, reverse(getattr(self, f"{name}_url_name"), args=(quote(self.object.pk),)))
            for label, name, _icon, allowed in application_actions(self.object)
            if allowed and getattr(self, f"{name}_url_name") and self.user_has_permission("change")
        ]
        context["status_changes"] = self.object.member.status_changes.select_related("changed_by")
        return context


class StatuteDownloadView(PermissionCheckedMixin, TemplateView):
    """Statutes are not public files: staff download them through this view, never from a media address."""

    model = MembershipApplication
    any_permission_required = ["change", "view"]

    def get(self, request, pk):
        application = get_object_or_404(MembershipApplication.objects.select_related("member"), pk=pk)
        if not application.statute:
            raise Http404("This application has no statute.")
        return FileResponse(
            application.statute.open("rb"),
            as_attachment=True,
            filename=f"statute-{slugify(application.member.name) or application.pk}.pdf",
            content_type="application/pdf",
        )


# ---------------------------------------------------------------------------
# Transitions: a confirmation page, then the service
# ---------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept in the status log."
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to the applicant in the e-mail and kept in the status log.",
    )


class TransitionView(RecordActionView):
    """GET: what the action will do, and a button. POST: do it through the service, then say how it went.

    A refused transition (the status moved on meanwhile, a double click) is a message, never an error page.
    """

    template_name = "members/admin/transition_confirm.html"
    header_icon = ""
    form_class = None
    explanation = ""
    success_message = ""
    button_class = "button"

    def get_form(self):
        if self.form_class is None:
            return None
        # Bound on every POST, even an empty one: a form of optional fields is then valid.
        return self.form_class(self.request.POST if self.request.method == "POST" else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            form=kwargs.get("form") or self.get_form(),
            explanation=self.get_explanation(),
            action_label=self.action_label,
            back_url=self.back_url,
            button_class=self.button_class,
        )
        return context

    def get_explanation(self):
        return self.explanation

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.perform(form.cleaned_data if form is not None else {})
        except (services.TransitionNotAllowed, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
            return redirect(self.back_url)
        messages.success(request, self.success_message.format(name=self.member_name()))
        return redirect(self.back_url)

    def member_name(self):
        return str(self.object)

    def perform(self, data):
        raise NotImplementedError


class ApplicationTransitionView(TransitionView):
    model = MembershipApplication

    def get_queryset(self):
        return MembershipApplication.objects.select_related("member", "applicant")

    def member_name(self):
        return self.object.member.name


class ApplicationApproveView(ApplicationTransitionView):
    action_label = "Approve the application"
    explanation = (
        "The Board approves the application: the member becomes provisional, its people get members' access, "
        "and the applicant is told by e-mail. The General Assembly confirms the membership later."
    )
    success_message = "{name} is now a provisional member; the applicant has been e-mailed."

    def perform(self, data):
        services.application_approve(self.object, by=self.request.user)


class ApplicationRejectView(ApplicationTransitionView):
    action_label = "Reject the application"
    form_class = ReasonForm
    button_class = "button serious"
    explanation = (
        "The application is refused: the member's status becomes rejected, its people lose any members' access, "
        "and the applicant receives the reason by e-mail."
    )
    success_message = "The application of {name} is rejected; the applicant has been e-mailed."

    def perform(self, data):
        services.application_reject(self.object, by=self.request.user, reason=data["reason"])


class ApplicationConfirmView(ApplicationTransitionView):
    action_label = "Confirm the membership"
    form_class = NoteForm
    explanation = "The General Assembly has confirmed this provisional member. Its main contacts are e-mailed."
    success_message = "{name} is now a confirmed member."

    def perform(self, data):
        services.membership_confirm(self.object.member, by=self.request.user, note=data.get("note", ""))


class MemberConfirmView(TransitionView):
    model = MemberOrganisation
    action_label = "Confirm the membership"
    form_class = NoteForm
    explanation = "The General Assembly has confirmed this provisional member. Its main contacts are e-mailed."
    success_message = "{name} is now a confirmed member."

    def perform(self, data):
        services.membership_confirm(self.object, by=self.request.user, note=data.get("note", ""))


class MemberLapseView(TransitionView):
    model = MemberOrganisation
    action_label = "Lapse the membership"
    form_class = NoteForm
    button_class = "button serious"
    explanation = (
        "The membership ends: its people lose members' access and its main contacts are e-mailed. The note is "
        "kept in the status log and included in the e-mail."
    )
    success_message = "The membership of {name} has lapsed."

    def perform(self, data):
        services.membership_lapse(self.object, by=self.request.user, note=data.get("note", ""))
