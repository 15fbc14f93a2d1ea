"""Factories for the award: its page with categories and calls, winners and nominations."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from awards.models import AwardCall, AwardCategory, AwardPage, AwardWinner, Nomination


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class AwardPageFactory(wagtail_factories.PageFactory):
    title = "The CEP Award"
    slug = "the-cep-award"
    introduction = "The CEP Award celebrates outstanding contributions to probation in Europe."
    rules = "<p>An organisation may send several nominations, each in one category.</p>"

    class Meta:
        model = AwardPage


class AwardCategoryFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(AwardPageFactory)
    name = factory.Sequence(lambda number: f"Category {number}")
    description = "Work that deserves it."

    class Meta:
        model = AwardCategory


class AwardCallFactory(factory.django.DjangoModelFactory):
    """Open today unless told otherwise."""

    page = factory.SubFactory(AwardPageFactory)
    year = factory.Sequence(lambda number: 2027 + number)
    opens_on = factory.LazyFunction(lambda: in_days(-10))
    closes_on = factory.LazyFunction(lambda: in_days(20))

    class Meta:
        model = AwardCall


class AwardWinnerFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(AwardPageFactory)
    year = 2025
    category = "Probation research"
    name = factory.Sequence(lambda number: f"Winning project {number}")
    organisation = "Probation Service"
    country = "IE"
    citation = "It changed how supervision is done."

    class Meta:
        model = AwardWinner


class NominationFactory(factory.django.DjangoModelFactory):
    call = factory.SubFactory(AwardCallFactory)
    category = factory.SubFactory(AwardCategoryFactory, page=factory.SelfAttribute("..call.page"))
    nominee = factory.Sequence(lambda number: f"Nominated programme {number}")
    organisation = "Probation and Mediation Service"
    country = "CZ"
    motivation = "It works. " * 20
    nominator_name = "Jana Nováková"
    nominator_email = "jana@probation.example"

    class Meta:
        model = Nomination
