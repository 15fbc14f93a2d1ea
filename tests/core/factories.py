"""Factories for the core app's models and pages, for tests that need more than the demo content."""

import factory
import wagtail_factories

from core.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Standard page {number}")
    introduction = factory.Faker("sentence")
    body = []

    class Meta:
        model = StandardPage


def publish(page):
    """Publish a page as an editor would (a revision, then publish), and return it as stored.

    The page was validated when it was saved; publishing validates it again."""
    page.save_revision(clean=False).publish()
    page.refresh_from_db()
    return page
