import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.countries import COUNTRY_CHOICES
from core.models import BasePage, hero_image_field

from .area import MembersAreaDocument, MembersAreaPage, MembersCallPage  # noqa: F401 (the members' area's models)
from .blocks import MembershipTypesBlock


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        # Addresses are matched case-insensitively, as mail servers treat them.
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person with a login: staff who edit the site and members who manage their membership.

    Being a member is a relation (see the membership models), not a flag on the user.
    """

    username = None
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


# ---------------------------------------------------------------------------
# Membership: who is a member of CEP, and how they got there
# ---------------------------------------------------------------------------
# Being a member is never a flag: a person is a member while they have a `Membership` of a member whose status
# is provisional or confirmed (`members.queries.user_is_member`). The "Members" group that Wagtail's view
# restrictions check is kept in step with that by `members.services.members_group_sync`.

MEMBERS_GROUP_NAME = "Members"


def statute_upload_to(instance, filename):
    # A random name: the address of a statute must not be guessable from the organisation's name.
    return f"member-statutes/{uuid.uuid4().hex}.pdf"


class MembershipType(models.TextChoices):
    FULL = "full", "Full member"
    ASSOCIATE = "associate", "Associate member"


class MemberKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    INDIVIDUAL = "individual", "Individual"


class MemberStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    PROVISIONAL = "provisional", "Provisional"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"
    LAPSED = "lapsed", "Lapsed"


# Members in these states have members' access (and are in the "Members" group).
ACTIVE_STATUSES = (MemberStatus.PROVISIONAL, MemberStatus.CONFIRMED)

# The date field each status sets when a member enters it.
STATUS_DATE_FIELDS = {
    MemberStatus.APPLIED: "applied_at",
    MemberStatus.PROVISIONAL: "provisional_at",
    MemberStatus.CONFIRMED: "confirmed_at",
    MemberStatus.REJECTED: "rejected_at",
    MemberStatus.LAPSED: "lapsed_at",
}


class MemberOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class MemberOrganisation(ClusterableModel):
    """A member of CEP: an organisation, or one person as an individual associate member (kind "individual").

    The status changes only through the functions in `members.services`, each of which logs the change.
    """

    name = models.CharField(
        max_length=255, help_text="The organisation's name as it should appear, or the person's full name."
    )
    kind = models.CharField(
        max_length=20,
        choices=MemberKind.choices,
        default=MemberKind.ORGANISATION,
        help_text="An organisation, or a private person who is an individual associate member.",
    )
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, help_text="Where the member is based.")
    membership_type = models.CharField(
        max_length=20,
        choices=MembershipType.choices,
        help_text="Full members provide probation and vote; associate members have the same entitlements "
        "without a vote. Only organisations can be full members.",
    )
    status = models.CharField(
        max_length=20,
        choices=MemberStatus.choices,
        default=MemberStatus.APPLIED,
        help_text="Where the membership stands. After creation it changes only through the actions "
        "(approve, reject, confirm, lapse), so every change is logged.",
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    provisional_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    website = models.URLField(blank=True, help_text="The organisation's own site, shown in the member directory.")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the member directory.",
    )
    description = models.TextField(
        "public description", blank=True, help_text="A few sentences shown in the public member directory."
    )
    listed_in_directory = models.BooleanField(
        default=False,
        help_text="Show this organisation in the public member directory (while its membership is provisional "
        "or confirmed). Individual members are never listed.",
    )
    billing_address = models.TextField(
        blank=True, help_text="Where invoices for the membership fee are addressed, one line per line."
    )
    vat_number = models.CharField(
        "VAT number", max_length=30, blank=True, help_text="Printed on invoices, for a member that has one."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "member organisation"
        verbose_name_plural = "member organisations"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=MemberKind.INDIVIDUAL, membership_type=MembershipType.FULL),
                name="members_full_membership_only_for_organisations",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == MemberKind.INDIVIDUAL and self.membership_type == MembershipType.FULL:
            raise ValidationError(
                {"membership_type": "Only organisations can be full members; a person joins as an associate."}
            )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def votes(self) -> bool:
        return self.membership_type == MembershipType.FULL

    def main_contacts(self) -> list:
        """The people to write to about the membership: main contacts, or the individual member themself."""
        return [
            membership.user
            for membership in self.memberships.all()
            if membership.role in (Membership.Role.MAIN_CONTACT, Membership.Role.INDIVIDUAL)
        ]

    def main_contact_names(self) -> str:
        return ", ".join(str(user) for user in self.main_contacts())

    main_contact_names.short_description = "main contacts"

    def main_contact_emails(self) -> str:
        return ", ".join(user.email for user in self.main_contacts())

    main_contact_emails.short_description = "main contacts' e-mail addresses"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(member__status__in=ACTIVE_STATUSES)


class Membership(models.Model):
    """A person's place in a member: its main contact or staff, or the individual member themself."""

    class Role(models.TextChoices):
        MAIN_CONTACT = "main-contact", "Main contact"
        STAFF = "staff", "Staff"
        INDIVIDUAL = "individual", "Individual member"

    member = ParentalKey(MemberOrganisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="person",
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="The person's account (staff create accounts under Users).",
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.STAFF,
        help_text="Main contacts receive the membership e-mails and are shown to members in the directory. "
        "'Individual member' is for the one person of an individual membership.",
    )
    position = models.CharField(
        max_length=255, blank=True, help_text="The person's job title, shown to members in the directory."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["member__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "member"], name="members_membership_one_per_person_and_member"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.member})"

    def clean(self):
        super().clean()
        member = getattr(self, "member", None)
        if member is None:
            return
        is_individual_role = self.role == self.Role.INDIVIDUAL
        if member.kind == MemberKind.INDIVIDUAL and not is_individual_role:
            raise ValidationError({"role": "The person of an individual membership has the role 'Individual member'."})
        if member.kind == MemberKind.ORGANISATION and is_individual_role:
            raise ValidationError({"role": "People of an organisation are its main contact or its staff."})


class MembershipApplication(models.Model):
    """What an applicant sent: the row staff review before the Board decides (April and October)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
        help_text="The account that applied.",
    )
    member = models.ForeignKey(MemberOrganisation, on_delete=models.CASCADE, related_name="applications")
    applied_as = models.CharField(max_length=20, choices=MemberKind.choices)
    membership_type = models.CharField("type applied for", max_length=20, choices=MembershipType.choices)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    contact_name = models.CharField(max_length=255)
    contact_phone = models.CharField(max_length=50, blank=True)
    contact_position = models.CharField(max_length=255, blank=True)
    statute = models.FileField(
        upload_to=statute_upload_to,
        blank=True,
        help_text="The organisation's statute (PDF). Checked by `members.services.statute_validate`.",
    )
    motivation = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "membership application"
        verbose_name_plural = "membership applications"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member.name} ({self.created_at.day} {self.created_at:%b %Y})"

    def member_name(self) -> str:
        return self.member.name

    member_name.short_description = "applicant"
    member_name.admin_order_field = "member__name"

    def member_status(self) -> str:
        return self.member.get_status_display()

    member_status.short_description = "membership status"
    member_status.admin_order_field = "member__status"


class MembershipStatusChange(models.Model):
    """One row per change of a member's status: from what, to what, by whom, when and why."""

    member = models.ForeignKey(MemberOrganisation, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MemberStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MemberStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the site made the change itself.",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "membership status change"
        verbose_name_plural = "membership status changes"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.member}: {self.from_status or '–'} → {self.to_status}"


# ---------------------------------------------------------------------------
# The membership page
# ---------------------------------------------------------------------------


class MembershipPage(RoutablePageMixin, BasePage):
    """Membership: the types and what they give, how to apply, and the member directory (`directory/`)."""

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph, shown larger, and used in listings and search results."
    )
    hero_image = hero_image_field(
        "A 3:2 picture beside the title, such as a map of the members' countries; its alt text is read out."
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="Anything to say before the membership types.")
    membership_types = StreamField(
        MembershipTypesBlock(),
        blank=True,
        help_text="Each type of membership: who can join, its entitlements, whether it votes, the fee.",
    )
    how_to_apply = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="How to apply and what happens next (the Board meets in April and October).",
    )
    directory_introduction = models.TextField(blank=True, help_text="Shown at the top of the member directory.")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("membership_types"),
        FieldPanel("how_to_apply"),
        FieldPanel("directory_introduction"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("membership_types"),
        index.SearchField("how_to_apply"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["members.MembersAreaPage"]
    max_count = 1

    class Meta:
        verbose_name = "membership page"

    def get_meta_description(self):
        return self.search_description or self.introduction

    @path("")
    def membership(self, request):
        return self.render(request)

    @path("directory/")
    def directory(self, request):
        from . import views

        return views.member_directory(request, membership_page=self)

    @path("apply/")
    def apply(self, request):
        from . import views

        return views.application_form(request, membership_page=self)

    @path("apply/sent/")
    def apply_sent(self, request):
        from . import views

        return views.application_sent(request, membership_page=self)
