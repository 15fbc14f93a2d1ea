"""Factories for the members app's models and pages, for tests that need more than the demo content."""

import datetime

import factory
import wagtail_factories

from django.core.files.uploadedfile import SimpleUploadedFile


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda number: f"person{number}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(None)

    class Meta:
        model = "members.User"
        django_get_or_create = ["email"]


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Probation Service {number}")
    kind = "organisation"
    country = "NL"
    membership_type = "full"
    status = "confirmed"
    listed_in_directory = True

    class Meta:
        model = "members.MemberOrganisation"


class MembershipFactory(factory.django.DjangoModelFactory):
    member = factory.SubFactory(MemberOrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "main-contact"

    class Meta:
        model = "members.Membership"


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    applicant = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberOrganisationFactory, status="applied", listed_in_directory=False)
    applied_as = factory.LazyAttribute(lambda application: application.member.kind)
    membership_type = factory.LazyAttribute(lambda application: application.member.membership_type)
    country = factory.LazyAttribute(lambda application: application.member.country)
    contact_name = factory.Faker("name")
    motivation = "To work with probation services across Europe."

    class Meta:
        model = "members.MembershipApplication"


class MembershipPageFactory(wagtail_factories.PageFactory):
    title = "Membership"
    slug = "membership"
    introduction = "CEP’s members are organisations working in the field of probation and interested individuals."
    body = []
    membership_types = []

    class Meta:
        model = "members.MembershipPage"


class MembersAreaPageFactory(wagtail_factories.PageFactory):
    """The members' area; restrict it with `members.area.members_area_restrict` as the site does on creation."""

    title = "Members’ area"
    slug = "members-area"
    introduction = "Documents and calls for CEP’s members."
    body = []

    class Meta:
        model = "members.MembersAreaPage"


class MembersCallPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Call to members {number}")
    summary = factory.Faker("sentence")
    body = []
    deadline = factory.LazyFunction(lambda: datetime.datetime(2027, 1, 31, 22, 59, tzinfo=datetime.UTC))
    how_to_respond = "<p>Write to the secretariat.</p>"

    class Meta:
        model = "members.MembersCallPage"


class MembersAreaDocumentFactory(factory.django.DjangoModelFactory):
    """A document of the members' area; give it a `document` from the "Members" collection."""

    title = factory.Sequence(lambda number: f"Members' document {number}")
    description = factory.Faker("sentence")
    date = datetime.date(2026, 10, 20)

    class Meta:
        model = "members.MembersAreaDocument"


class VerifiedUserFactory(UserFactory):
    """A person who signed up and confirmed their address: allauth's EmailAddress, verified and primary."""

    password = factory.django.Password("a-long-passphrase-for-tests")

    class Meta:
        model = "members.User"
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    @factory.post_generation
    def email_address(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


# The smallest file a PDF reader accepts: header, catalogue, one empty page, trailer.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="statute.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


APPLICANT_PASSWORD = "a-long-passphrase-for-tests"


def application_form_data(**changes):
    """The public application form filled in as an organisation applying for full membership; `changes` override."""
    data = {
        "applied_as": "organisation",
        "organisation_name": "Estonian Prison Service – Probation Department",
        "membership_type": "full",
        "country": "EE",
        "first_name": "Kadri",
        "last_name": "Tamm",
        "email": "kadri.tamm@example.org",
        "contact_phone": "+372 600 0000",
        "contact_position": "Head of Probation",
        "statute": pdf_upload(),
        "motivation": "To learn from probation services across Europe.",
        "password1": APPLICANT_PASSWORD,
        "password2": APPLICANT_PASSWORD,
        "privacy_consent": "on",
        "website": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
