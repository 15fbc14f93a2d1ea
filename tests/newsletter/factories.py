"""Factories for the newsletter app's models and pages, for tests that need more than the demo content."""

import factory
import wagtail_factories


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
