"""Factories for the core app's models and pages, for tests that need more than the demo content."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from core.models import StandardPage, VacancyIndexPage, VacancyPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Standard page {number}")
    introduction = factory.Faker("sentence")
    body = []

    class Meta:
        model = StandardPage


class VacancyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Vacancies"
    slug = "vacancies"
    introduction = "Jobs at CEP and its members."

    class Meta:
        model = VacancyIndexPage


class VacancyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Probation officer {number}")
    employer = "Reclassering Nederland"
    location = "Utrecht, the Netherlands"
    contract_type = "full-time"
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    introduction = factory.Faker("sentence")
    how_to_apply = "<p>Write to the secretariat.</p>"
    body = []

    class Meta:
        model = VacancyPage


def publish(page):
    """Publish a page as an editor would (a revision, then publish), and return it as stored.

    The page was validated when it was saved; publishing validates it again."""
    page.save_revision(clean=False).publish()
    page.refresh_from_db()
    return page
