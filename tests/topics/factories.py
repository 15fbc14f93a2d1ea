"""Factories for the topics app's models and pages, for tests that need more than the demo content."""

import factory
import wagtail_factories


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
