"""One factory per page type, for tests that need pages beyond the demo content."""

import factory
import wagtail_factories

from cep_site.models import HomePage, StandardPage


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
