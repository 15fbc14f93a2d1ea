"""The "Membership" menu of the admin: member organisations, applications and people.

Model viewsets rather than snippets: these are records staff manage, not content chosen in pages. The status of a
member changes only through the action views (members.admin_views), which call members.services.
"""

from django.urls import path
from django.utils.text import slugify

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core.admin_views import RecordViewSet
from core.contributions import CountryProfileSection, country_profile_section
from core.images import LOGO_IMAGE
from core.listing_cache import renditions_made
from core.roles import MEMBERSHIP_SECRETARY, ROLE_GRANTS, RoleGrant
from core.visibility import public

from . import admin_views, area, dashboard
from .models import MemberOrganisation, Membership, MembershipApplication, MembershipPage
from .queries import directory_members


class MemberOrganisationViewSet(ModelViewSet):
    model = MemberOrganisation
    name = "member_organisations"
    url_prefix = "membership/organisations"
    icon = "group"
    menu_label = "Member organisations"
    index_view_class = admin_views.MemberOrganisationIndexView
    add_view_class = admin_views.MemberOrganisationCreateView
    edit_view_class = admin_views.MemberOrganisationEditView
    delete_view_class = admin_views.MemberOrganisationDeleteView
    inspect_view_class = admin_views.MemberOrganisationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "kind", "membership_type", "status", "country", "listed_in_directory"]
    list_filter = ["membership_type", "status", "country", "kind", "listed_in_directory"]
    search_fields = ["name", "description", "website"]
    search_backend_name = None
    list_export = [
        "name",
        "get_kind_display",
        "get_membership_type_display",
        "get_status_display",
        "get_country_display",
        "website",
        "listed_in_directory",
        "applied_at",
        "provisional_at",
        "confirmed_at",
        "rejected_at",
        "lapsed_at",
        "main_contact_names",
        "main_contact_emails",
    ]
    export_headings = {
        "get_kind_display": "Kind",
        "get_membership_type_display": "Membership type",
        "get_status_display": "Status",
        "get_country_display": "Country",
        "main_contact_names": "Main contacts",
        "main_contact_emails": "Main contacts' e-mail addresses",
    }
    export_filename = "cep-member-organisations"
    inspect_view_fields = [
        "name",
        "kind",
        "country",
        "membership_type",
        "status",
        "applied_at",
        "provisional_at",
        "confirmed_at",
        "rejected_at",
        "lapsed_at",
        "website",
        "logo",
        "description",
        "listed_in_directory",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("kind"), FieldPanel("country"), FieldPanel("membership_type")],
                heading="Member",
            ),
            FieldPanel("status"),
            admin_views.StatusHistoryPanel(heading="Status and its history"),
            MultiFieldPanel(
                [
                    FieldPanel("listed_in_directory"),
                    FieldPanel("website"),
                    FieldPanel("logo"),
                    FieldPanel("description"),
                ],
                heading="Public directory",
            ),
            MultiFieldPanel([FieldPanel("billing_address"), FieldPanel("vat_number")], heading="Invoicing"),
            InlinePanel(
                "memberships",
                heading="People",
                label="Person",
                panels=[FieldPanel("user"), FieldPanel("role"), FieldPanel("position")],
                help_text="The people of this member. Adding or removing a person gives or takes away members' "
                "access at once (while the membership is provisional or confirmed).",
            ),
        ],
        base_form_class=admin_views.MemberOrganisationForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            confirm_url_name=self.get_url_name("confirm"), lapse_url_name=self.get_url_name("lapse"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("confirm/<int:pk>/", self.transition_view(admin_views.MemberConfirmView), name="confirm"),
            path("lapse/<int:pk>/", self.transition_view(admin_views.MemberLapseView), name="lapse"),
        ]

    def transition_view(self, view_class):
        return self.construct_view(view_class)


