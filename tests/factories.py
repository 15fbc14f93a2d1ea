"""One factory per page type, for tests that need pages beyond the demo content."""

import datetime

import factory
import wagtail_factories

from core.models import StandardPage
from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    body = []

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Standard page {number}")
    introduction = factory.Faker("sentence")
    body = []

    class Meta:
        model = StandardPage


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Category {number}")

    class Meta:
        model = "news.NewsCategory"
        django_get_or_create = ["name"]


class NewsTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Type {number}")

    class Meta:
        model = "news.NewsType"
        django_get_or_create = ["name"]


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = "news.NewsIndexPage"


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"News item {number}")
    date = factory.Faker("date_between", start_date="-3y", end_date="today")
    teaser = factory.Faker("sentence")
    news_type = factory.SubFactory(NewsTypeFactory)
    body = []

    class Meta:
        model = "news.NewsPage"
        skip_postgeneration_save = True  # the hooks below save when they set something

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
            self.save()

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our priority topics"
    slug = "topics"

    class Meta:
        model = "topics.TopicIndexPage"


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Topic {number}")
    short_description = factory.Faker("sentence")
    body = []

    class Meta:
        model = "topics.TopicPage"


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = "topics.ResourceIndexPage"


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Resource {number}")
    resource_type = "report"
    publication_date = factory.Faker("date_between", start_date="-5y", end_date="today")
    description = factory.Faker("sentence")

    class Meta:
        model = "topics.ResourcePage"


class ExpertGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Expert groups and networks"
    slug = "expert-groups"

    class Meta:
        model = "topics.ExpertGroupIndexPage"


class ExpertGroupPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Expert group {number}")
    mandate = "<p>To share good practice.</p>"
    period = "2019 – present"
    body = []

    class Meta:
        model = "topics.ExpertGroupPage"


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Probation Service {number}")
    country = "NL"

    class Meta:
        model = "projects.PartnerOrganisation"


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projects"
    slug = "projects"

    class Meta:
        model = "projects.ProjectIndexPage"


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Project {number}")
    acronym = factory.Sequence(lambda number: f"PRJ{number}")
    full_name = factory.Faker("sentence")
    start_date = factory.Faker("date_between", start_date="-4y", end_date="-1y")
    cep_role = "partner"
    summary = factory.Faker("sentence")
    description = []
    latest_update = []

    class Meta:
        model = "projects.ProjectPage"


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    introduction = "Webinars, workshops and conferences for probation professionals across Europe."

    class Meta:
        model = "events.EventIndexPage"


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Event {number}")
    kind = "webinar"
    start = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 22, 13, 0, tzinfo=datetime.UTC))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(minutes=90))
    time_zone = "Europe/Brussels"
    summary = factory.Faker("sentence")
    attendance = "online"
    description = []
    speakers = []
    documents = []
    recap = []
    recording = []
    presentations = []

    class Meta:
        model = "events.EventPage"
        skip_postgeneration_save = True  # the hook below saves when it sets something

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()


class RegistrationFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventPageFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda number: f"registrant{number}@probation.example")
    organisation = "Probation Service"
    country = "NL"
    status = "confirmed"

    class Meta:
        model = "events.Registration"


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


class EventSeriesFactory(factory.django.DjangoModelFactory):
    """The CEP Webinar Series 2026 by default: third Thursday of January, March, May and November, 14:00 Brussels."""

    title = factory.Sequence(lambda number: f"Webinar series {number}")
    slug = factory.LazyAttribute(lambda series: series.title.lower().replace(" ", "-"))
    description = factory.Faker("sentence")
    recurrence_rule = "FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;COUNT=4"
    first_start = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 15, 13, 0, tzinfo=datetime.UTC))
    duration_minutes = 60
    time_zone = "Europe/Brussels"
    kind = "webinar"
    attendance = "online"
    summary = factory.Faker("sentence")

    class Meta:
        model = "events.EventSeries"
        skip_postgeneration_save = True  # the hook below saves when it sets something

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()


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


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    title = "Newsletter"
    slug = "newsletter"

    class Meta:
        model = "newsletter.NewsletterIndexPage"


class NewsletterIssuePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Newsletter issue {number}")
    introduction = "<p>Welcome to this issue of the CEP newsletter.</p>"
    body = []

    class Meta:
        model = "newsletter.NewsletterIssuePage"


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A newsletter sign-up waiting for confirmation, made through the form; pass `status` for others."""

    email = factory.Sequence(lambda number: f"subscriber{number}@probation.example")
    name = factory.Faker("name")
    source = "sign-up form"
    consent_text = "I agree to receive the CEP newsletter by e-mail."
    consent_version = "test"

    class Meta:
        model = "newsletter.Subscriber"


def publish(page):
    """Publish a page as an editor would (a revision, then publish), and return it as stored."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
