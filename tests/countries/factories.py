"""Factories for the country index and profiles."""

import factory
import wagtail_factories

from countries.models import CountryIndexPage, CountryPage


class CountryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Probation in Europe"
    slug = "probation-in-europe"

    class Meta:
        model = CountryIndexPage


class CountryPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda page: page.country)
    country = "NL"
    summary = factory.Faker("sentence")
    organisation = "<p>Three organisations do probation.</p>"
    legal_basis = "<p>The Criminal Code.</p>"

    class Meta:
        model = CountryPage