class MembershipApplicationViewSet(RecordViewSet):
    """Applications are what the applicant sent: staff read them and decide, but do not edit or add them."""

    model = MembershipApplication
    name = "membership_applications"
    url_prefix = "membership/applications"
    icon = "form"
    menu_label = "Applications"
    index_view_class = admin_views.ApplicationIndexView
    inspect_view_class = admin_views.ApplicationInspectView
    deletable = True
    # Deciding on an application is changing it.
    permission_actions = ("view", "change", "delete")
    list_display = [
        "member_name",
        "applied_as",
        "membership_type",
        "country",
        "created_at",
        "decision",
        "member_status",
    ]
    list_filter = ["decision", "applied_as", "membership_type", "country"]
    search_fields = ["member__name", "contact_name", "applicant__email"]
    search_backend_name = None
    list_export = [
        "member.name",
        "get_applied_as_display",
        "get_membership_type_display",
        "get_country_display",
        "contact_name",
        "contact_position",
        "contact_phone",
        "applicant.email",
        "created_at",
        "get_decision_display",
        "decided_at",
        "rejection_reason",
        "member_status",
    ]
    export_headings = {
        "member.name": "Applicant",
        "get_applied_as_display": "Applied as",
        "get_membership_type_display": "Type applied for",
        "get_country_display": "Country",
        "applicant.email": "Applicant's e-mail address",
        "get_decision_display": "Decision",
        "member_status": "Membership status",
    }
    export_filename = "cep-membership-applications"
    inspect_view_fields = [
        "member",
        "applied_as",
        "membership_type",
        "country",
        "applicant",
        "contact_name",
        "contact_position",
        "contact_phone",
        "statute",
        "motivation",
        "created_at",
        "decision",
        "decided_by",
        "decided_at",
        "rejection_reason",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            approve_url_name=self.get_url_name("approve"),
            reject_url_name=self.get_url_name("reject"),
            confirm_url_name=self.get_url_name("confirm"),
            statute_url_name=self.get_url_name("statute"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("statute/<int:pk>/", self.construct_view(admin_views.StatuteDownloadView), name="statute"),
            path("approve/<int:pk>/", self.construct_view(admin_views.ApplicationApproveView), name="approve"),
            path("reject/<int:pk>/", self.construct_view(admin_views.ApplicationRejectView), name="reject"),
            path("confirm/<int:pk>/", self.construct_view(admin_views.ApplicationConfirmView), name="confirm"),
        ]


class MembershipViewSet(RecordViewSet):
    """Everyone who belongs to a member, for finding a person and exporting contact lists.

    People are added to and removed from a member on the member's own edit view, which keeps the group in step.
    """

    model = Membership
    name = "member_people"
    url_prefix = "membership/people"
    icon = "user"
    menu_label = "People"
    list_display = ["user", "user__email", "member", "role", "position", "member__status"]
    list_filter = ["role", "member__status", "member__country"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "member__name"]
    search_backend_name = None
    list_export = [
        "user.get_full_name",
        "user.email",
        "member.name",
        "get_role_display",
        "position",
        "member.get_status_display",
        "member.get_country_display",
    ]
    export_headings = {
        "user.get_full_name": "Name",
        "user.email": "E-mail address",
        "member.name": "Member",
        "get_role_display": "Role",
        "member.get_status_display": "Membership status",
        "member.get_country_display": "Country",
    }
    export_filename = "cep-member-people"


class MembershipViewSetGroup(ModelViewSetGroup):
    items = (MemberOrganisationViewSet, MembershipApplicationViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = "Membership"
    menu_name = "membership"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipViewSetGroup()


@hooks.register(ROLE_GRANTS)
def membership_secretary_permissions():
    # What the viewsets above check: deciding on an application is changing it, and people are added to and removed
    # from a member on the member's edit view, so memberships themselves are only viewed (the "People" list).
    return [
        RoleGrant(
            MEMBERSHIP_SECRETARY,
            permissions=(
                "members.view_membershipapplication",
                "members.change_membershipapplication",
                "members.view_memberorganisation",
                "members.add_memberorganisation",
                "members.change_memberorganisation",
                "members.view_membership",
            ),
        )
    ]


# ---------------------------------------------------------------------------
# The members' area (members/area.py; docs/members.md, "Members-only content")
# ---------------------------------------------------------------------------


@hooks.register("after_create_page")
def members_area_restrict_when_created(request, page):
    # A new members' area (or a page type of another app that says so: the General Assembly's index) is members-only
    # from the start, and its documents have a restricted collection to go to.
    if getattr(page.specific_class, "members_only_from_creation", False):
        area.members_area_restrict(page)
        area.members_collection()


# After Wagtail's own `before_serve_page` hooks (order 0: the request method check).
@hooks.register("before_serve_page", order=10)
def members_only_page_access(page, request, serve_args, serve_kwargs):
    # Wagtail refuses staff who are not superusers, and sends a logged-in non-member to the login page again.
    return area.page_members_only_response(page, request, serve_args, serve_kwargs)


# Before Wagtail's own check, which would send a logged-in non-member to the login page and refuse staff.
@hooks.register("before_serve_document", order=-10)
def members_only_document_access(document, request):
    return area.document_members_only_response(document, request)


hooks.register("construct_homepage_panels", dashboard.applications_panel)


@hooks.register("register_log_actions")
def membership_log_actions(actions):
    """The decisions staff take, in each record's history and the site history report (services.py logs them)."""
    actions.register_action("cep.application.approve", "Approve application", "Application approved")
    actions.register_action("cep.application.reject", "Reject application", "Application rejected")
    actions.register_action("cep.membership.confirm", "Confirm membership", "Membership confirmed")
    actions.register_action("cep.membership.lapse", "Lapse membership", "Membership lapsed")
    actions.register_action("cep.membership.restore", "Restore membership", "Membership restored")


@country_profile_section("members")
def members_in_country(country_page, *, limit):
    """The organisations of the country the public directory lists, all of them: a country has a handful."""
    members = directory_members(with_contacts=False, country=country_page.country)
    renditions_made([member.logo for member in members], LOGO_IMAGE)
    membership_page = public(MembershipPage.objects.live()).first() if members else None
    directory_url = ""
    if membership_page:
        directory = membership_page.url + membership_page.reverse_subpage("directory")
        directory_url = f"{directory}#country-{slugify(country_page.country_name)}"
    return CountryProfileSection(
        slug="members",
        heading="CEP members",
        template="members/includes/country_section.html",
        items=members,
        order=10,
        list_url=directory_url,
        list_label=f"{country_page.country_name} in the member directory",
    )
